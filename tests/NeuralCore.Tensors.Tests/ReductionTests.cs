using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static NeuralCore.Tensors.Tests.ReferenceLoops;

namespace NeuralCore.Tensors.Tests;

public class ReductionTests
{
    /// <summary>Reference: visits every input element and folds it into its output slot.</summary>
    private static double[] ReduceReference(double[] x, int[] dims, bool[] reduced, Func<double, double, double> fold, double start, bool mean)
    {
        var keptDims = dims.Where((_, i) => !reduced[i]).ToArray();
        var result = Enumerable.Repeat(start, Size(keptDims)).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            var index = Unravel(i, dims);
            int o = 0;
            for (int k = 0; k < dims.Length; k++)
                if (!reduced[k]) o = o * dims[k] + index[k];
            result[o] = fold(result[o], x[i]);
        }
        if (mean)
        {
            int count = x.Length / Math.Max(1, result.Length);
            for (int i = 0; i < result.Length; i++) result[i] /= count;
        }
        return result;
    }

    private static readonly (string Name, Func<Tensor<double>, int[], bool, Tensor<double>> Op, Action<Tensor<double>, int[], Tensor<double>> Into,
        Func<double, double, double> Fold, double Start, bool Mean)[] s_reductions =
    [
        ("sum", (x, a, k) => Reductions.Sum(x, a, k), (x, a, r) => Reductions.Sum(x, a, r), (p, q) => p + q, 0, false),
        ("mean", (x, a, k) => Reductions.Mean(x, a, k), (x, a, r) => Reductions.Mean(x, a, r), (p, q) => p + q, 0, true),
        ("max", (x, a, k) => Reductions.Max(x, a, k), (x, a, r) => Reductions.Max(x, a, r), Math.Max, double.NegativeInfinity, false),
        ("min", (x, a, k) => Reductions.Min(x, a, k), (x, a, r) => Reductions.Min(x, a, r), Math.Min, double.PositiveInfinity, false),
    ];

    [Property(MaxTest = 150)]
    public Property ReductionsOverRandomAxisSubsetsMatchTheReference()
    {
        var gen = Dims(4, 5).SelectMany(dims =>
            Gen.ArrayOf(Gen.Choose(0, 2), dims.Length).SelectMany(pick =>
                Gen.Elements(true, false).SelectMany(keep =>
                    Gen.Choose(0, int.MaxValue).Select(seed => (dims, pick, keep, seed)))));
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            // pick: 0 = keep the axis, 1 = reduce it (positive index), 2 = reduce it (negative index).
            var axes = new List<int>();
            var reduced = new bool[c.dims.Length];
            for (int i = 0; i < c.dims.Length; i++)
            {
                if (c.pick[i] == 0) continue;
                reduced[i] = true;
                axes.Add(c.pick[i] == 1 ? i : i - c.dims.Length);
            }
            if (axes.Count == 0) Array.Fill(reduced, true); // empty axes = all axes
            var values = RandomValues(new Random(c.seed), Size(c.dims), -10, 10);
            var x = Tensor.FromSpan<double>(values, new Shape(c.dims));
            var expectedShape = c.dims.Select((d, i) => reduced[i] ? (c.keep ? 1 : -1) : d).Where(d => d >= 0).ToArray();
            Assert.Equal(expectedShape, Reductions.ReducedShape(x.Shape, axes.ToArray(), c.keep).ToArray());
            foreach (var (name, op, into, fold, start, mean) in s_reductions)
            {
                var expected = ReduceReference(values, c.dims, reduced, fold, start, mean);
                var result = op(x, axes.ToArray(), c.keep);
                Assert.Equal(expectedShape, result.Shape.ToArray());
                AssertAllClose(expected, result.ToArray(), 1e-12, 1e-12, name);
                var destination = Tensor.Full(new Shape(expectedShape), double.NaN);
                into(x, axes.ToArray(), destination);
                AssertAllClose(expected, destination.ToArray(), 1e-12, 1e-12, name + " (into)");
            }
        });
    }

    [Theory]
    [InlineData(new[] { 1_000_000 }, new int[0])]          // everything
    [InlineData(new[] { 300, 1000 }, new[] { 1 })]         // last axis: row sums
    [InlineData(new[] { 3000, 100 }, new[] { 0 })]         // first axis: column sums (bias gradient)
    [InlineData(new[] { 64, 10, 12, 12 }, new[] { 0, 2, 3 })] // conv bias gradient pattern
    [InlineData(new[] { 20, 500, 30 }, new[] { 1 })]        // middle axis
    [InlineData(new[] { 7, 40_000 }, new int[0])]
    public void LargeFloatSumsAreIdenticalForEveryThreadCountAndAccurate(int[] dims, int[] axes)
    {
        var rng = new Random(5);
        var values = Array.ConvertAll(RandomValues(rng, Size(dims), -1, 1), v => (float)v);
        var x = Tensor.FromSpan<float>(values, new Shape(dims));
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var single = Reductions.Sum(x, axes).ToArray();
            var singleMax = Reductions.Max(x, axes).ToArray();
            foreach (int threads in new[] { 2, 3, 4 })
            {
                Parallelism.MaxThreads = threads;
                Assert.Equal(single, Reductions.Sum(x, axes).ToArray());
                Assert.Equal(singleMax, Reductions.Max(x, axes).ToArray());
            }
            var reduced = new bool[dims.Length];
            foreach (int a in axes) reduced[a] = true;
            if (axes.Length == 0) Array.Fill(reduced, true);
            var expected = ReduceReference(Array.ConvertAll(values, v => (double)v), dims, reduced, (p, q) => p + q, 0, false);
            int count = values.Length / expected.Length;
            // float accumulation: allow a few ulps per summand of the typical magnitude sqrt(count)
            AssertAllClose(expected, Array.ConvertAll(single, v => (double)v), 0, 1e-6 * count, "sum");
            var expectedMax = ReduceReference(Array.ConvertAll(values, v => (double)v), dims, reduced, Math.Max, double.NegativeInfinity, false);
            AssertAllClose(expectedMax, Array.ConvertAll(singleMax, v => (double)v), 0, 0, "max");
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Property(MaxTest = 100)]
    public Property ArgMaxAndArgMinMatchTheReference()
    {
        var gen = Gen.Choose(1, 4).SelectMany(rank => Gen.ArrayOf(Gen.Choose(1, 5), rank)).SelectMany(dims =>
            Gen.Choose(-dims.Length, dims.Length - 1).SelectMany(axis =>
                Gen.Elements(true, false).SelectMany(keep => Gen.Choose(0, int.MaxValue).Select(seed => (dims, axis, keep, seed)))));
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            // Few distinct values, so ties occur: the first occurrence must win.
            var values = Array.ConvertAll(RandomValues(new Random(c.seed), Size(c.dims), 0, 4), Math.Floor);
            var x = Tensor.FromSpan<double>(values, new Shape(c.dims));
            int axis = c.axis < 0 ? c.axis + c.dims.Length : c.axis;
            var outDims = c.dims.Select((d, i) => i == axis ? (c.keep ? 1 : -1) : d).Where(d => d >= 0).ToArray();
            var argmax = Reductions.ArgMax(x, c.axis, c.keep);
            var argmin = Reductions.ArgMin(x, c.axis, c.keep);
            Assert.Equal(outDims, argmax.Shape.ToArray());
            for (int o = 0; o < argmax.Length; o++)
            {
                var outIndex = Unravel(o, outDims);
                var index = new int[c.dims.Length];
                for (int k = 0, j = 0; k < c.dims.Length; k++)
                {
                    if (k == axis) { if (c.keep) j++; continue; }
                    index[k] = outIndex[j++];
                }
                int bestMax = 0, bestMin = 0;
                for (int t = 0; t < c.dims[axis]; t++)
                {
                    index[axis] = t;
                    double v = x[index];
                    index[axis] = bestMax;
                    if (v > x[index]) bestMax = t;
                    index[axis] = bestMin;
                    if (v < x[index]) bestMin = t;
                }
                Assert.Equal(bestMax, argmax.AsSpan()[o]);
                Assert.Equal(bestMin, argmin.AsSpan()[o]);
            }
        });
    }

    [Fact]
    public void ArgMaxTreatsNaNAsLargest()
    {
        var x = Tensor.FromArray(new[] { 1.0, double.NaN, 3.0, double.NaN, 5.0, 4.0 }, 2, 3);
        Assert.Equal(new[] { 1, 0 }, Reductions.ArgMax(x, 1).ToArray());
        Assert.Equal(new[] { 1, 0, 1 }, Reductions.ArgMax(x, 0).ToArray());
    }

    [Property(MaxTest = 100)]
    public Property SumToShapeIsTheAdjointOfBroadcasting()
    {
        var gen = Dims(4, 4).SelectMany(dims => Operand(dims).SelectMany(target => Gen.Choose(0, int.MaxValue).Select(seed => (dims, target, seed))));
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var values = RandomValues(new Random(c.seed), Size(c.dims), -1, 1);
            var x = Tensor.FromSpan<double>(values, new Shape(c.dims));
            var expected = new double[Size(c.target)];
            for (int i = 0; i < values.Length; i++) expected[OperandFlat(Unravel(i, c.dims), c.target)] += values[i];
            var result = Reductions.SumToShape(x, new Shape(c.target));
            Assert.Equal(c.target, result.Shape.ToArray());
            AssertAllClose(expected, result.ToArray(), 1e-12, 1e-12, "sum_to_shape");
        });
    }

    [Fact]
    public void BadAxesAndShapesAreClearErrors()
    {
        var x = Tensor.Zeros<float>(2, 3);
        var ex = Assert.Throws<ArgumentException>(() => Reductions.Sum(x, [1, -1]));
        Assert.Contains("repeated", ex.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.Max(x, [2]));
        Assert.Contains("(2, 3)", range.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.ArgMax(x, -3));
        var mismatch = Assert.Throws<ShapeMismatchException>(() => Reductions.Sum(x, [0], Tensor.Zeros<float>(2)));
        Assert.Contains("(3,)", mismatch.Message);
        var target = Assert.Throws<ShapeMismatchException>(() => Reductions.SumToShape(x, new Shape(2)));
        Assert.StartsWith("sum_to_shape:", target.Message);
        Assert.Throws<ArgumentException>(() => Reductions.Max(Tensor.Zeros<float>(0, 3), [0]));
        Assert.Equal(new float[] { 0, 0, 0 }, Reductions.Sum(Tensor.Zeros<float>(0, 3), [0]).ToArray());
        Assert.True(float.IsNaN(Reductions.Mean(Tensor.Zeros<float>(0, 3), [0]).ToArray()[0]));
    }

    [Fact]
    public void IntReductionsAreExact()
    {
        var x = Tensor.Arange<int>(12).Reshape(3, 4);
        Assert.Equal(new[] { 12, 15, 18, 21 }, Reductions.Sum(x, [0]).ToArray());
        Assert.Equal(new[] { 3, 7, 11 }, Reductions.Max(x, [1]).ToArray());
        Assert.Equal(66, Reductions.Sum(x).ToScalar());
        Assert.Equal(new[] { 1, 5, 9 }, Reductions.Mean(x, [1]).ToArray());
    }
}
