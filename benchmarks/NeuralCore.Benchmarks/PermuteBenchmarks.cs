using BenchmarkDotNet.Attributes;
using NeuralCore.Tensors;

namespace NeuralCore.Benchmarks;

/// <summary>Cost of a copying transpose of a 1024 x 1024 matrix.</summary>
[MemoryDiagnoser]
public class PermuteBenchmarks
{
    private readonly Tensor<float> _source = Tensor.Arange<float>(1024 * 1024).Reshape(1024, 1024);
    private readonly Tensor<float> _destination = Tensor.Zeros<float>(1024, 1024);

    [Benchmark]
    public void Transpose1024() => Transposition.Permute(_source, [1, 0], _destination);
}
