using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static NeuralCore.Tensors.Tests.ReferenceLoops;

namespace NeuralCore.Tensors.Tests;

public class SoftmaxTests
{
    /// <summary>Reference softmax / log-softmax along an axis, one slice at a time in double.</summary>
    private static double[] Reference(double[] x, int[] dims, int axis, bool log)
    {
        int outer = dims.Take(axis).Aggregate(1, (p, d) => p * d), n = dims[axis], inner = dims.Skip(axis + 1).Aggregate(1, (p, d) => p * d);
        var result = new double[x.Length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < n; j++) max = Math.Max(max, x[(o * n + j) * inner + i]);
                double sum = 0;
                for (int j = 0; j < n; j++) sum += Math.Exp(x[(o * n + j) * inner + i] - max);
                for (int j = 0; j < n; j++)
                {
                    double shifted = x[(o * n + j) * inner + i] - max;
                    result[(o * n + j) * inner + i] = log ? shifted - Math.Log(sum) : Math.Exp(shifted) / sum;
                }
            }
        return result;
    }

    private static Gen<(int[] Dims, int Axis, int Seed)> Cases() =>
        Gen.Choose(1, 4).SelectMany(rank => Gen.ArrayOf(Gen.Choose(1, 6), rank)).SelectMany(dims =>
            Gen.Choose(-dims.Length, dims.Length - 1).SelectMany(axis => Gen.Choose(0, int.MaxValue).Select(seed => (dims, axis, seed))));

    [Property(MaxTest = 100)]
    public Property SoftmaxAndLogSoftmaxMatchTheReferenceAlongAnyAxis()
    {
        return Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            int axis = c.Axis < 0 ? c.Axis + c.Dims.Length : c.Axis;
            var values = RandomValues(new Random(c.Seed), Size(c.Dims), -20, 20);
            var x = Tensor.FromSpan<double>(values, new Shape(c.Dims));
            var softmax = SoftmaxKernels.Softmax(x, c.Axis);
            AssertAllClose(Reference(values, c.Dims, axis, log: false), softmax.ToArray(), 1e-12, 1e-300, "softmax");
            AssertAllClose(Reference(values, c.Dims, axis, log: true), SoftmaxKernels.LogSoftmax(x, c.Axis).ToArray(), 1e-12, 1e-12, "log_softmax");
            // Sums along the axis are 1.
            var sums = Reductions.Sum(softmax, [c.Axis]).ToArray();
            foreach (var s in sums) AssertClose(1, s, 1e-12, 0, "softmax sum");
            // In place, float.
            var xf = Tensor.FromSpan<float>(Array.ConvertAll(values, v => (float)v), new Shape(c.Dims));
            SoftmaxKernels.Softmax(xf, c.Axis, xf);
            var expectedF = Reference(Array.ConvertAll(values, v => (double)(float)v), c.Dims, axis, log: false);
            AssertAllClose(expectedF, Array.ConvertAll(xf.ToArray(), v => (double)v), 1e-5, 1e-12, "softmax float in place");
        });
    }

    [Fact]
    public void LogSoftmaxIsStableForLargeInputs()
    {
        var x = Tensor.FromArray(new float[] { 1000, 1001, 1002, -1000, 0, 1000 }, 2, 3);
        var log = SoftmaxKernels.LogSoftmax(x, 1).ToArray();
        double lse = Math.Log(Math.Exp(-2) + Math.Exp(-1) + 1);
        var expected = new[] { -2 - lse, -1 - lse, -lse, -2000, -1000, 0 };
        AssertAllClose(expected, Array.ConvertAll(log, v => (double)v), 1e-6, 1e-6, "log_softmax large");
        var soft = SoftmaxKernels.Softmax(x, 1).ToArray();
        Assert.All(soft, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1f, soft[5]);
        Assert.Equal(0f, soft[3]);
        // Along axis 0 (strided) as well.
        var columns = SoftmaxKernels.LogSoftmax(x, 0).ToArray();
        Assert.All(columns, v => Assert.True(float.IsFinite(v)));
        AssertClose(-2000, columns[3], 1e-6, 0, "column log-softmax");
    }

    [Property(MaxTest = 40)]
    public Property BackwardMatchesFiniteDifferences()
    {
        return Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var rng = new Random(c.Seed);
            var values = RandomValues(rng, Size(c.Dims), -3, 3);
            var weights = RandomValues(rng, values.Length, -1, 1); // dy: the loss is Σ w · f(x)
            var shape = new Shape(c.Dims);
            var dy = Tensor.FromSpan<double>(weights, shape);
            foreach (bool log in new[] { false, true })
            {
                double Loss(double[] v)
                {
                    var t = Tensor.FromSpan<double>(v, shape);
                    var y = log ? SoftmaxKernels.LogSoftmax(t, c.Axis) : SoftmaxKernels.Softmax(t, c.Axis);
                    double s = 0;
                    for (int i = 0; i < v.Length; i++) s += weights[i] * y.GetDouble(i);
                    return s;
                }
                var x = Tensor.FromSpan<double>(values, shape);
                var output = log ? SoftmaxKernels.LogSoftmax(x, c.Axis) : SoftmaxKernels.Softmax(x, c.Axis);
                var dx = log ? SoftmaxKernels.LogSoftmaxBackward(output, dy, c.Axis) : SoftmaxKernels.SoftmaxBackward(output, dy, c.Axis);
                const double h = 1e-5;
                // A sample of coordinates keeps the O(n²) finite differences cheap for the larger shapes.
                int stride = Math.Max(1, values.Length / 16);
                for (int i = 0; i < values.Length; i += stride)
                {
                    var plus = (double[])values.Clone();
                    var minus = (double[])values.Clone();
                    plus[i] += h;
                    minus[i] -= h;
                    double numeric = (Loss(plus) - Loss(minus)) / (2 * h);
                    AssertClose(numeric, dx.GetDouble(i), 1e-6, 1e-8, log ? "log_softmax backward" : "softmax backward");
                }
                // In place into dy gives the same gradient.
                var dyCopy = dy.Clone();
                if (log) SoftmaxKernels.LogSoftmaxBackward(output, dyCopy, c.Axis, dyCopy);
                else SoftmaxKernels.SoftmaxBackward(output, dyCopy, c.Axis, dyCopy);
                Assert.Equal(dx.ToArray(), dyCopy.ToArray());
            }
        });
    }

    [Fact]
    public void LargeBatchesMatchAcrossThreadCounts()
    {
        var values = Array.ConvertAll(RandomValues(new Random(2), 512 * 200, -5, 5), v => (float)v);
        var x = Tensor.FromSpan<float>(values, new Shape(512, 200));
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var single = SoftmaxKernels.LogSoftmax(x, 1).ToArray();
            Parallelism.MaxThreads = 3;
            Assert.Equal(single, SoftmaxKernels.LogSoftmax(x, 1).ToArray());
            var expected = Reference(Array.ConvertAll(values, v => (double)v), [512, 200], 1, log: true);
            AssertAllClose(expected, Array.ConvertAll(single, v => (double)v), 1e-5, 1e-5, "log_softmax");
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void ShapeErrorsNameTheShapes()
    {
        var y = Tensor.Zeros<float>(2, 3);
        var ex = Assert.Throws<ShapeMismatchException>(() => SoftmaxKernels.SoftmaxBackward(y, Tensor.Zeros<float>(3, 2), 1));
        Assert.Contains("(2, 3)", ex.Message);
        Assert.Contains("(3, 2)", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SoftmaxKernels.Softmax(y, 2));
        Assert.Throws<NotSupportedException>(() => SoftmaxKernels.Softmax(Tensor.Zeros<int>(2, 3), 1));
    }

    [Theory]
    [InlineData(3, 100, 1)]   // long contiguous rows
    [InlineData(2, 40, 1)]    // just past the short-row path
    [InlineData(50, 7, 0)]    // strided axis
    public void LongRowsAndStridedAxesMatchTheReferenceAndFiniteDifferences(int rows, int columns, int axis)
    {
        var rng = new Random(rows * 1000 + columns);
        int[] dims = [rows, columns];
        var values = RandomValues(rng, rows * columns, -30, 30);
        var weights = RandomValues(rng, values.Length, -1, 1);
        var x = Tensor.FromSpan<double>(values, new Shape(dims));
        var dy = Tensor.FromSpan<double>(weights, new Shape(dims));
        foreach (bool log in new[] { false, true })
        {
            var y = log ? SoftmaxKernels.LogSoftmax(x, axis) : SoftmaxKernels.Softmax(x, axis);
            AssertAllClose(Reference(values, dims, axis, log), y.ToArray(), 1e-12, 1e-300, log ? "log_softmax" : "softmax");
            var dx = log ? SoftmaxKernels.LogSoftmaxBackward(y, dy, axis) : SoftmaxKernels.SoftmaxBackward(y, dy, axis);
            const double h = 1e-5;
            for (int i = 0; i < values.Length; i += 37)
            {
                var plus = (double[])values.Clone();
                var minus = (double[])values.Clone();
                plus[i] += h;
                minus[i] -= h;
                var yp = Reference(plus, dims, axis, log);
                var ym = Reference(minus, dims, axis, log);
                double numeric = 0;
                for (int k = 0; k < values.Length; k++) numeric += weights[k] * (yp[k] - ym[k]) / (2 * h);
                AssertClose(numeric, dx.GetDouble(i), 1e-6, 1e-8, "backward");
            }
        }
    }
}
