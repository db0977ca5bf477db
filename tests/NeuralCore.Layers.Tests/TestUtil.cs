using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

/// <summary>Shared helpers: random tensors, evaluation of symbolic outputs, comparisons.</summary>
internal static class TestUtil
{
    public static Tensor<double> RandomTensor(Shape shape, ulong seed, double low = -1, double high = 1) =>
        new RandomGenerator(seed).Uniform<double>(shape, low, high);

    public static Tensor<float> RandomFloat(Shape shape, ulong seed, float low = -1, float high = 1) =>
        new RandomGenerator(seed).Uniform<float>(shape, low, high);

    /// <summary>Compiles and runs <paramref name="output"/> for the given input values.</summary>
    public static Tensor Eval(Variable output, params (Variable Variable, Tensor Value)[] inputs)
    {
        var f = Function.Compile(inputs.Select(i => i.Variable).ToArray(), output);
        return f.Invoke(inputs.Select(i => i.Value).ToArray())[0];
    }

    /// <summary>The output of a network for one input value.</summary>
    public static Tensor<double> Run(Layer network, InputLayer input, Tensor value, bool deterministic = true) =>
        (Tensor<double>)Eval(LayerGraph.GetOutput(network, deterministic), (input.InputVariable, value));

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance = 1e-9)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (Math.Abs(expected[i] - actual[i]) > tolerance * (1 + Math.Abs(expected[i])))
                Assert.Fail($"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    /// <summary>The concrete shape a layer's symbolic output shape allows for a given batch size.</summary>
    public static Shape Concrete(IReadOnlyList<int?> shape, int batch)
    {
        var dims = new int[shape.Count];
        for (int i = 0; i < dims.Length; i++) dims[i] = shape[i] ?? batch;
        return new Shape(dims);
    }
}
