using BenchmarkDotNet.Attributes;
using NeuralCore.Tensors;
using TorchSharp;

namespace NeuralCore.PeerBenchmarks;

/// <summary>C = A·B for square float32 matrices, on one thread and on all cores.</summary>
[Config(typeof(PeerConfig))]
[BenchmarkCategory("SGEMM")]
public class SgemmPeer
{
    /// <summary>Matrix order.</summary>
    [Params(256, 512, 1024, 2048)]
    public int N { get; set; }

    /// <summary>Thread count given to both libraries.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>1 and all cores.</summary>
    public static IEnumerable<int> ThreadCounts() => new[] { 1, Environment.ProcessorCount }.Distinct();

    private Tensor<float> _a = null!, _b = null!, _c = null!;
    private torch.Tensor _ta = null!, _tb = null!, _tc = null!;

    [GlobalSetup]
    public void Setup()
    {
        PeerSetup.UseThreads(Threads);
        (_a, _ta) = PeerSetup.Pair(1, N, N);
        (_b, _tb) = PeerSetup.Pair(2, N, N);
        _c = Tensor.Zeros<float>(N, N);
        _tc = torch.zeros(N, N);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ta.Dispose(); _tb.Dispose(); _tc.Dispose();
    }

    /// <summary>libtorch: C = 0·C + 1·A·B in place (addmm_ with beta 0 writes C without reading it).</summary>
    [Benchmark(Baseline = true)]
    public void TorchSharp() => _tc.addmm_(_ta, _tb, beta: 0f, alpha: 1f);

    /// <summary>NeuralCore: C = A·B into the preallocated C.</summary>
    [Benchmark]
    public void NeuralCore() => Gemm.MatMulInto(_a, _b, _c, false, false, 1f, 0f);
}
