using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests.Rewrites;

/// <summary>Helpers for the rewrite tests: random inputs and comparing optimized with unoptimized results.</summary>
internal static class RewriteTestUtil
{
    public static readonly CompileOptions Unoptimized = new() { Optimize = false };

    public static Tensor<float> Random(int seed, params int[] shape)
    {
        var rng = new Random(seed);
        var t = new Tensor<float>(new Shape(shape));
        var s = t.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = (float)(rng.NextDouble() * 4 - 2);
        return t;
    }

    public static Tensor<double> RandomDouble(int seed, params int[] shape)
    {
        var rng = new Random(seed);
        var t = new Tensor<double>(new Shape(shape));
        var s = t.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = rng.NextDouble() * 4 - 2;
        return t;
    }

    public static double[] Values(Tensor t)
    {
        var v = new double[t.Length];
        for (int i = 0; i < v.Length; i++) v[i] = t.GetDouble(i);
        return v;
    }

    /// <summary>Compiles with and without the optimizer and checks both give the same values on <paramref name="values"/>.</summary>
    public static CompiledFunction AssertSameAsUnoptimized(Variable[] inputs, Variable output, Tensor[] values, double tolerance = 1e-5, CompileOptions? options = null)
    {
        var optimized = Function.Compile(inputs, output, options: options);
        var plain = Function.Compile(inputs, output, options: Unoptimized);
        var a = Values(optimized.Invoke(values)[0]);
        var b = Values(plain.Invoke(values)[0]);
        Assert.Equal(b.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) <= tolerance * (1 + Math.Abs(b[i])), $"element {i}: optimized {a[i]} vs unoptimized {b[i]}");
        return optimized;
    }

    public static int Count<TOp>(IEnumerable<Apply> nodes) where TOp : Op => nodes.Count(n => n.Op is TOp);

    public static int CountScalar<TScalar>(IEnumerable<Apply> nodes) where TScalar : ScalarOp
        => nodes.Count(n => n.Op is ElementwiseOp { Scalar: TScalar });

    /// <summary>Asserts |actual - expected| &lt;= tolerance * (1 + |expected|).</summary>
    public static void Close(double expected, double actual, double tolerance = 1e-5)
        => Assert.True(Math.Abs(actual - expected) <= tolerance * (1 + Math.Abs(expected)), $"expected {expected} but got {actual}");
}
