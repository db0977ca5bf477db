using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NeuralCore.PeerBenchmarks;

/// <summary>
/// Folds BenchmarkDotNet's reports into one row per (kernel, shape): NeuralCore and TorchSharp in
/// the malloc job, then both again in the jemalloc job, with the ratios, as a Markdown table for
/// docs/BENCHMARKS.md.
/// </summary>
public static class PeerSummary
{
    private readonly record struct Timing(double MinNs, double MedianNs);

    private sealed class Row
    {
        public required string Kernel { get; init; }
        public required string Parameters { get; init; }
        public required int Family { get; init; }
        public double Flops { get; set; }
        public Dictionary<(string Library, string Job), Timing> Timings { get; } = new();
    }

    /// <summary>Builds the table from every summary of the run.</summary>
    public static string ToMarkdown(IEnumerable<Summary> summaries)
    {
        var rows = new List<Row>();
        var byKey = new Dictionary<string, Row>();
        foreach (var summary in summaries)
            foreach (var report in summary.Reports)
            {
                BenchmarkCase bc = report.BenchmarkCase;
                var statistics = report.ResultStatistics;
                if (statistics is null) continue;
                string method = bc.Descriptor.WorkloadMethod.Name;
                string library = method.StartsWith("Torch", StringComparison.Ordinal) ? "TorchSharp" : "NeuralCore";
                string kernel = bc.Descriptor.Categories.Length > 0 ? bc.Descriptor.Categories[^1] : bc.Descriptor.Type.Name;
                string parameters = string.Join(", ", bc.Parameters.Items.Select(p => $"{p.Name}={p.Value}"));
                string key = kernel + "|" + parameters;
                if (!byKey.TryGetValue(key, out var row))
                {
                    row = new Row { Kernel = kernel, Parameters = parameters, Family = FamilyRank(bc.Descriptor.Type) };
                    byKey.Add(key, row);
                    rows.Add(row);
                }
                foreach (var p in bc.Parameters.Items)
                    if (p.Value is IFlopCount counted) row.Flops = counted.Flops(kernel);
                if (kernel == "SGEMM" && bc.Parameters.Items.FirstOrDefault(p => p.Name == "N")?.Value is int n)
                    row.Flops = 2.0 * n * n * n;
                row.Timings[(library, bc.Job.Id)] = new Timing(statistics.Min, statistics.Median);
            }

        var text = new StringBuilder();
        text.AppendLine("| Kernel | Shape | NeuralCore | TorchSharp | NC / Torch | NeuralCore (jemalloc job) | TorchSharp + jemalloc | NC / Torch+jemalloc | GFLOP/s: NC, Torch, Torch+jemalloc |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        // GEMM first, then conv, pooling and elementwise; BenchmarkDotNet's order inside a family.
        foreach (var row in rows.Select((r, i) => (r, i)).OrderBy(x => x.r.Family).ThenBy(x => x.i).Select(x => x.r))
        {
            Timing? nc = Get(row, "NeuralCore", PeerConfig.MallocJob), torch = Get(row, "TorchSharp", PeerConfig.MallocJob);
            Timing? ncJe = Get(row, "NeuralCore", PeerConfig.JemallocJob), torchJe = Get(row, "TorchSharp", PeerConfig.JemallocJob);
            text.Append(CultureInfo.InvariantCulture,
                $"| {row.Kernel} | {row.Parameters} | {Time(nc)} | {Time(torch)} | {Ratio(nc, torch)} | {Time(ncJe)} | {Time(torchJe)} | {Ratio(ncJe, torchJe)} | ");
            text.AppendLine(row.Flops > 0 ? $"{Gflops(row.Flops, nc)}, {Gflops(row.Flops, torch)}, {Gflops(row.Flops, torchJe)} |" : "– |");
        }
        text.AppendLine();
        text.AppendLine("Times: fastest measured iteration (per-op), with the median in parentheses; on a shared machine the fastest");
        text.AppendLine("iteration is the one least disturbed by other processes. Ratios: NeuralCore / TorchSharp within the same job");
        text.AppendLine("(same allocator), from the fastest iterations, median-based ratio in parentheses; < 1 means NeuralCore is faster.");
        text.AppendLine("NeuralCore allocates no native memory, so its two columns differ only by noise. GFLOP/s from the fastest iterations.");
        return text.ToString();
    }

    private static int FamilyRank(Type type)
    {
        int rank = Array.IndexOf(s_families, type);
        return rank < 0 ? s_families.Length : rank;
    }

    private static readonly Type[] s_families = [typeof(SgemmPeer), typeof(ConvPeer), typeof(PoolPeer), typeof(ElementwisePeer)];

    private static Timing? Get(Row row, string library, string job) => row.Timings.TryGetValue((library, job), out var t) ? t : null;

    private static string Time(Timing? t) => t is null ? "–" : $"{Time(t.Value.MinNs)} ({Time(t.Value.MedianNs)})";

    private static string Time(double ns) => ns switch
    {
        >= 1e9 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e9:0.00} s"),
        >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:0.00} ms"),
        >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:0.0} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns:0} ns"),
    };

    private static string Ratio(Timing? a, Timing? b) => a is null || b is null
        ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{a.Value.MinNs / b.Value.MinNs:0.00} ({a.Value.MedianNs / b.Value.MedianNs:0.00})");

    private static string Gflops(double flops, Timing? t) => t is null ? "–" : string.Create(CultureInfo.InvariantCulture, $"{flops / t.Value.MinNs:0.0}");
}
