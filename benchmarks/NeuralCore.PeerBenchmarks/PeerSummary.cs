using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NeuralCore.PeerBenchmarks;

/// <summary>
/// Folds BenchmarkDotNet's reports into one row per (kernel, shape): NeuralCore, TorchSharp and
/// TorchSharp with jemalloc side by side, with the ratios, as a Markdown table for docs/BENCHMARKS.md.
/// </summary>
public static class PeerSummary
{
    private sealed class Row
    {
        public required string Kernel { get; init; }
        public required string Parameters { get; init; }
        public double Flops { get; set; }
        public Dictionary<(string Library, string Job), double> MedianNs { get; } = new();
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
                double? median = report.ResultStatistics?.Median;
                if (median is null) continue;
                string method = bc.Descriptor.WorkloadMethod.Name;
                string library = method.StartsWith("Torch", StringComparison.Ordinal) ? "TorchSharp" : "NeuralCore";
                string kernel = bc.Descriptor.Categories.Length > 0 ? bc.Descriptor.Categories[^1] : bc.Descriptor.Type.Name;
                string parameters = string.Join(", ", bc.Parameters.Items.Select(p => $"{p.Name}={p.Value}"));
                string key = kernel + "|" + parameters;
                if (!byKey.TryGetValue(key, out var row))
                {
                    row = new Row { Kernel = kernel, Parameters = parameters };
                    byKey.Add(key, row);
                    rows.Add(row);
                }
                foreach (var p in bc.Parameters.Items)
                    if (p.Value is IFlopCount counted) row.Flops = counted.Flops(kernel);
                if (kernel == "SGEMM" && bc.Parameters.Items.FirstOrDefault(p => p.Name == "N")?.Value is int n)
                    row.Flops = 2.0 * n * n * n;
                row.MedianNs[(library, bc.Job.Id)] = median.Value;
            }

        var text = new StringBuilder();
        text.AppendLine("| Kernel | Shape | NeuralCore | TorchSharp | TorchSharp + jemalloc | NC / Torch | NC / Torch+jemalloc | GFLOP/s NC / Torch / Torch+je |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            double? nc = Get(row, "NeuralCore", PeerConfig.MallocJob);
            double? ncJe = Get(row, "NeuralCore", PeerConfig.JemallocJob);
            double? torch = Get(row, "TorchSharp", PeerConfig.MallocJob);
            double? torchJe = Get(row, "TorchSharp", PeerConfig.JemallocJob);
            // Each ratio compares the two libraries inside the same job (same process settings).
            text.Append(CultureInfo.InvariantCulture, $"| {row.Kernel} | {row.Parameters} | {Time(nc)}{(ncJe is null ? "" : $" ({Time(ncJe)})")} | {Time(torch)} | {Time(torchJe)} | {Ratio(nc, torch)} | {Ratio(ncJe, torchJe)} | ");
            text.AppendLine(row.Flops > 0 ? $"{Gflops(row.Flops, nc)} / {Gflops(row.Flops, torch)} / {Gflops(row.Flops, torchJe)} |" : "– |");
        }
        text.AppendLine();
        text.AppendLine("Times are BenchmarkDotNet medians. NeuralCore: time in the malloc job (in parentheses: the same benchmark in the jemalloc job, a noise gauge: NeuralCore allocates no native memory).");
        text.AppendLine("NC / Torch < 1 means NeuralCore is faster. Each ratio compares both libraries within one job.");
        return text.ToString();
    }

    private static double? Get(Row row, string library, string job) => row.MedianNs.TryGetValue((library, job), out double v) ? v : null;

    private static string Time(double? ns) => ns switch
    {
        null => "–",
        >= 1e9 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e9:0.00} s"),
        >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:0.00} ms"),
        >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:0.0} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns:0} ns"),
    };

    private static string Ratio(double? a, double? b) => a is null || b is null ? "–" : string.Create(CultureInfo.InvariantCulture, $"{a / b:0.00}");

    private static string Gflops(double flops, double? ns) => ns is null ? "–" : string.Create(CultureInfo.InvariantCulture, $"{flops / ns:0.0}");
}
