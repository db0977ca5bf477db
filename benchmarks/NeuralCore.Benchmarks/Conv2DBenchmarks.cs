using BenchmarkDotNet.Attributes;
using NeuralCore.Tensors;

namespace NeuralCore.Benchmarks;

/// <summary>Convolution forward, input gradient and filter gradient at the layer shapes of the
/// MNIST CNN samples (valid padding, stride 1, flipped filters as Lasagne's default), float,
/// destination overloads (no allocation per call).</summary>
[MemoryDiagnoser]
public class Conv2DBenchmarks
{
    private Tensor<float> _input = null!, _weights = null!, _output = null!, _gradOutput = null!, _gradInput = null!, _gradWeights = null!;
    private readonly Conv2DOptions _options = new(FlipFilters: true);

    /// <summary>The layer as "N:C->F,kxk@H" (batch N, C input channels, F filters of k x k, H x H input),
    /// short enough for BenchmarkDotNet's parameter column.</summary>
    [Params("128:1->16,3x3@28", "128:16->16,3x3@26", "128:16->32,3x3@12", "128:32->32,3x3@10", "500:1->32,5x5@28", "500:32->32,5x5@12")]
    public string Layer { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Layer.Split([':', '-', '>', ',', 'x', '@'], StringSplitOptions.RemoveEmptyEntries);
        int n = int.Parse(parts[0]), c = int.Parse(parts[1]), f = int.Parse(parts[2]), k = int.Parse(parts[3]), h = int.Parse(parts[5]), w = h;
        var random = new Random(42);
        _input = Fill(new Tensor<float>(new Shape(n, c, h, w)), random);
        _weights = Fill(new Tensor<float>(new Shape(f, c, k, k)), random);
        _output = new Tensor<float>(Conv2D.OutputShape(_input.Shape, _weights.Shape, _options));
        _gradOutput = Fill(new Tensor<float>(_output.Shape), random);
        _gradInput = new Tensor<float>(_input.Shape);
        _gradWeights = new Tensor<float>(_weights.Shape);
    }

    private static Tensor<float> Fill(Tensor<float> t, Random random)
    {
        var s = t.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = (float)(random.NextDouble() * 2 - 1);
        return t;
    }

    [Benchmark]
    public void Forward() => Conv2D.Forward(_input, _weights, _options, _output);

    [Benchmark]
    public void BackwardData() => Conv2D.BackwardData(_gradOutput, _weights, _options, _gradInput);

    [Benchmark]
    public void BackwardFilter() => Conv2D.BackwardFilter(_input, _gradOutput, _options, _gradWeights);

    /// <summary>One training step's worth of convolution work for the layer.</summary>
    [Benchmark]
    public void ForwardAndBackward()
    {
        Conv2D.Forward(_input, _weights, _options, _output);
        Conv2D.BackwardData(_gradOutput, _weights, _options, _gradInput);
        Conv2D.BackwardFilter(_input, _gradOutput, _options, _gradWeights);
    }
}
