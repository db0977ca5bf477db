namespace NeuralCore.Autodiff;

/// <summary>
/// The ordered stages of the optimizer and the rewrites registered in each (Theano's optdb). The
/// default pipeline, in order:
/// <list type="number">
/// <item><c>merge1</c>: merge identical subgraphs and equal constants (CSE).</item>
/// <item><c>softmax</c>: log-softmax and softmax + cross-entropy fusion of forward and gradient graphs
/// (before canonicalization changes the gradient patterns).</item>
/// <item><c>canonicalize</c>: constant folding, useless-op removal, dimshuffle chains, mul/add canonical forms.</item>
/// <item><c>merge2</c>: merge again (canonical forms expose more duplicates).</item>
/// <item><c>stabilize</c>: log1p, softplus, log-softmax and softmax + cross-entropy rewrites.</item>
/// <item><c>specialize</c>: useless-op removal and constant folding once more after stabilization.</item>
/// <item><c>gemm</c>: dot(x, W) + b becomes one GEMM with beta = 1 over the prefilled bias (<see cref="GemmBiasFusion"/>).</item>
/// <item><c>fusion</c>: chains of elementwise ops become one <see cref="Ops.CompositeOp"/> loop.</item>
/// <item><c>gemm_epilogue</c>: a fused elementwise consumer of a dot + bias becomes its in-place epilogue.</item>
/// <item><c>merge3</c>: a final merge.</item>
/// </list>
/// In-place execution and buffer reuse are decided later by the memory planner (rewrite name
/// <c>inplace</c>). Any rewrite, tag or stage can be excluded by name in <see cref="CompileOptions.ExcludedRewrites"/>;
/// <see cref="CompileOptions.FastCompile"/> keeps only rewrites tagged <c>fast_compile</c> (merge and constant folding).
/// </summary>
public sealed class RewriteRegistry
{
    private readonly List<RewriteStage> _stages = [];

    /// <summary>The name under which the memory planner's in-place decisions can be excluded.</summary>
    public const string InPlace = "inplace";

    /// <summary>Tag of the rewrites that run in <see cref="CompileOptions.FastCompile"/> mode.</summary>
    public const string FastCompileTag = "fast_compile";

    /// <summary>The default pipeline used by <see cref="Function.Compile(IReadOnlyList{Variable}, IReadOnlyList{Variable}, IEnumerable{ValueTuple{SharedVariable, Variable}}?, IEnumerable{ValueTuple{Variable, Variable}}?, CompileOptions?)"/>.</summary>
    public static RewriteRegistry Default { get; } = CreateDefault();

    /// <summary>The stages, in execution order.</summary>
    public IReadOnlyList<RewriteStage> Stages => _stages;

    /// <summary>Appends a stage.</summary>
    public RewriteStage AddStage(string name, int maxIterations = 8)
    {
        var stage = new RewriteStage(name, maxIterations);
        _stages.Add(stage);
        return stage;
    }

    /// <summary>The stage called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">When there is no such stage.</exception>
    public RewriteStage Stage(string name)
    {
        foreach (var s in _stages) if (s.Name == name) return s;
        throw new KeyNotFoundException($"rewrite registry: no stage named '{name}' (stages: {string.Join(", ", _stages.Select(s => s.Name))})");
    }

    /// <summary>Every registered rewrite name (each once).</summary>
    public IReadOnlyList<string> RewriteNames => _stages.SelectMany(s => s.Rewrites).Select(r => r.Name).Distinct().ToArray();

    /// <summary>Builds the default pipeline.</summary>
    public static RewriteRegistry CreateDefault()
    {
        var registry = new RewriteRegistry();
        var merge = new MergeRewrite();
        var folding = new ConstantFolding();
        var useless = UselessOps.All;
        registry.AddStage("merge1", 2).Add(merge);

        var softmax = registry.AddStage("softmax");
        foreach (var r in SoftmaxRewrites.All) softmax.Add(r);

        var canonicalize = registry.AddStage("canonicalize").Add(folding);
        foreach (var r in useless) canonicalize.Add(r);
        canonicalize.Add(new MulCanonicalizer()).Add(new AddCanonicalizer());

        registry.AddStage("merge2", 2).Add(merge);

        var stabilize = registry.AddStage("stabilize").Add(folding);
        foreach (var r in Stability.All) stabilize.Add(r);
        foreach (var r in SoftmaxRewrites.All) stabilize.Add(r);

        var specialize = registry.AddStage("specialize").Add(folding);
        foreach (var r in useless) specialize.Add(r);

        registry.AddStage("gemm", 2).Add(GemmBiasFusion.DotBias);
        registry.AddStage("fusion", 2).Add(new ElementwiseFusion());
        registry.AddStage("gemm_epilogue", 2).Add(GemmBiasFusion.Epilogue);
        registry.AddStage("merge3", 2).Add(merge);
        return registry;
    }
}
