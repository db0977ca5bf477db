using BenchmarkDotNet.Attributes;
using NeuralCore.Tensors;
using TorchSharp;

namespace NeuralCore.PeerBenchmarks;

/// <summary>2x2 max pooling (stride 2) at the two pooled activations of the CNN samples, on all
/// cores: forward alone, and forward then backward.</summary>
[Config(typeof(PeerConfig))]
public class PoolPeer
{
    private const string Forward = "MaxPool 2x2 forward";
    private const string ForwardBackward = "MaxPool 2x2 forward+backward";

    /// <summary>Input shape (batch, channels, size, size) as text, e.g. "128x16x24x24".</summary>
    [Params("128x16x24x24", "500x32x24x24")]
    public string Input { get; set; } = "";

    private static readonly Pool2DOptions s_pool = new(2, 2, 2, 2);

    private Tensor<float> _x = null!, _y = null!, _gy = null!, _gx = null!;
    private torch.Tensor _tx = null!, _txGrad = null!, _tgy = null!;

    [GlobalSetup]
    public void Setup()
    {
        PeerSetup.UseThreads(Environment.ProcessorCount);
        int[] dims = Input.Split('x').Select(int.Parse).ToArray();
        int[] pooled = [dims[0], dims[1], dims[2] / 2, dims[3] / 2];
        (_x, _tx) = PeerSetup.Pair(1, dims);
        (_gy, _tgy) = PeerSetup.Pair(2, pooled);
        _y = Tensor.Zeros<float>(pooled);
        _gx = Tensor.Zeros<float>(dims);
        _txGrad = _tx.detach().requires_grad_(true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tx.Dispose(); _txGrad.Dispose(); _tgy.Dispose();
    }

    /// <summary>libtorch forward without autograd.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(Forward)]
    public void TorchForward()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        torch.nn.functional.max_pool2d(_tx, 2);
    }

    /// <summary>NeuralCore forward into a preallocated output.</summary>
    [Benchmark, BenchmarkCategory(Forward)]
    public void NeuralCoreForward() => Pool2D.Forward(_x, s_pool, _y);

    /// <summary>libtorch forward with autograd (keeps the argmax indices), then the input gradient.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(ForwardBackward)]
    public void TorchForwardBackward()
    {
        using var scope = torch.NewDisposeScope();
        var y = torch.nn.functional.max_pool2d(_txGrad, 2);
        torch.autograd.grad([y], [_txGrad], [_tgy]);
    }

    /// <summary>NeuralCore forward, then backward from (input, output, output gradient).</summary>
    [Benchmark, BenchmarkCategory(ForwardBackward)]
    public void NeuralCoreForwardBackward()
    {
        Pool2D.Forward(_x, s_pool, _y);
        Pool2D.Backward(_x, _y, _gy, s_pool, _gx);
    }
}
