using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Optimizers.Tests;

/// <summary>The problem of lasagne/tests/test_updates.py: f(X) = Σ c · X² with c = [0.1, 0.2, 0.3] broadcast along the
/// last axis, for two parameters (here a vector and a 2×3 matrix, so that state broadcasting is exercised too).</summary>
internal sealed class Quadratic
{
    public static readonly double[] C = [0.1, 0.2, 0.3];
    public static readonly double[] A0 = [1, 1, 1];
    public static readonly double[] B0 = [0.5, -2, 1.5, -1, 0.25, 3];

    public Quadratic(DType dtype)
    {
        A = Shared(A0, [3], dtype, "A");
        B = Shared(B0, [2, 3], dtype, "B");
        var c = T.Constant(Tensors(C, [3], dtype));
        Loss = T.Sum(c * T.Square(A)) + T.Sum(c * T.Square(B));
    }

    public SharedVariable A { get; }
    public SharedVariable B { get; }
    public SharedVariable[] Parameters => [A, B];
    public Variable Loss { get; }

    public static SharedVariable Shared(double[] values, int[] dims, DType dtype, string name) => new(Tensors(values, dims, dtype), name);

    public static Tensor Tensors(double[] values, int[] dims, DType dtype) => dtype == DType.Float64
        ? Tensor.FromArray((double[])values.Clone(), dims)
        : Tensor.FromArray(Array.ConvertAll(values, v => (float)v), dims);

    public static double[] Values(SharedVariable s) => Values(s.Value);

    public static double[] Values(Tensor t)
    {
        var r = new double[t.Length];
        for (int i = 0; i < r.Length; i++) r[i] = t.GetDouble(i);
        return r;
    }

    // Reference: the starting values (rounded to the dtype, as the shared variables hold them).
    public static double[][] Start(DType dtype) => [Round(A0, dtype), Round(B0, dtype)];

    private static double[] Round(double[] v, DType dtype) => dtype == DType.Float64 ? (double[])v.Clone() : Array.ConvertAll(v, x => (double)(float)x);

    public static double[][] Gradients(double[][] p)
    {
        var g = new double[p.Length][];
        for (int k = 0; k < p.Length; k++)
        {
            g[k] = new double[p[k].Length];
            for (int i = 0; i < g[k].Length; i++) g[k][i] = 2 * C[i % 3] * p[k][i];
        }
        return g;
    }

    public static double LossOf(double[][] p)
    {
        double s = 0;
        foreach (var x in p)
            for (int i = 0; i < x.Length; i++) s += C[i % 3] * x[i] * x[i];
        return s;
    }

    public static void AssertClose(double[] expected, double[] actual, double rtol, double atol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= atol + rtol * Math.Abs(expected[i]),
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
