using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Optimizers.Tests;

public class NormConstraintTests
{
    private static double[] RandomValues(int seed, int count, double scale)
    {
        var rng = new Random(seed);
        var v = new double[count];
        for (int i = 0; i < count; i++) v[i] = (rng.NextDouble() * 2 - 1) * scale;
        return v;
    }

    private static double[] Evaluate(Variable expression)
        => Quadratic.Values(Function.Compile([], expression).Invoke()[0]);

    // Reference: groups are the index sets sharing the coordinates outside the norm axes.
    private static double[] ReferenceConstraint(double[] x, int[] dims, int[] normAxes, double maxNorm, double eps = 1e-7)
    {
        int rank = dims.Length;
        var strides = new int[rank];
        for (int a = rank - 1, s = 1; a >= 0; s *= dims[a], a--) strides[a] = s;
        string Key(int flat)
        {
            var parts = new List<int>();
            for (int a = 0; a < rank; a++)
                if (Array.IndexOf(normAxes, a) < 0) parts.Add(flat / strides[a] % dims[a]);
            return string.Join(",", parts);
        }
        var sums = new Dictionary<string, double>();
        for (int i = 0; i < x.Length; i++) sums[Key(i)] = sums.GetValueOrDefault(Key(i)) + x[i] * x[i];
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double norm = Math.Sqrt(sums[Key(i)]);
            result[i] = x[i] * Math.Min(norm, maxNorm) / (eps + norm);
        }
        return result;
    }

    [Theory]
    [InlineData(new[] { 5, 4 }, null, new[] { 0 })]
    [InlineData(new[] { 3, 2, 4 }, null, new[] { 1, 2 })]
    [InlineData(new[] { 3, 2, 2, 2 }, null, new[] { 1, 2, 3 })]
    [InlineData(new[] { 2, 2, 1, 2, 3 }, null, new[] { 1, 2, 3, 4 })]
    [InlineData(new[] { 5, 4 }, new[] { 1 }, new[] { 1 })]
    [InlineData(new[] { 3, 2, 2, 2 }, new[] { -1, 0 }, new[] { 3, 0 })]
    [InlineData(new[] { 7 }, new[] { 0 }, new[] { 0 })]
    public void MatchesTheLoopReference(int[] dims, int[]? axes, int[] expectedAxes)
    {
        int count = 1;
        foreach (var d in dims) count *= d;
        var x = RandomValues(dims.Length * 31 + count, count, 1.5);
        const double maxNorm = 1.2;
        var result = Evaluate(Updates.NormConstraint(T.Constant(Tensor.FromArray(x, dims)), maxNorm, axes));
        var expected = ReferenceConstraint(x, dims, expectedAxes, maxNorm);
        Quadratic.AssertClose(expected, result, 1e-12, 1e-14, "norm constraint");
    }

    [Fact]
    public void PerUnitNormsAreClippedAndSmallUnitsAreUnchanged()
    {
        // Dense W (inputs 2, units 3): unit 0 has norm 5 (clipped to 2), unit 1 norm 1, unit 2 norm 0.
        double[] w = [3, 0.6, 0, 4, 0.8, 0];
        var result = Evaluate(Updates.NormConstraint(T.Constant(Tensor.FromArray(w, 2, 3)), 2.0));
        Quadratic.AssertClose([1.2, 0.6, 0, 1.6, 0.8, 0], result, 1e-6, 0, "W");
        Assert.Equal(2.0, Math.Sqrt(result[0] * result[0] + result[3] * result[3]), 6);
    }

    [Fact]
    public void SymbolicMaxNormFollowsItsSharedValue()
    {
        var maxNorm = Hyperparameter.CreateShared(2.0, "max_norm", DType.Float64);
        var f = Function.Compile([], Updates.NormConstraint(T.Constant(Tensor.FromArray(new double[] { 3, 4 }, 2, 1)), maxNorm));
        Quadratic.AssertClose([1.2, 1.6], Quadratic.Values(f.Invoke()[0]), 1e-6, 0, "max 2");
        Hyperparameter.SetValue(maxNorm, 1.0);
        Quadratic.AssertClose([0.6, 0.8], Quadratic.Values(f.Invoke()[0]), 1e-6, 0, "max 1");
    }

    [Fact]
    public void UnsupportedRanksAndBadAxesAreErrors()
    {
        Assert.Contains("rank 1", Assert.Throws<ArgumentException>(() => Updates.NormConstraint(T.Vector("v"), 1.0)).Message);
        Assert.Throws<ArgumentException>(() => Updates.NormConstraint(T.Scalar("s"), 1.0));
        Assert.Throws<ArgumentException>(() => Updates.NormConstraint(T.Input([null, null, null, null, null, null]), 1.0));
        Assert.Throws<ArgumentException>(() => Updates.NormConstraint(T.Matrix("m"), 1.0, [2]));
        Assert.Throws<ArgumentException>(() => Updates.NormConstraint(T.Matrix("m"), 1.0, [0, -2]));
        Assert.Throws<ArgumentException>(() => Updates.NormConstraint(T.IMatrix("i"), 1.0));
    }

    [Property(MaxTest = 40)]
    public Property NeverIncreasesANormAndCapsAtMaxNorm(PositiveInt seed, byte rows, byte cols, NormalFloat maxNormRaw)
    {
        int r = rows % 5 + 1, c = cols % 5 + 1;
        double maxNorm = Math.Abs(maxNormRaw.Get) % 3 + 0.05;
        var x = RandomValues(seed.Get, r * c, 2.0);
        var y = Evaluate(Updates.NormConstraint(T.Constant(Tensor.FromArray(x, r, c)), maxNorm));
        bool ok = true;
        for (int j = 0; j < c; j++)
        {
            double before = 0, after = 0;
            for (int i = 0; i < r; i++)
            {
                before += x[i * c + j] * x[i * c + j];
                after += y[i * c + j] * y[i * c + j];
            }
            before = Math.Sqrt(before);
            after = Math.Sqrt(after);
            ok &= after <= before + 1e-12 && after <= maxNorm + 1e-9;
            // Directions are kept: y is a non-negative multiple of x within each unit.
            for (int i = 0; i < r; i++) ok &= x[i * c + j] * y[i * c + j] >= 0;
        }
        return ok.ToProperty();
    }

    [Fact]
    public void TotalNormConstraintRescalesByTheCombinedNorm()
    {
        double[] a = [3, 0, 4, 0];   // sum of squares 25
        double[] b = [0, 12];        // 144: total norm 13
        var tensors = new Variable[] { T.Constant(Tensor.FromArray(a, 2, 2)), T.Constant(Tensor.FromArray(b, 2)) };
        var scaled = Updates.TotalNormConstraint(tensors, 6.5, out var norm);
        var f = Function.Compile([], [scaled[0], scaled[1], norm]);
        var outputs = f.Invoke();
        double factor = 6.5 / (1e-7 + 13);
        Quadratic.AssertClose(Array.ConvertAll(a, v => v * factor), Quadratic.Values(outputs[0]), 1e-12, 0, "a");
        Quadratic.AssertClose(Array.ConvertAll(b, v => v * factor), Quadratic.Values(outputs[1]), 1e-12, 0, "b");
        Assert.Equal(13.0, outputs[2].GetDouble(0), 12);

        // Below the limit: unchanged up to the epsilon factor norm / (eps + norm).
        var loose = Updates.TotalNormConstraint(tensors, 100.0);
        var kept = Quadratic.Values(Function.Compile([], loose[1]).Invoke()[0]);
        Quadratic.AssertClose(b, kept, 1e-8, 0, "b kept");
    }

    [Fact]
    public void TotalNormConstraintMixesDtypesAndFeedsARuleAsGradients()
    {
        var q = new Quadratic(DType.Float32);
        var grads = Grad.Of(q.Loss, [q.A, q.B]);
        var clipped = Updates.TotalNormConstraint(grads, 0.1, out var norm);
        Assert.Equal(DType.Float32, clipped[0].DType);
        Assert.Equal(DType.Float32, norm.DType);
        var train = Function.Compile([], norm, Updates.Sgd(clipped, q.Parameters, 1.0));
        var p = Quadratic.Start(DType.Float32);
        var g = Quadratic.Gradients(p);
        double total = 0;
        foreach (var gk in g) foreach (var v in gk) total += v * v;
        total = Math.Sqrt(total);
        Assert.Equal(total, train.Invoke()[0].GetDouble(0), 5);
        for (int i = 0; i < 3; i++) p[0][i] -= g[0][i] * 0.1 / total;
        Quadratic.AssertClose(p[0], Quadratic.Values(q.A), 1e-5, 1e-6, "A");

        var mixed = Updates.TotalNormConstraint([T.Vector("f"), T.Vector("d", DType.Float64)], 1.0, out var mixedNorm);
        Assert.Equal(DType.Float32, mixed[0].DType);
        Assert.Equal(DType.Float64, mixed[1].DType);
        Assert.Equal(DType.Float64, mixedNorm.DType);
        Assert.Throws<ArgumentException>(() => Updates.TotalNormConstraint(Array.Empty<Variable>(), 1.0));
    }
}
