using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using BenchmarkDotNet.Attributes;
using NeuralCore.Tensors;

namespace NeuralCore.Benchmarks;

/// <summary>
/// Large elementwise ops and reductions on 16M floats (64 MB per operand, far beyond cache, so the
/// ops are memory-bound), at 1 thread and at the default thread count. The single-threaded
/// TensorPrimitives calls on the raw arrays are the baseline for the per-call overhead of the kernels.
/// </summary>
[MemoryDiagnoser]
public class ElementwiseBenchmarks
{
    private const int Rows = 4096, Columns = 4096, Length = Rows * Columns;

    private readonly Tensor<float> _a = new RandomGenerator(1).Uniform<float>(new Shape(Rows, Columns), -4f, 4f);
    private readonly Tensor<float> _b = new RandomGenerator(2).Uniform<float>(new Shape(Rows, Columns), -4f, 4f);
    private readonly Tensor<float> _bias = new RandomGenerator(3).Uniform<float>(new Shape(Columns), -1f, 1f);
    private readonly Tensor<float> _result = new(new Shape(Rows, Columns));
    private readonly Tensor<float> _columnSums = new(new Shape(Columns));
    private readonly Tensor<float> _rowSums = new(new Shape(Rows));
    private readonly Tensor<float> _total = new(Shape.Scalar);

    /// <summary>Threads the kernels may use (1, or the machine's processor count).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => Parallelism.MaxThreads = Threads;

    [Benchmark(Baseline = true, Description = "TensorPrimitives.Add 16M (raw spans, 1 thread)")]
    public void PrimitivesAdd() => TensorPrimitives.Add(_a.AsReadOnlySpan(), _b.AsReadOnlySpan(), _result.AsSpan());

    [Benchmark(Description = "Elementwise.Add 16M")]
    public void Add() => Elementwise.Add(_a, _b, _result);

    [Benchmark(Description = "Elementwise.Add 4096x4096 + (4096,) row bias")]
    public void AddRowBias() => Elementwise.Add(_a, _bias, _result);

    [Benchmark(Description = "TensorPrimitives.Sigmoid 16M (raw spans, 1 thread)")]
    public void PrimitivesSigmoid() => TensorPrimitives.Sigmoid(_a.AsReadOnlySpan(), _result.AsSpan());

    [Benchmark(Description = "Elementwise.Sigmoid 16M")]
    public void Sigmoid() => Elementwise.Sigmoid(_a, _result);

    [Benchmark(Description = "Elementwise.Softplus 16M")]
    public void Softplus() => Elementwise.Softplus(_a, _result);

    [Benchmark(Description = "Reductions.Sum all 16M")]
    public void SumAll() => Reductions.Sum(_a, [], _total);

    [Benchmark(Description = "Reductions.Sum axis 0 (column sums) 4096x4096")]
    public void SumColumns() => Reductions.Sum(_a, [0], _columnSums);

    [Benchmark(Description = "Reductions.Sum axis 1 (row sums) 4096x4096")]
    public void SumRows() => Reductions.Sum(_a, [1], _rowSums);

    [Benchmark(Description = "SoftmaxKernels.Softmax axis 1 4096x4096")]
    public void Softmax() => SoftmaxKernels.Softmax(_a, 1, _result);
}

/// <summary>
/// Per-call cost at the sizes of an MLP training step (batch 128, 800 hidden units, 10 classes),
/// where fixed overhead (shape checks, layout, thread hand-off) matters more than bandwidth.
/// Destination-passing calls: any allocation reported here is kernel overhead.
/// </summary>
[MemoryDiagnoser]
public class SmallElementwiseBenchmarks
{
    private readonly Tensor<float> _hidden = new RandomGenerator(1).Uniform<float>(new Shape(128, 800), -2f, 2f);
    private readonly Tensor<float> _bias = new RandomGenerator(2).Uniform<float>(new Shape(800), -1f, 1f);
    private readonly Tensor<float> _hiddenOut = new(new Shape(128, 800));
    private readonly Tensor<float> _biasGrad = new(new Shape(800));
    private readonly Tensor<float> _logits = new RandomGenerator(3).Uniform<float>(new Shape(128, 10), -5f, 5f);
    private readonly Tensor<float> _logitsOut = new(new Shape(128, 10));

    /// <summary>Threads the kernels may use.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => Parallelism.MaxThreads = Threads;

    [Benchmark(Description = "Add (128, 800) + (800,) bias")]
    public void AddBias() => Elementwise.Add(_hidden, _bias, _hiddenOut);

    [Benchmark(Description = "Relu (128, 800)")]
    public void Relu() => Elementwise.Relu(_hidden, 0f, _hiddenOut);

    [Benchmark(Description = "ReluBackward (128, 800)")]
    public void ReluBackward() => Elementwise.ReluBackward(_hidden, _hidden, 0f, _hiddenOut);

    [Benchmark(Description = "Sum axis 0 of (128, 800): bias gradient")]
    public void BiasGradient() => Reductions.Sum(_hidden, [0], _biasGrad);

    [Benchmark(Description = "SumToShape (128, 800) -> (800,)")]
    public void SumToShape() => Reductions.SumToShape(_hidden, _biasGrad);

    [Benchmark(Description = "LogSoftmax (128, 10) axis 1")]
    public void LogSoftmax() => SoftmaxKernels.LogSoftmax(_logits, 1, _logitsOut);
}
