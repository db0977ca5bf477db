using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests;

internal static class TestUtil
{
    public static Tensor<double> Random(int seed, params int[] dims)
    {
        var rng = new Random(seed);
        var t = new Tensor<double>(new Shape(dims));
        var s = t.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = rng.NextDouble() * 2 - 1;
        return t;
    }

    public static Tensor<float> RandomF(int seed, params int[] dims) => Random(seed, dims).Cast<float>();

    public static double[] D(this Tensor t) => ((Tensor<double>)t).ToArray();

    public static float[] F(this Tensor t) => ((Tensor<float>)t).ToArray();

    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance = 1e-9)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"entry {i}: expected {expected[i]}, got {actual[i]}");
    }
}
