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
