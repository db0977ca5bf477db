using System.Diagnostics;

namespace NeuralCore.Autodiff;

/// <summary>
/// One stage of the optimizer (Theano's EquilibriumDB): its rewrites run over the graph again and
/// again until nothing changes, but never more than <see cref="MaxIterations"/> times, so a pair of
/// rewrites that undo each other cannot blow up compile time. Each iteration visits the nodes in
/// topological order and applies the first local rewrite that fires on a node; whole-graph
/// rewrites run once per iteration after the local ones.
/// </summary>
public sealed class RewriteStage
{
    private readonly List<Rewrite> _rewrites = [];

    /// <summary>Creates an empty stage.</summary>
    public RewriteStage(string name, int maxIterations = 8)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        Name = name;
        MaxIterations = maxIterations;
    }

    /// <summary>The stage name (also usable in <see cref="CompileOptions.ExcludedRewrites"/>).</summary>
    public string Name { get; }

    /// <summary>Upper bound on fixpoint iterations.</summary>
    public int MaxIterations { get; }

    /// <summary>The rewrites, in the order they are tried.</summary>
    public IReadOnlyList<Rewrite> Rewrites => _rewrites;

    /// <summary>Adds a rewrite to the stage.</summary>
    public RewriteStage Add(Rewrite rewrite)
    {
        ArgumentNullException.ThrowIfNull(rewrite);
        _rewrites.Add(rewrite);
        return this;
    }

    /// <summary>Runs the enabled rewrites of this stage on <paramref name="graph"/> to a bounded fixpoint; returns
    /// the number of replacements.</summary>
    public int Run(FunctionGraph graph, Func<Rewrite, bool> enabled, RewriteReport report)
    {
        var locals = new List<LocalRewrite>();
        var globals = new List<GraphRewrite>();
        foreach (var r in _rewrites)
        {
            if (!enabled(r)) continue;
            if (r is LocalRewrite l) locals.Add(l);
            else if (r is GraphRewrite g) globals.Add(g);
        }
        var clock = Stopwatch.StartNew();
        int total = 0, iteration = 0;
        bool converged = locals.Count + globals.Count == 0;
        var ticks = new long[locals.Count];
        var counts = new int[locals.Count];
        while (!converged && iteration < MaxIterations)
        {
            iteration++;
            int changes = 0;
            if (locals.Count > 0)
                foreach (var node in graph.Toposort())
                {
                    if (!Patterns.IsLive(graph, node)) continue; // removed by an earlier replacement in this sweep
                    graph.CountVisits(locals.Count);
                    for (int r = 0; r < locals.Count; r++)
                    {
                        long start = Stopwatch.GetTimestamp();
                        bool fired = TryLocal(graph, node, locals[r]);
                        ticks[r] += Stopwatch.GetTimestamp() - start;
                        if (!fired) continue;
                        counts[r]++;
                        changes++;
                        break;
                    }
                }
            foreach (var g in globals)
            {
                long start = Stopwatch.GetTimestamp();
                int n = g.Apply(graph);
                report.Record(g.Name, n, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                changes += n;
            }
            total += changes;
            converged = changes == 0;
        }
        for (int r = 0; r < locals.Count; r++)
            report.Record(locals[r].Name, counts[r], ticks[r] * 1000.0 / Stopwatch.Frequency);
        report.RecordStage(Name, iteration, converged, clock.Elapsed.TotalMilliseconds);
        return total;
    }

    private static bool TryLocal(FunctionGraph graph, Apply node, LocalRewrite rewrite)
    {
        Variable[]? replacements;
        using (SourceTrace.Use(node.Output.Trace ?? RewriteTrace))
            replacements = rewrite.Transform(graph, node);
        if (replacements is null) return false;
        if (replacements.Length != node.OutputArray.Length)
            throw new InvalidOperationException($"rewrite {rewrite.Name} returned {replacements.Length} replacements for {node.OutputArray.Length} outputs of {node.Op}");
        bool any = false;
        for (int i = 0; i < replacements.Length; i++)
        {
            var old = node.OutputArray[i];
            var @new = replacements[i];
            if (@new is null || ReferenceEquals(old, @new)) continue;
            // A replacement must be interchangeable with the original (Theano requires equal types).
            if (!Patterns.SameType(old, @new)) return any;
            graph.Replace(old, @new, rewrite.Name);
            any = true;
        }
        return any;
    }

    /// <summary>Trace given to nodes that rewrites create for a node that has none (avoids a stack walk per new node).</summary>
    internal static readonly SourceTrace RewriteTrace = new("graph optimizer", null, 0);
}
