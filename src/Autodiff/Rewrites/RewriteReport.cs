using System.Globalization;
using System.Text;

namespace NeuralCore.Autodiff;

/// <summary>What one run of the optimizer did: per rewrite how often it fired and how long it took,
/// per stage how many fixpoint iterations it needed (Theano's <c>profile_optimizer</c>).</summary>
public sealed class RewriteReport
{
    private readonly Dictionary<string, (int Count, double Milliseconds)> _rewrites = [];
    private readonly List<(string Stage, int Iterations, bool Converged, double Milliseconds)> _stages = [];

    /// <summary>How often each rewrite replaced something (rewrites that never fired are absent).</summary>
    public IReadOnlyDictionary<string, int> Counts => _rewrites.Where(kv => kv.Value.Count > 0).ToDictionary(kv => kv.Key, kv => kv.Value.Count);

    /// <summary>The stages run, in order, with their iteration counts; <c>Converged</c> is false when the
    /// iteration cap stopped a stage before it reached a fixpoint.</summary>
    public IReadOnlyList<(string Stage, int Iterations, bool Converged, double Milliseconds)> Stages => _stages;

    /// <summary>Node count before optimization.</summary>
    public int NodesBefore { get; internal set; }

    /// <summary>Node count after optimization.</summary>
    public int NodesAfter { get; internal set; }

    /// <summary>Total optimizer time in milliseconds.</summary>
    public double TotalMilliseconds { get; internal set; }

    /// <summary>How often <paramref name="rewrite"/> fired (0 when it never did).</summary>
    public int CountOf(string rewrite) => _rewrites.TryGetValue(rewrite, out var r) ? r.Count : 0;

    internal void Record(string rewrite, int count, double milliseconds)
    {
        _rewrites.TryGetValue(rewrite, out var r);
        _rewrites[rewrite] = (r.Count + count, r.Milliseconds + milliseconds);
    }

    internal void RecordStage(string stage, int iterations, bool converged, double milliseconds) => _stages.Add((stage, iterations, converged, milliseconds));

    /// <summary>A table: stages with iterations and time, then each rewrite that fired with its count and time.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.Append(c, $"optimizer: {NodesBefore} -> {NodesAfter} nodes in {TotalMilliseconds:F2} ms").AppendLine();
        foreach (var (stage, iterations, converged, ms) in _stages)
            sb.Append(c, $"  stage {stage,-14} {iterations,2} iteration(s){(converged ? "" : " (cap reached)")} {ms,8:F2} ms").AppendLine();
        foreach (var (name, (count, ms)) in _rewrites.OrderByDescending(kv => kv.Value.Count))
            if (count > 0) sb.Append(c, $"  {name,-40} {count,5} x {ms,8:F2} ms").AppendLine();
        return sb.ToString();
    }
}
