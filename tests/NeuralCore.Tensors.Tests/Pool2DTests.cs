using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralCore.Tensors;

namespace NeuralCore.Tensors.Tests;

/// <summary>
/// Pooling forward and backward against plain loops written from Theano's definition (padded
/// image, windows in padded coordinates, max and sums over the real inputs only), Lasagne's
/// output length formula, hand-computed cases and the error messages.
/// </summary>
public class Pool2DTests
{
    public sealed record PoolCase(int N, int C, int H, int W, int PoolH, int PoolW, int SH, int SW, int PadH, int PadW,
        bool IgnoreBorder, PoolMode Mode, bool Ties, int Seed)
    {
        public Pool2DOptions Options => new(PoolH, PoolW, SH, SW, PadH, PadW, IgnoreBorder, Mode);
    }

    private static PoolCase MakeCase(int seed)
    {
        var r = new Random(seed);
        int kh = r.Next(1, 4), kw = r.Next(1, 4);
        bool ignoreBorder = r.Next(2) == 0;
        int ph = ignoreBorder ? r.Next(0, kh) : 0, pw = ignoreBorder ? r.Next(0, kw) : 0;
        // With ignore_border the window must fit in the padded input; without it any size >= 1 works.
        int h = Math.Max(1, kh - 2 * ph) + r.Next(0, 7), w = Math.Max(1, kw - 2 * pw) + r.Next(0, 7);
        if (!ignoreBorder && r.Next(4) == 0) { h = r.Next(1, 3); w = r.Next(1, 3); } // inputs smaller than the window
        return new PoolCase(r.Next(1, 3), r.Next(1, 4), h, w, kh, kw, r.Next(1, 4), r.Next(1, 4), ph, pw,
            ignoreBorder, (PoolMode)r.Next(3), r.Next(3) == 0, seed);
    }

    private static Gen<PoolCase> Cases => Gen.Choose(0, int.MaxValue).Select(MakeCase);

    private static Tensor<T> Input<T>(PoolCase c, Random r) where T : unmanaged, INumber<T>
    {
        var x = new Tensor<T>(new Shape(c.N, c.C, c.H, c.W));
        var s = x.AsSpan();
        // Ties: few distinct values so that windows often hold several maxima.
        for (int i = 0; i < s.Length; i++) s[i] = T.CreateTruncating(c.Ties ? r.Next(3) : r.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>lasagne.layers.pool.pool_output_length, with Python's floor division.</summary>
    private static int LasagneLength(int length, int pool, int stride, int pad, bool ignoreBorder)
    {
        static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);
        if (ignoreBorder)
            return FloorDiv(length + 2 * pad - pool + 1 + stride - 1, stride);
        if (stride >= pool)
            return FloorDiv(length + stride - 1, stride);
        return Math.Max(0, FloorDiv(length - pool + stride - 1, stride)) + 1;
    }

    /// <summary>Reference: for each window in padded coordinates, the real input cells it covers
    /// (row-major) and the divisor Theano uses.</summary>
    private static IEnumerable<(int N, int C, int OY, int OX, List<(int Y, int X)> Cells, int Divisor)> Windows(PoolCase c)
    {
        int oh = LasagneLength(c.H, c.PoolH, c.SH, c.PadH, c.IgnoreBorder), ow = LasagneLength(c.W, c.PoolW, c.SW, c.PadW, c.IgnoreBorder);
        int paddedH = c.H + 2 * c.PadH, paddedW = c.W + 2 * c.PadW;
        for (int n = 0; n < c.N; n++)
            for (int ch = 0; ch < c.C; ch++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        var cells = new List<(int, int)>();
                        int inPadded = 0;
                        for (int py = oy * c.SH; py < oy * c.SH + c.PoolH; py++)
                            for (int px = ox * c.SW; px < ox * c.SW + c.PoolW; px++)
                            {
                                if (py >= paddedH || px >= paddedW) continue; // beyond the border (ignore_border off)
                                inPadded++;
                                int y = py - c.PadH, x = px - c.PadW;
                                if (y >= 0 && y < c.H && x >= 0 && x < c.W) cells.Add((y, x));
                            }
                        int divisor = c.Mode switch
                        {
                            PoolMode.AverageIncludePadding => c.IgnoreBorder ? c.PoolH * c.PoolW : inPadded,
                            _ => cells.Count,
                        };
                        yield return (n, ch, oy, ox, cells, divisor);
                    }
    }

    private static bool ForwardMatches<T>(PoolCase c) where T : unmanaged, INumber<T>
    {
        var x = Input<T>(c, new Random(c.Seed));
        var y = Pool2D.Forward(x, c.Options);
        int oh = LasagneLength(c.H, c.PoolH, c.SH, c.PadH, c.IgnoreBorder), ow = LasagneLength(c.W, c.PoolW, c.SW, c.PadW, c.IgnoreBorder);
        if (y.Shape != new Shape(c.N, c.C, oh, ow)) return false;
        double tol = typeof(T) == typeof(float) ? 1e-6 : 1e-14;
        foreach (var (n, ch, oy, ox, cells, divisor) in Windows(c))
        {
            double expected = c.Mode == PoolMode.Max ? double.NegativeInfinity : 0;
            foreach (var (iy, ix) in cells)
            {
                double v = double.CreateTruncating(x[n, ch, iy, ix]);
                expected = c.Mode == PoolMode.Max ? Math.Max(expected, v) : expected + v;
            }
            if (c.Mode != PoolMode.Max) expected /= divisor;
            if (Math.Abs(double.CreateTruncating(y[n, ch, oy, ox]) - expected) > tol) return false;
        }
        return true;
    }

    private static bool BackwardMatches<T>(PoolCase c) where T : unmanaged, INumber<T>
    {
        var r = new Random(c.Seed);
        var x = Input<T>(c, r);
        var y = Pool2D.Forward(x, c.Options);
        var gy = new Tensor<T>(y.Shape);
        var gs = gy.AsSpan();
        for (int i = 0; i < gs.Length; i++) gs[i] = T.CreateTruncating(r.NextDouble() * 2 - 1);
        var expected = new double[x.Length];
        foreach (var (n, ch, oy, ox, cells, divisor) in Windows(c))
        {
            double g = double.CreateTruncating(gy[n, ch, oy, ox]);
            if (c.Mode == PoolMode.Max)
            {
                // The first maximum in row-major order receives the gradient.
                var (by, bx) = cells[0];
                foreach (var (iy, ix) in cells)
                    if (x[n, ch, iy, ix] > x[n, ch, by, bx]) (by, bx) = (iy, ix);
                expected[((n * c.C + ch) * c.H + by) * c.W + bx] += g;
            }
            else
                foreach (var (iy, ix) in cells)
                    expected[((n * c.C + ch) * c.H + iy) * c.W + ix] += g / divisor;
        }
        var dx = Pool2D.Backward(x, y, gy, c.Options);
        var into = new Tensor<T>(x.Shape);
        into.Fill(T.One); // the destination overload must overwrite
        Pool2D.Backward(x, y, gy, c.Options, into);
        double tol = typeof(T) == typeof(float) ? 1e-5 : 1e-13;
        for (int i = 0; i < expected.Length; i++)
            if (Math.Abs(double.CreateTruncating(dx.AsReadOnlySpan()[i]) - expected[i]) > tol
                || Math.Abs(double.CreateTruncating(into.AsReadOnlySpan()[i]) - expected[i]) > tol)
                return false;
        return true;
    }

    [Property(MaxTest = 150)]
    public Property ForwardMatchesLoopFloat() => Prop.ForAll(Cases.ToArbitrary(), ForwardMatches<float>);

    [Property(MaxTest = 100)]
    public Property ForwardMatchesLoopDouble() => Prop.ForAll(Cases.ToArbitrary(), ForwardMatches<double>);

    [Property(MaxTest = 150)]
    public Property BackwardMatchesLoopFloat() => Prop.ForAll(Cases.ToArbitrary(), BackwardMatches<float>);

    [Property(MaxTest = 100)]
    public Property BackwardMatchesLoopDouble() => Prop.ForAll(Cases.ToArbitrary(), BackwardMatches<double>);

    /// <summary>2x2 stride-2 max pooling has its own fast (and, for float, SIMD) path: odd and even
    /// sizes, wide rows, with and without ignore_border, with ties.</summary>
    [Property(MaxTest = 60)]
    public Property Max2x2FastPathMatchesLoop() => Prop.ForAll(Cases.ToArbitrary(), c0 =>
    {
        var r = new Random(c0.Seed);
        var c = c0 with { PoolH = 2, PoolW = 2, SH = 2, SW = 2, PadH = 0, PadW = 0, Mode = PoolMode.Max, H = r.Next(2, 9), W = r.Next(2, 40) };
        return ForwardMatches<float>(c) && BackwardMatches<float>(c) && ForwardMatches<double>(c) && BackwardMatches<double>(c);
    });

    /// <summary>Average pooling is linear, so its backward pass is its adjoint: ⟨pool(x), g⟩ = ⟨x, poolᵀ(g)⟩.</summary>
    [Property(MaxTest = 100)]
    public Property AverageBackwardIsAdjoint() => Prop.ForAll(Cases.ToArbitrary(), c0 =>
    {
        var c = c0 with { Mode = c0.Seed % 2 == 0 ? PoolMode.AverageIncludePadding : PoolMode.AverageExcludePadding, Ties = false };
        var r = new Random(c.Seed);
        var x = Input<double>(c, r);
        var y = Pool2D.Forward(x, c.Options);
        var g = Input<double>(c with { H = y.Shape[2], W = y.Shape[3] }, r);
        var dx = Pool2D.Backward(x, y, g, c.Options);
        double lhs = 0, rhs = 0;
        for (int i = 0; i < y.Length; i++) lhs += y.AsReadOnlySpan()[i] * g.AsReadOnlySpan()[i];
        for (int i = 0; i < x.Length; i++) rhs += x.AsReadOnlySpan()[i] * dx.AsReadOnlySpan()[i];
        return Math.Abs(lhs - rhs) < 1e-12 * (1 + Math.Abs(lhs));
    });

    [Fact]
    public void IgnoreBorderMatchesTheanoDocExample()
    {
        // Theano's pool_2d docs: a (5, 5) input with ws (2, 2) gives (2, 2) with ignore_border, (3, 3) without.
        var x = Tensor.Arange<float>(25).Reshape(1, 1, 5, 5);
        Assert.Equal(new Shape(1, 1, 2, 2), Pool2D.OutputShape(x.Shape, Pool2DOptions.Square(2)));
        var y = Pool2D.Forward(x, Pool2DOptions.Square(2) with { IgnoreBorder = false });
        Assert.Equal(new float[] { 6, 8, 9, 16, 18, 19, 21, 23, 24 }, y.ToArray());
        var avg = Pool2D.Forward(x, Pool2DOptions.Square(2, PoolMode.AverageIncludePadding) with { IgnoreBorder = false });
        // Partial windows are averaged over the cells they cover: (4 + 9) / 2 and 24 / 1.
        Assert.Equal(6.5f, avg[0, 0, 0, 2]);
        Assert.Equal(24f, avg[0, 0, 2, 2]);
    }

    [Fact]
    public void PaddedAveragesDifferOnlyInDivisor()
    {
        // 2x2 input of ones, 2x2 windows stride 2, padding 1: each window covers one real cell.
        var x = Tensor.Ones<double>(1, 1, 2, 2);
        var inc = Pool2D.Forward(x, new Pool2DOptions(2, 2, 2, 2, 1, 1, Mode: PoolMode.AverageIncludePadding));
        var exc = Pool2D.Forward(x, new Pool2DOptions(2, 2, 2, 2, 1, 1, Mode: PoolMode.AverageExcludePadding));
        var max = Pool2D.Forward(x.Cast<double>(), new Pool2DOptions(2, 2, 2, 2, 1, 1));
        Assert.Equal(new double[] { 0.25, 0.25, 0.25, 0.25 }, inc.ToArray());
        Assert.Equal(new double[] { 1, 1, 1, 1 }, exc.ToArray());
        Assert.Equal(new double[] { 1, 1, 1, 1 }, max.ToArray());
        // Padding never wins a max, even against negative inputs.
        var neg = Pool2D.Forward(Tensor.Full<double>(new Shape(1, 1, 2, 2), -3.0), new Pool2DOptions(2, 2, 2, 2, 1, 1));
        Assert.Equal(new double[] { -3, -3, -3, -3 }, neg.ToArray());
    }

    [Fact]
    public void MaxGradientGoesToFirstOfTiedMaxima()
    {
        var x = Tensor.FromArray(new float[] { 1, 5, 5, 2 }, 1, 1, 2, 2);
        var o = Pool2DOptions.Square(2);
        var y = Pool2D.Forward(x, o);
        var dx = Pool2D.Backward(x, y, Tensor.FromArray(new float[] { 3 }, 1, 1, 1, 1), o);
        Assert.Equal(new float[] { 0, 3, 0, 0 }, dx.ToArray());
    }

    [Fact]
    public void OverlappingMaxWindowsAccumulate()
    {
        // 1x3 input, windows of 1x2 with stride 1: the middle cell is the max of both windows.
        var x = Tensor.FromArray(new float[] { 0, 9, 1 }, 1, 1, 1, 3);
        var o = new Pool2DOptions(1, 2, 1, 1);
        var y = Pool2D.Forward(x, o);
        Assert.Equal(new float[] { 9, 9 }, y.ToArray());
        var dx = Pool2D.Backward(x, y, Tensor.FromArray(new float[] { 1, 2 }, 1, 1, 1, 2), o);
        Assert.Equal(new float[] { 0, 3, 0 }, dx.ToArray());
    }

    [Fact]
    public void LargerBatchesAgreeWithSmallOnes()
    {
        // Many planes split over several workers give the same result as plane-by-plane pooling.
        var r = new Random(3);
        var x = new Tensor<float>(new Shape(7, 5, 9, 8));
        var s = x.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = (float)r.NextDouble();
        var o = new Pool2DOptions(3, 2, 2, 2, 1, 1);
        var y = Pool2D.Forward(x, o);
        for (int n = 0; n < 7; n++)
            Assert.Equal(Pool2D.Forward(x.Slice(n, 1), o).ToArray(), y.Slice(n, 1).ToArray());
    }

    [Fact]
    public void ErrorsNameTheOpAndShape()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => Pool2D.Forward(Tensor.Zeros<float>(3, 4, 4), Pool2DOptions.Square(2)));
        Assert.Equal("pool2d: input must have rank 4 (batch, channels, rows, columns), got (3, 4, 4)", ex.Message);
        ex = Assert.Throws<ShapeMismatchException>(() => Pool2D.OutputShape(new Shape(1, 1, 2, 5), Pool2DOptions.Square(3)));
        Assert.Equal("pool2d: pool (3, 3) is larger than the padded input (2, 5): input (1, 1, 2, 5) with padding (0, 0)", ex.Message);
        var arg = Assert.Throws<ArgumentException>(() => Pool2D.OutputShape(new Shape(1, 1, 8, 8), new Pool2DOptions(2, 2, 2, 2, 2, 0)));
        Assert.StartsWith("pool2d: padding (2, 0) must be smaller than the pool size (2, 2)", arg.Message);
        arg = Assert.Throws<ArgumentException>(() => Pool2D.OutputShape(new Shape(1, 1, 8, 8), new Pool2DOptions(2, 2, 2, 2, 1, 0, IgnoreBorder: false)));
        Assert.StartsWith("pool2d: padding (1, 0) works only with IgnoreBorder = true", arg.Message);
        arg = Assert.Throws<ArgumentException>(() => Pool2D.OutputShape(new Shape(1, 1, 8, 8), new Pool2DOptions(2, 2, 0, 2)));
        Assert.StartsWith("pool2d: stride (0, 2) must be at least 1", arg.Message);
        var x = Tensor.Zeros<float>(1, 2, 4, 4);
        var y = Tensor.Zeros<float>(1, 2, 2, 2);
        ex = Assert.Throws<ShapeMismatchException>(() => Pool2D.Backward(x, y, Tensor.Zeros<float>(1, 2, 2, 3), Pool2DOptions.Square(2)));
        Assert.StartsWith("pool2d_backward: output (1, 2, 2, 2) and output gradient (1, 2, 2, 3) should both be (1, 2, 2, 2)", ex.Message);
    }

    [Fact]
    public void AnUnknownModeIsRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Pool2D.Forward(Tensor.Zeros<float>(1, 1, 4, 4), Pool2DOptions.Square(2) with { Mode = (PoolMode)3 }));
        Assert.Contains("pool2d: unknown pool mode", ex.Message);
    }

    [Fact]
    public void WarmPoolingAllocatesNothingEvenAfterAGarbageCollection()
    {
        // The option checks once used Enum.IsDefined, whose per-type cache the runtime holds weakly: after any garbage
        // collection (on a busy test run, another thread's) the next call rebuilt it, 168-248 bytes on the calling thread.
        var x = Tensor.FromArray(Enumerable.Range(0, 2 * 3 * 4 * 4).Select(i => (float)(i % 7)).ToArray()).Reshape(2, 3, 4, 4);
        var options = Pool2DOptions.Square(2);
        var y = Tensor.Zeros<float>(2, 3, 2, 2);
        var dx = Tensor.Zeros<float>(2, 3, 4, 4);
        Pool2D.Forward(x, options, y);
        Pool2D.Backward(x, y, y, options, dx);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Pool2D.Forward(x, options, y);
        Pool2D.Backward(x, y, y, options, dx);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(5.0, y.GetDouble(0)); // the window holds x = 0, 1, 4, 5 (i mod 7)
    }
}
