namespace NeuralCore.Autodiff;

/// <summary>Options of <see cref="Function.Compile(IReadOnlyList{Variable}, IReadOnlyList{Variable}, IEnumerable{ValueTuple{SharedVariable, Variable}}?, IEnumerable{ValueTuple{Variable, Variable}}?, CompileOptions?)"/>.</summary>
public sealed record CompileOptions
{
    /// <summary>The defaults: optimizer on, no guard, outputs returned in function-owned buffers.</summary>
    public static CompileOptions Default { get; } = new();

    /// <summary>Run the graph optimizer (rewrites). Turn off to debug a rewrite problem.</summary>
    public bool Optimize { get; init; } = true;

    /// <summary>Names of rewrites, rewrite tags or optimizer stages to skip (see <see cref="RewriteRegistry"/>;
    /// "inplace" turns off in-place execution in the memory plan).</summary>
    public IReadOnlyCollection<string> ExcludedRewrites { get; init; } = [];

    /// <summary>Theano's FAST_COMPILE mode: run only the rewrites tagged "fast_compile" (merge and constant folding).</summary>
    public bool FastCompile { get; init; }

    /// <summary>Check every op's outputs for NaN/Inf after it runs and stop at the first one with a
    /// <see cref="NanGuardException"/> naming the op and where it was built (slow; for debugging).</summary>
    public bool NanGuard { get; init; }

    /// <summary>Return copies of the outputs instead of function-owned buffers that the next call overwrites.</summary>
    public bool CopyOutputs { get; init; }

    /// <summary>Ignore <see cref="SharedVariable.DefaultUpdate"/> (Theano's no_default_updates).</summary>
    public bool NoDefaultUpdates { get; init; }

    /// <summary>When set, the debug print of the graph before and after optimization is written here.</summary>
    public TextWriter? GraphLog { get; init; }
}
