using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static NeuralCore.Tensors.Tests.ReferenceLoops;

namespace NeuralCore.Tensors.Tests;

/// <summary><see cref="Reductions.Prod{T}(Tensor{T}, ReadOnlySpan{int}, bool)"/> against a plain loop that
/// multiplies every element into its output slot.</summary>
public class ProdReductionTests
{
    private static double[] ProdReference(double[] x, int[] dims, bool[] reduced)
    {
        int outSize = 1;
        for (int k = 0; k < dims.Length; k++) if (!reduced[k]) outSize *= dims[k];
        var result = Enumerable.Repeat(1.0, outSize).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            var index = Unravel(i, dims);
            int o = 0;
            for (int k = 0; k < dims.Length; k++)
                if (!reduced[k]) o = o * dims[k] + index[k];
            result[o] *= x[i];
        }
        return result;
    }

    /// <summary>Magnitudes in [0.5, 2] with random signs and about one zero in eight, so products stay finite.</summary>
    private static double[] Values(int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
            values[i] = random.Next(8) == 0 ? 0 : (random.Next(2) == 0 ? -1 : 1) * (0.5 + 1.5 * random.NextDouble());
        return values;
    }

    [Property(MaxTest = 100)]
    public Property ProdOverRandomAxesMatchesAPlainLoopInFloatAndDouble()
    {
        var gen = Dims(4, 5).SelectMany(dims =>
            Gen.ArrayOf(Gen.Choose(0, 2), dims.Length).SelectMany(pick =>
                Gen.Elements(true, false).SelectMany(keep =>
                    Gen.Choose(0, int.MaxValue).Select(seed => (dims, pick, keep, seed)))));
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var axes = new List<int>();
            var reduced = new bool[c.dims.Length];
            for (int i = 0; i < c.dims.Length; i++)
            {
                if (c.pick[i] == 0) continue;
                reduced[i] = true;
                axes.Add(c.pick[i] == 1 ? i : i - c.dims.Length); // negative axes too
            }
            if (axes.Count == 0) Array.Fill(reduced, true);
            var values = Values(Size(c.dims), c.seed);
            var expected = ProdReference(values, c.dims, reduced);
            var expectedShape = Reductions.ReducedShape(new Shape(c.dims), axes.ToArray(), c.keep);

            var d = Reductions.Prod(Tensor.FromSpan<double>(values, new Shape(c.dims)), axes.ToArray(), c.keep);
            Assert.Equal(expectedShape, d.Shape);
            AssertAllClose(expected, d.ToArray(), 1e-13, 0, "prod double");

            var floats = Array.ConvertAll(values, v => (float)v);
            var f = Tensor.Full(expectedShape, float.NaN);
            Reductions.Prod(Tensor.FromSpan<float>(floats, new Shape(c.dims)), axes.ToArray(), f);
            AssertAllClose(ProdReference(Array.ConvertAll(floats, v => (double)v), c.dims, reduced),
                Array.ConvertAll(f.ToArray(), v => (double)v), 1e-5, 0, "prod float");
        });
    }

    [Fact]
    public void LargeProductsAreTheSameForEveryThreadCount()
    {
        // Above the parallel threshold; values near 1 so the product of 1000 stays finite.
        var random = new Random(3);
        var values = new double[300 * 1000];
        for (int i = 0; i < values.Length; i++) values[i] = 1 + (random.NextDouble() - 0.5) * 0.01;
        var x = Tensor.FromSpan<double>(values, new Shape(300, 1000));
        int saved = Parallelism.MaxThreads;
        try
        {
            foreach (var axes in new[] { new[] { 1 }, new[] { 0 }, Array.Empty<int>() })
            {
                Parallelism.MaxThreads = 1;
                var single = Reductions.Prod(x, axes).ToArray();
                Parallelism.MaxThreads = 2;
                Assert.Equal(single, Reductions.Prod(x, axes).ToArray());
                var reduced = new bool[2];
                foreach (var a in axes) reduced[a] = true;
                if (axes.Length == 0) reduced = [true, true];
                AssertAllClose(ProdReference(values, [300, 1000], reduced), single, 1e-10, 0, "prod");
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void EmptyAxesGiveOneAndIntsMultiplyExactly()
    {
        var empty = new Tensor<float>(new Shape(3, 0));
        Assert.Equal([1f, 1f, 1f], Reductions.Prod(empty, [1]).ToArray());
        var ints = Tensor.FromArray([1, 2, 3, 4, -5, 6], 2, 3);
        Assert.Equal([6, -120], Reductions.Prod(ints, [1]).ToArray());
        Assert.Equal([4, -10, 18], Reductions.Prod(ints, [0]).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.Prod(ints, [2]));
        Assert.Throws<ShapeMismatchException>(() => Reductions.Prod(ints, [1], new Tensor<int>(new Shape(3))));
    }
}
