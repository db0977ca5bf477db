using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace NeuralCore.Tensors.Tests;

public class RandomGeneratorTests
{
    [Theory]
    // Random123 tests/kat_vectors, "philox4x32 10" lines: counter[4], key[2] -> result[4].
    [InlineData(0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void PhiloxMatchesTheRandom123KnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint r0, uint r1, uint r2, uint r3)
    {
        Assert.Equal((r0, r1, r2, r3), RandomGenerator.Philox(c0, c1, c2, c3, k0, k1));
    }

    [Property(MaxTest = 30)]
    public Property SettingThePositionResumesTheStreamWhereAnotherGeneratorIs(ulong seed, byte draws)
    {
        // Reference: a generator that consumed the blocks by drawing; the other jumps there by setting Position.
        var drawn = new RandomGenerator(seed);
        for (int i = 0; i < draws; i++) drawn.NextUInt64();
        drawn.Normal<float>(new float[draws % 7 + 1], 0f, 1f);
        var jumped = new RandomGenerator(seed) { Position = drawn.Position };
        var expected = drawn.Uniform<float>(new Shape(23), 0f, 1f);
        return (jumped.Uniform<float>(new Shape(23), 0f, 1f).ValueEquals(expected) && jumped.NextUInt64() == drawn.NextUInt64()).ToProperty();
    }

    [Fact]
    public void SeedZeroStartsWithTheFirstKnownAnswerBlock()
    {
        Assert.Equal(0xe169c58d_6627e8d5UL, new RandomGenerator(0).NextUInt64());
    }

    [Property(MaxTest = 30)]
    public Property SameSeedGivesTheSameNumbers(ulong seed)
    {
        var a = new RandomGenerator(seed);
        var b = new RandomGenerator(seed);
        var ua = a.Uniform<float>(new Shape(37), -1f, 1f);
        var ub = b.Uniform<float>(new Shape(37), -1f, 1f);
        var na = new double[101];
        var nb = new double[101];
        a.Normal<double>(na, 0, 1);
        b.Normal<double>(nb, 0, 1);
        return (ua.ValueEquals(ub) && na.AsSpan().SequenceEqual(nb) && a.NextUInt64() == b.NextUInt64()
            && a.Permutation(20).AsSpan().SequenceEqual(b.Permutation(20))).ToProperty();
    }

    [Fact]
    public void DifferentSeedsGiveDifferentNumbers()
    {
        Assert.NotEqual(new RandomGenerator(1).NextUInt64(), new RandomGenerator(2).NextUInt64());
        Assert.False(new RandomGenerator(1).Uniform<float>(new Shape(8), 0f, 1f).ValueEquals(new RandomGenerator(2).Uniform<float>(new Shape(8), 0f, 1f)));
    }

    [Fact]
    public void LargeFillsAreIndependentOfThreadCountAndOfSpanVersusTensor()
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Parallelism.MaxThreads = threads;
                var rng = new RandomGenerator(99);
                var u = rng.Uniform<float>(new Shape(300_001), 0f, 1f);
                var n = rng.Normal<double>(new Shape(200_003), 0.0, 1.0);
                var bern = rng.Bernoulli<float>(new Shape(300_001), 0.5);
                var after = rng.NextUInt64();

                var spans = new RandomGenerator(99);
                var su = new float[300_001];
                var sn = new double[200_003];
                var sb = new float[300_001];
                spans.Uniform<float>(su, 0f, 1f);
                spans.Normal<double>(sn, 0.0, 1.0);
                spans.Bernoulli<float>(sb, 0.5);
                Assert.Equal(su, u.ToArray());
                Assert.Equal(sn, n.ToArray());
                Assert.Equal(sb, bern.ToArray());
                Assert.Equal(spans.NextUInt64(), after);
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    private static (double Mean, double Variance) Moments(ReadOnlySpan<double> v)
    {
        double mean = 0;
        foreach (var x in v) mean += x;
        mean /= v.Length;
        double variance = 0;
        foreach (var x in v) variance += (x - mean) * (x - mean);
        return (mean, variance / (v.Length - 1));
    }

    [Fact]
    public void UniformStatistics()
    {
        var rng = new RandomGenerator(2026);
        var f = rng.Uniform<float>(new Shape(100_000), 2f, 5f).ToArray();
        Assert.All(f, v => Assert.InRange(v, 2f, 4.9999995f));
        var (mean, variance) = Moments(Array.ConvertAll(f, v => (double)v));
        // Uniform[2, 5): mean 3.5, variance 0.75; tolerances about 5 standard errors.
        Assert.InRange(mean, 3.5 - 0.015, 3.5 + 0.015);
        Assert.InRange(variance, 0.75 - 0.01, 0.75 + 0.01);
        var d = new double[100_000];
        rng.Uniform<double>(d, -1, 1);
        (mean, variance) = Moments(d);
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 1 / 3.0 - 0.005, 1 / 3.0 + 0.005);
        // Ten equal bins each get about a tenth (binomial sd 95).
        var bins = new int[10];
        foreach (var v in d) bins[(int)((v + 1) * 5)]++;
        Assert.All(bins, b => Assert.InRange(b, 10_000 - 500, 10_000 + 500));
    }

    [Fact]
    public void NormalStatistics()
    {
        var rng = new RandomGenerator(7);
        foreach (bool single in new[] { true, false })
        {
            double[] v = single
                ? Array.ConvertAll(rng.Normal<float>(new Shape(100_000), 1f, 2f).ToArray(), x => (double)x)
                : rng.Normal<double>(new Shape(100_000), 1.0, 2.0).ToArray();
            var (mean, variance) = Moments(v);
            Assert.InRange(mean, 1 - 0.035, 1 + 0.035);
            Assert.InRange(variance, 4 - 0.1, 4 + 0.1);
            double kurtosis = v.Select(x => Math.Pow((x - mean) / Math.Sqrt(variance), 4)).Average();
            Assert.InRange(kurtosis, 3 - 0.1, 3 + 0.1);
            // About 68.27% within one sd.
            double within = v.Count(x => Math.Abs(x - 1) < 2) / (double)v.Length;
            Assert.InRange(within, 0.6827 - 0.0075, 0.6827 + 0.0075);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public void BernoulliRate(double p)
    {
        var mask = new RandomGenerator(3).Bernoulli<double>(new Shape(100_000), p).ToArray();
        Assert.All(mask, v => Assert.True(v == 0 || v == 1));
        double rate = mask.Average();
        Assert.InRange(rate, p - 0.008, p + 0.008);
        if (p == 0) Assert.Equal(0, rate);
        if (p == 1) Assert.Equal(1, rate);
    }

    [Property(MaxTest = 50)]
    public Property PermutationIsAPermutation(ulong seed, byte size)
    {
        var p = new RandomGenerator(seed).Permutation(size);
        var sorted = (int[])p.Clone();
        Array.Sort(sorted);
        return sorted.SequenceEqual(Enumerable.Range(0, size)).ToProperty();
    }

    [Fact]
    public void PermutationIsUniformOverPositions()
    {
        // Where element 0 lands, over many permutations of 8: each position about 1/8.
        var rng = new RandomGenerator(11);
        var counts = new int[8];
        for (int t = 0; t < 16_000; t++) counts[Array.IndexOf(rng.Permutation(8), 0)]++;
        Assert.All(counts, c => Assert.InRange(c, 2000 - 250, 2000 + 250));
    }

    [Fact]
    public void ForksAreDeterministicAndIndependent()
    {
        var parent = new RandomGenerator(5);
        var twin = new RandomGenerator(5);
        var child = parent.Fork();
        var twinChild = twin.Fork();
        Assert.Equal(child.NextUInt64(), twinChild.NextUInt64());

        var second = parent.Fork();
        var a = child.Uniform<double>(new Shape(100_000), 0, 1).ToArray();
        var b = second.Uniform<double>(new Shape(100_000), 0, 1).ToArray();
        var c = parent.Uniform<double>(new Shape(100_000), 0, 1).ToArray();
        Assert.InRange(Correlation(a, b), -0.02, 0.02);
        Assert.InRange(Correlation(a, c), -0.02, 0.02);
        Assert.InRange(Correlation(b, c), -0.02, 0.02);
        Assert.NotEqual(child.Seed, second.Seed);
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }

    [Fact]
    public void IntegerUniformCoversTheRange()
    {
        var v = new RandomGenerator(1).Uniform<int>(new Shape(10_000), -3, 4).ToArray();
        Assert.All(v, x => Assert.InRange(x, -3, 3));
        Assert.Equal(7, v.Distinct().Count());
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        var rng = new RandomGenerator(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.Bernoulli<float>(new Shape(3), 1.5));
        Assert.Throws<ArgumentException>(() => rng.Uniform<float>(new Shape(3), 1f, 0f));
        Assert.Throws<ArgumentException>(() => rng.Normal<float>(new Shape(3), 0f, -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.Permutation(-1));
    }
}
