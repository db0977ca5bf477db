namespace NeuralCore.Autodiff;

/// <summary>
/// Entry point of the graph rewriter, called by Function.Compile between cloning and scheduling.
/// (Placeholder: the rewrite passes are added by the rewrite engine.)
/// </summary>
public static class GraphOptimizer
{
    /// <summary>Rewrites <paramref name="graph"/> in place according to <paramref name="options"/>.</summary>
    public static void Optimize(FunctionGraph graph, CompileOptions options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
    }

    /// <summary>The optimized form of <paramref name="outputs"/> (on a clone; the originals are untouched),
    /// e.g. <c>Print.Pretty(GraphOptimizer.Simplify(Grad.Of(5 * x * x, x))[0])</c>.</summary>
    public static Variable[] Simplify(IReadOnlyList<Variable> outputs, CompileOptions? options = null)
    {
        var clone = GraphTraversal.Clone(outputs);
        var graph = new FunctionGraph(GraphTraversal.Leaves(clone).Where(v => v.IsInput).ToArray(), clone);
        Optimize(graph, options ?? CompileOptions.Default);
        return [.. graph.Outputs];
    }

    /// <summary>The optimized form of one expression.</summary>
    public static Variable Simplify(Variable output, CompileOptions? options = null) => Simplify([output], options)[0];
}
