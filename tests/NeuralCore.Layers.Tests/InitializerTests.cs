using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralCore.Layers.Init;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

/// <summary>Initializers: sample statistics against the formulas, exact fans, orthogonality and sparsity.</summary>
public class InitializerTests
{
    private static (double Mean, double Std, double Min, double Max) Stats(Tensor<double> t)
    {
        var s = t.AsReadOnlySpan();
        double sum = 0, min = double.MaxValue, max = double.MinValue;
        foreach (var v in s) { sum += v; min = Math.Min(min, v); max = Math.Max(max, v); }
        double mean = sum / s.Length, sq = 0;
        foreach (var v in s) sq += (v - mean) * (v - mean);
        return (mean, Math.Sqrt(sq / s.Length), min, max);
    }

    private static RandomGenerator Rng(ulong seed = 42) => new(seed);

    [Fact]
    public void ConstantFillsEveryElement()
    {
        var t = new Constant(0.25).Sample<float>(new Shape(3, 4), Rng());
        Assert.All(t.ToArray(), v => Assert.Equal(0.25f, v));
        Assert.All(new Constant().Sample<double>(new Shape(5), Rng()).ToArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void NormalHasTheRequestedMeanAndStd()
    {
        var (mean, std, _, _) = Stats(new Normal(std: 0.5, mean: 2).Sample<double>(new Shape(200, 100), Rng()));
        Assert.InRange(mean, 2 - 0.01, 2 + 0.01);   // 5 sigma of the mean estimate: 0.5/sqrt(20000)*5 = 0.018
        Assert.InRange(std, 0.49, 0.51);
        // Lasagne's default std is 0.01.
        Assert.InRange(Stats(new Normal().Sample<double>(new Shape(100, 100), Rng(1))).Std, 0.0095, 0.0105);
    }

    [Fact]
    public void UniformRangeAndStdFollowLasagne()
    {
        var (_, _, min, max) = Stats(new Uniform().Sample<double>(new Shape(100, 100), Rng()));
        Assert.True(min >= -0.01 && max < 0.01 && min < -0.0099 && max > 0.0099);
        (_, _, min, max) = Stats(new Uniform(-1, 3).Sample<double>(new Shape(100, 100), Rng()));
        Assert.True(min >= -1 && max < 3 && min < -0.99 && max > 2.99);
        var u = Uniform.FromStd(2.0, mean: 1.0);
        Assert.Equal(1 - Math.Sqrt(3) * 2, u.Low, 12);
        Assert.Equal(1 + Math.Sqrt(3) * 2, u.High, 12);
        var (mean, std, _, _) = Stats(u.Sample<double>(new Shape(200, 100), Rng()));
        Assert.InRange(mean, 0.96, 1.04);
        Assert.InRange(std, 1.97, 2.03);
    }

    [Fact]
    public void GlorotUsesLasagneFansForDenseAndConv()
    {
        // Dense (in, out) = (300, 100): std = sqrt(2 / 400).
        Assert.Equal(Math.Sqrt(2.0 / 400), new GlorotUniform().StdFor(new Shape(300, 100)), 12);
        // Conv (out, in, h, w) = (32, 16, 5, 5): fan_in = 16*25, fan_out = 32*25.
        Assert.Equal(Math.Sqrt(2.0 / ((32 + 16) * 25.0)), new GlorotNormal().StdFor(new Shape(32, 16, 5, 5)), 12);
        Assert.Equal(Gain.Relu * Math.Sqrt(2.0 / 400), new GlorotUniform(Gain.Relu).StdFor(new Shape(300, 100)), 12);
        Assert.Equal(Math.Sqrt(2), Gain.Relu, 15);
    }

    [Fact]
    public void HeUsesShape0ForDenseAndTheRestForConv()
    {
        Assert.Equal(Math.Sqrt(1.0 / 300), new HeNormal().StdFor(new Shape(300, 100)), 12);
        Assert.Equal(Math.Sqrt(2.0 / (16 * 25)), new HeUniform(Gain.Relu).StdFor(new Shape(32, 16, 5, 5)), 12);
    }

    [Theory]
    [InlineData(0, 200, 300)]   // GlorotUniform dense
    [InlineData(1, 200, 300)]   // GlorotNormal dense
    [InlineData(2, 200, 300)]   // HeUniform dense
    [InlineData(3, 200, 300)]   // HeNormal dense
    [InlineData(0, 64, 32, 5, 5)]
    [InlineData(3, 64, 32, 5, 5)]
    public void VarianceScalingSamplesHaveTheFormulaStd(int kind, params int[] dims)
    {
        var shape = new Shape(dims);
        double receptive = 1;
        for (int i = 2; i < dims.Length; i++) receptive *= dims[i];
        double heFanIn = dims.Length == 2 ? dims[0] : dims[1] * receptive;
        double gain = 1.5;
        (Initializer init, double expected, bool uniform) = kind switch
        {
            0 => ((Initializer)new GlorotUniform(gain), gain * Math.Sqrt(2.0 / ((dims[0] + dims[1]) * receptive)), true),
            1 => (new GlorotNormal(gain), gain * Math.Sqrt(2.0 / ((dims[0] + dims[1]) * receptive)), false),
            2 => (new HeUniform(gain), gain * Math.Sqrt(1.0 / heFanIn), true),
            _ => (new HeNormal(gain), gain * Math.Sqrt(1.0 / heFanIn), false),
        };
        var (mean, std, min, max) = Stats(init.Sample<double>(shape, Rng(7)));
        Assert.InRange(std, expected * 0.98, expected * 1.02);
        Assert.InRange(mean, -expected * 0.03, expected * 0.03);
        if (uniform)
        {
            double a = Math.Sqrt(3) * expected;
            Assert.True(min >= -a && max <= a, $"uniform samples outside [-{a}, {a}]: [{min}, {max}]");
        }
    }

    [Fact]
    public void VarianceScalingRejectsVectors()
    {
        var ex = Assert.Throws<ArgumentException>(() => new GlorotUniform().Sample<float>(new Shape(10), Rng()));
        Assert.Contains("GlorotUniform", ex.Message);
        Assert.Contains("(10,)", ex.Message);
        Assert.Throws<ArgumentException>(() => new HeNormal().Sample<float>(new Shape(10), Rng()));
        Assert.Throws<ArgumentException>(() => new Orthogonal().Sample<float>(new Shape(10), Rng()));
    }

    [Property(MaxTest = 30)]
    public Property OrthogonalGivesGainSquaredIdentity()
    {
        var gen = from rows in Gen.Choose(1, 12)
                  from cols in Gen.Choose(1, 12)
                  from extra in Gen.Elements(1, 1, 3)
                  from seed in Gen.Choose(0, 1000)
                  select (rows, cols, extra, seed);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (rows, cols, extra, seed) = t;
            double gain = 1 + seed % 3;
            var shape = extra == 1 ? new Shape(rows, cols) : new Shape(rows, cols, extra);
            var w = new Orthogonal(gain).Sample<double>(shape, Rng((ulong)seed)).ToArray();
            int m = rows, n = cols * extra;
            // Rows orthonormal when m <= n (W Wᵀ = g² I), columns when m >= n (Wᵀ W = g² I).
            bool byRows = m <= n;
            int k = Math.Min(m, n);
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                {
                    double dot = 0;
                    if (byRows) for (int c = 0; c < n; c++) dot += w[i * n + c] * w[j * n + c];
                    else for (int r = 0; r < m; r++) dot += w[r * n + i] * w[r * n + j];
                    double expected = i == j ? gain * gain : 0;
                    if (Math.Abs(dot - expected) > 1e-9) return false;
                }
            return true;
        });
    }

    [Fact]
    public void SparseHasExactlyTheRequestedNonZerosPerColumn()
    {
        int rows = 50, cols = 30;
        var w = new Sparse(sparsity: 0.2, std: 0.5).Sample<double>(new Shape(rows, cols), Rng()).ToArray();
        var nonZero = new List<double>();
        for (int c = 0; c < cols; c++)
        {
            int count = 0;
            for (int r = 0; r < rows; r++) if (w[r * cols + c] != 0) { count++; nonZero.Add(w[r * cols + c]); }
            Assert.Equal(10, count);
        }
        double sq = nonZero.Sum(v => v * v) / nonZero.Count;
        Assert.InRange(Math.Sqrt(sq), 0.45, 0.55);
        Assert.Equal(0, new Sparse(0.01).NonZerosPerColumn(50)); // floor(0.5), as Lasagne's int()
        Assert.Throws<ArgumentException>(() => new Sparse().Sample<float>(new Shape(4, 4, 4), Rng()));
    }

    [Fact]
    public void SameSeedSameValuesAcrossDTypes()
    {
        var a = new GlorotUniform().Sample<float>(new Shape(20, 10), Rng(5)).ToArray();
        var b = new GlorotUniform().Sample<double>(new Shape(20, 10), Rng(5)).ToArray();
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], (float)b[i]);
        var c = new GlorotUniform().Sample<float>(new Shape(20, 10), Rng(6)).ToArray();
        Assert.NotEqual(a, c);
    }
}
