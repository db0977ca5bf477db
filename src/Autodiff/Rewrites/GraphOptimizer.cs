using System.Diagnostics;

namespace NeuralCore.Autodiff;

/// <summary>
/// Entry point of the graph optimizer, called by <see cref="Function"/> between cloning the graph and
/// scheduling it, and usable on its own: <c>Print.Pretty(GraphOptimizer.Simplify(Grad.Of(5 * x * x, x)))</c>
/// prints <c>(10 * x)</c>. Runs the stages of <see cref="RewriteRegistry.Default"/> in order.
/// </summary>
public static class GraphOptimizer
{
    /// <summary>Rewrites <paramref name="graph"/> in place according to <paramref name="options"/>; when
    /// <see cref="CompileOptions.GraphLog"/> is set the report of what fired is written there.</summary>
    public static RewriteReport Optimize(FunctionGraph graph, CompileOptions options) => Optimize(graph, options, RewriteRegistry.Default);

    /// <summary>Rewrites <paramref name="graph"/> in place with the stages of <paramref name="registry"/>.</summary>
    public static RewriteReport Optimize(FunctionGraph graph, CompileOptions options, RewriteRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        var report = new RewriteReport { NodesBefore = graph.Nodes.Count };
        var clock = Stopwatch.StartNew();
        var excluded = new HashSet<string>(options.ExcludedRewrites, StringComparer.Ordinal);
        foreach (var stage in registry.Stages)
        {
            if (excluded.Contains(stage.Name)) continue;
            stage.Run(graph, r => IsEnabled(r, excluded, options.FastCompile), report);
        }
        report.TotalMilliseconds = clock.Elapsed.TotalMilliseconds;
        report.NodesAfter = graph.Nodes.Count;
        options.GraphLog?.WriteLine("=== rewrites ===\n" + report);
        return report;
    }

    private static bool IsEnabled(Rewrite r, HashSet<string> excluded, bool fastCompile)
    {
        if (excluded.Contains(r.Name)) return false;
        foreach (var t in r.Tags) if (excluded.Contains(t)) return false;
        if (!fastCompile) return true;
        foreach (var t in r.Tags) if (t == RewriteRegistry.FastCompileTag) return true;
        return false;
    }

    /// <summary>The optimized form of <paramref name="outputs"/> (on a clone; the originals are untouched). The
    /// execution-level <c>fusion</c> stage is skipped unless <paramref name="options"/> are given, so the
    /// result prints as algebra.</summary>
    public static Variable[] Simplify(IReadOnlyList<Variable> outputs, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var clone = GraphTraversal.Clone(outputs);
        var graph = new FunctionGraph(GraphTraversal.Leaves(clone).Where(v => v.IsInput).ToArray(), clone);
        Optimize(graph, options ?? SimplifyOptions);
        return [.. graph.Outputs];
    }

    /// <summary>The optimized form of one expression.</summary>
    public static Variable Simplify(Variable output, CompileOptions? options = null) => Simplify([output], options)[0];

    private static readonly CompileOptions SimplifyOptions = new() { ExcludedRewrites = ["fusion", GemmBiasFusion.Tag] };
}
