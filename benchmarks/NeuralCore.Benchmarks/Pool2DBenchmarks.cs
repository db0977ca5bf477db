using BenchmarkDotNet.Attributes;
using NeuralCore.Tensors;

namespace NeuralCore.Benchmarks;

/// <summary>2x2 max pooling (Lasagne's MaxPool2DLayer(2)) forward and backward at the MNIST CNN
/// sample shapes, float, destination overloads.</summary>
[MemoryDiagnoser]
public class Pool2DBenchmarks
{
    private Tensor<float> _input = null!, _output = null!, _gradOutput = null!, _gradInput = null!;
    private readonly Pool2DOptions _options = Pool2DOptions.Square(2);

    /// <summary>Input shape (N, C, H, W) as "N,C,H,W".</summary>
    [Params("128,16,24,24", "500,32,24,24")]
    public string Input { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var dims = Array.ConvertAll(Input.Split(','), int.Parse);
        var random = new Random(42);
        _input = new Tensor<float>(new Shape(dims));
        var s = _input.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = (float)random.NextDouble();
        _output = new Tensor<float>(Pool2D.OutputShape(_input.Shape, _options));
        _gradOutput = Tensor.Ones<float>(_output.Shape.ToArray());
        _gradInput = new Tensor<float>(_input.Shape);
    }

    [Benchmark]
    public void Forward() => Pool2D.Forward(_input, _options, _output);

    [Benchmark]
    public void Backward() => Pool2D.Backward(_input, _output, _gradOutput, _options, _gradInput);
}
