using BenchmarkDotNet.Attributes;
using NeuralCore.Tensors;
using TorchSharp;

namespace NeuralCore.PeerBenchmarks;

/// <summary>
/// Large elementwise ops (4M floats = 16 MB per operand, beyond the caches) on all cores, in place
/// in both libraries: TorchSharp has no out= overloads for these, and in place is the
/// allocation-free form both offer, so the kernels are compared and not the allocators.
/// </summary>
[Config(typeof(PeerConfig))]
public class ElementwisePeer
{
    private const string Add = "Add (in place)";
    private const string Sigmoid = "Sigmoid (in place)";

    /// <summary>Element count.</summary>
    [Params(4 * 1024 * 1024)]
    public int Length { get; set; }

    private Tensor<float> _a = null!, _b = null!, _x = null!;
    private torch.Tensor _ta = null!, _tb = null!, _tx = null!;

    [GlobalSetup]
    public void Setup()
    {
        PeerSetup.UseThreads(Environment.ProcessorCount);
        (_a, _ta) = PeerSetup.Pair(1, Length);
        (_b, _tb) = PeerSetup.Pair(2, Length);
        (_x, _tx) = PeerSetup.Pair(3, Length);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ta.Dispose(); _tb.Dispose(); _tx.Dispose();
    }

    /// <summary>libtorch a += b.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(Add)]
    public void TorchAdd() => _ta.add_(_tb);

    /// <summary>NeuralCore a = a + b (destination aliases the first operand).</summary>
    [Benchmark, BenchmarkCategory(Add)]
    public void NeuralCoreAdd() => Elementwise.Add(_a, _b, _a);

    /// <summary>libtorch x = sigmoid(x); repeated, x settles near 0.66, no special values.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(Sigmoid)]
    public void TorchSigmoid() => _tx.sigmoid_();

    /// <summary>NeuralCore x = sigmoid(x) in place.</summary>
    [Benchmark, BenchmarkCategory(Sigmoid)]
    public void NeuralCoreSigmoid() => Elementwise.Sigmoid(_x, _x);
}
