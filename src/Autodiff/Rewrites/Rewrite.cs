namespace NeuralCore.Autodiff;

/// <summary>
/// A named graph rewrite (Theano's optimizer). Rewrites are registered in a <see cref="RewriteStage"/>
/// of the <see cref="RewriteRegistry"/> and can be switched off by name, by tag or by stage name
/// through <see cref="CompileOptions.ExcludedRewrites"/>.
/// </summary>
public abstract class Rewrite
{
    /// <summary>Creates a rewrite.</summary>
    protected Rewrite(string name, params string[] tags)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Tags = tags;
    }

    /// <summary>Unique name, e.g. "local_log1p".</summary>
    public string Name { get; }

    /// <summary>Tags for selecting groups of rewrites, e.g. "stabilize", "fast_compile".</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}

/// <summary>
/// A local rewrite (Theano's <c>local_optimizer</c>): looks at one node and either returns
/// replacements for its outputs (same count, dtype, rank and broadcastable pattern) or null.
/// New nodes built inside <see cref="Transform"/> inherit the source trace of the replaced node.
/// </summary>
public abstract class LocalRewrite : Rewrite
{
    /// <summary>Creates a local rewrite.</summary>
    protected LocalRewrite(string name, params string[] tags) : base(name, tags) { }

    /// <summary>Replacements for the outputs of <paramref name="node"/>, or null when the rewrite does not apply.</summary>
    public abstract Variable[]? Transform(FunctionGraph graph, Apply node);
}

/// <summary>A whole-graph rewrite (merge, fusion): changes the graph through <see cref="FunctionGraph.Replace"/>
/// and returns how many replacements it made.</summary>
public abstract class GraphRewrite : Rewrite
{
    /// <summary>Creates a whole-graph rewrite.</summary>
    protected GraphRewrite(string name, params string[] tags) : base(name, tags) { }

    /// <summary>Rewrites <paramref name="graph"/>; returns the number of replacements made.</summary>
    public abstract int Apply(FunctionGraph graph);
}
