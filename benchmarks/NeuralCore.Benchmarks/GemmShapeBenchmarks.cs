using BenchmarkDotNet.Attributes;
using NeuralCore.Tensors;

namespace NeuralCore.Benchmarks;

/// <summary>
/// SGEMM at the shapes of the MNIST MLP (784-800-800-10, batch 500 and 128): the forward product
/// x·W, and the two gradient products xᵀ·gy (transposed A) and gy·Wᵀ (transposed B); and the three
/// products of the lecture network's 1000-1000 dense layer at Nielsen's batch of 10; on one thread
/// and on all cores. GFLOP/s = 2·m·n·k / Mean (printed in the Case name's legend: m x k times k x n).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class GemmShapeBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private int _m, _n, _k;
    private bool _transA, _transB;

    /// <summary>"m x k · k x n [transposes]".</summary>
    [Params("500x784·784x800", "784x500ᵀ·500x800", "500x800·784x800ᵀ", "128x784·784x800", "500x800·800x800",
        "10x1000·1000x1000", "1000x10ᵀ·10x1000", "10x1000·1000x1000ᵀ")]
    public string Case { get; set; } = "500x784·784x800";

    /// <summary>Value of <see cref="Parallelism.MaxThreads"/> during the run.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>One thread and every core of the machine.</summary>
    public static IEnumerable<int> ThreadCounts() => Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.MaxThreads = Threads;
        (_m, _k, _n, _transA, _transB) = Case switch
        {
            "500x784·784x800" => (500, 784, 800, false, false),
            "784x500ᵀ·500x800" => (784, 500, 800, true, false),
            "500x800·784x800ᵀ" => (500, 800, 784, false, true),
            "128x784·784x800" => (128, 784, 800, false, false),
            "10x1000·1000x1000" => (10, 1000, 1000, false, false),
            "1000x10ᵀ·10x1000" => (1000, 10, 1000, true, false),
            "10x1000·1000x1000ᵀ" => (10, 1000, 1000, false, true),
            _ => (500, 800, 800, false, false),
        };
        var random = new Random(42);
        _a = new float[_m * _k];
        _b = new float[_k * _n];
        _c = new float[_m * _n];
        for (int i = 0; i < _a.Length; i++) _a[i] = (float)random.NextDouble();
        for (int i = 0; i < _b.Length; i++) _b[i] = (float)random.NextDouble();
    }

    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxThreads = Environment.ProcessorCount;

    [Benchmark]
    public void Sgemm() => Gemm.Sgemm(_transA, _transB, _m, _n, _k, 1f, _a, _transA ? _m : _k, _b, _transB ? _k : _n, 0f, _c, _n);
}
