using BenchmarkDotNet.Attributes;
using NeuralCore.Tensors;
using TorchSharp;

namespace NeuralCore.PeerBenchmarks;

/// <summary>
/// Conv2D at the CNN sample shapes, on all cores: forward alone, and a training step's worth
/// (forward, then the gradients with respect to both the data and the filters).
/// </summary>
[Config(typeof(PeerConfig))]
public class ConvPeer
{
    private const string Forward = "Conv forward";
    private const string ForwardBackward = "Conv forward+backward";

    /// <summary>Layer shape.</summary>
    [ParamsSource(nameof(Cases))]
    public ConvCase Case { get; set; } = null!;

    /// <summary>The CNN sample layers.</summary>
    public static IEnumerable<ConvCase> Cases() => ConvCase.Samples();

    private static readonly long[] s_ones = [1, 1], s_zeros = [0, 0];
    private static readonly Conv2DOptions s_valid = new();

    private Tensor<float> _x = null!, _w = null!, _y = null!, _gy = null!, _gx = null!, _gw = null!;
    private torch.Tensor _tx = null!, _tw = null!, _txGrad = null!, _twGrad = null!, _tgy = null!;

    [GlobalSetup]
    public void Setup()
    {
        PeerSetup.UseThreads(Environment.ProcessorCount);
        var c = Case;
        (_x, _tx) = PeerSetup.Pair(1, c.Batch, c.InChannels, c.Size, c.Size);
        (_w, _tw) = PeerSetup.Pair(2, c.OutChannels, c.InChannels, c.Kernel, c.Kernel);
        (_gy, _tgy) = PeerSetup.Pair(3, c.Batch, c.OutChannels, c.OutSize, c.OutSize);
        _y = Tensor.Zeros<float>(c.Batch, c.OutChannels, c.OutSize, c.OutSize);
        _gx = Tensor.Zeros<float>(c.Batch, c.InChannels, c.Size, c.Size);
        _gw = Tensor.Zeros<float>(c.OutChannels, c.InChannels, c.Kernel, c.Kernel);
        _txGrad = _tx.detach().requires_grad_(true);
        _twGrad = _tw.detach().requires_grad_(true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var t in new[] { _tx, _tw, _txGrad, _twGrad, _tgy }) t.Dispose();
    }

    /// <summary>libtorch forward without autograd (its usual inference path).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(Forward)]
    public void TorchForward()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        torch.nn.functional.conv2d(_tx, _tw, null, s_ones, s_zeros, s_ones, 1);
    }

    /// <summary>NeuralCore forward into a preallocated output.</summary>
    [Benchmark, BenchmarkCategory(Forward)]
    public void NeuralCoreForward() => Conv2D.Forward(_x, _w, s_valid, _y);

    /// <summary>libtorch: forward with autograd, then d(data) and d(filters) through
    /// autograd.grad (no accumulation into .grad, so nothing to zero between iterations).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(ForwardBackward)]
    public void TorchForwardBackward()
    {
        using var scope = torch.NewDisposeScope();
        var y = torch.nn.functional.conv2d(_txGrad, _twGrad, null, s_ones, s_zeros, s_ones, 1);
        torch.autograd.grad([y], [_txGrad, _twGrad], [_tgy]);
    }

    /// <summary>NeuralCore: forward, backward-data and backward-filter into preallocated tensors.</summary>
    [Benchmark, BenchmarkCategory(ForwardBackward)]
    public void NeuralCoreForwardBackward()
    {
        Conv2D.Forward(_x, _w, s_valid, _y);
        Conv2D.BackwardData(_gy, _w, s_valid, _gx);
        Conv2D.BackwardFilter(_x, _gy, s_valid, _gw);
    }
}
