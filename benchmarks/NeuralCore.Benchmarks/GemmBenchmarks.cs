using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using NeuralCore.Tensors;

namespace NeuralCore.Benchmarks;

/// <summary>Square SGEMM C = A · B at several sizes, on one thread and on all cores, with the
/// throughput in GFLOP/s (2·n³ floating-point operations per call).</summary>
[MemoryDiagnoser]
[Config(typeof(GemmConfig))]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];

    /// <summary>Matrix size n of the n x n x n product.</summary>
    [Params(256, 512, 1024, 2048)]
    public int Size { get; set; }

    /// <summary>Value of <see cref="Parallelism.MaxThreads"/> during the run.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>One thread and every core of the machine.</summary>
    public static IEnumerable<int> ThreadCounts() => Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.MaxThreads = Threads;
        var random = new Random(42);
        _a = new float[Size * Size];
        _b = new float[Size * Size];
        _c = new float[Size * Size];
        for (int i = 0; i < _a.Length; i++)
        {
            _a[i] = (float)random.NextDouble();
            _b[i] = (float)random.NextDouble();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxThreads = Environment.ProcessorCount;

    [Benchmark]
    public void Sgemm() => Gemm.Sgemm(false, false, Size, Size, Size, 1f, _a, Size, _b, Size, 0f, _c, Size);

    private sealed class GemmConfig : ManualConfig
    {
        public GemmConfig() => AddColumn(new GflopsColumn(fromFastest: false), new GflopsColumn(fromFastest: true));
    }

    /// <summary>2·n³ / time: the figure GEMM implementations are compared by. From the mean, and
    /// from the fastest iteration, which on a shared, busy machine is the least disturbed one.</summary>
    private sealed class GflopsColumn(bool fromFastest) : IColumn
    {
        public string Id => nameof(GflopsColumn) + (fromFastest ? "Best" : "Mean");
        public string ColumnName => fromFastest ? "GFLOP/s (best)" : "GFLOP/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => fromFastest ? 1 : 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => fromFastest
            ? "GFLOP/s of the fastest iteration"
            : "Billions of floating-point operations per second (2·Size³ per call) at the mean time";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            if (statistics is null || benchmarkCase.Parameters["Size"] is not int size)
                return "NA";
            double flops = 2.0 * size * size * size;
            return (flops / (fromFastest ? statistics.Min : statistics.Mean)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
