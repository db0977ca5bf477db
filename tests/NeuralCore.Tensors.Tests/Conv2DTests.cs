using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralCore.Tensors;

namespace NeuralCore.Tensors.Tests;

/// <summary>
/// Convolution forward and both gradients against plain nested loops written here, the adjoint
/// identities between them, a finite difference, Lasagne's padding modes and the error messages.
/// </summary>
public class Conv2DTests
{
    /// <summary>One random convolution problem. PadMode: -1 explicit (PadH, PadW), else a ConvPadding.</summary>
    public sealed record ConvCase(int N, int C, int H, int W, int F, int KH, int KW, int SH, int SW, int PadH, int PadW,
        int DH, int DW, bool Flip, int PadMode, bool OffsetViews, int Seed)
    {
        public Conv2DOptions Options => PadMode < 0
            ? new Conv2DOptions(SH, SW, PadH, PadW, DH, DW, Flip)
            : Conv2DOptions.FromPadding((ConvPadding)PadMode, KH, KW, SH, SW, DH, DW, Flip);
    }

    private static readonly ConvAlgorithm[] Algorithms = [ConvAlgorithm.Auto, ConvAlgorithm.Im2ColGemm, ConvAlgorithm.Direct, ConvAlgorithm.FilterLanes];

    internal static ConvCase MakeCase(int seed, bool allowStride = true)
    {
        var r = new Random(seed);
        int padMode = r.Next(-1, 3);
        int kh = r.Next(1, 5), kw = r.Next(1, 5);
        if (padMode == (int)ConvPadding.Same)
        {
            kh |= 1;
            kw |= 1;
        }
        int dh = r.Next(3) == 0 ? 2 : 1, dw = r.Next(3) == 0 ? r.Next(2, 4) : 1;
        int sh = allowStride && r.Next(3) == 0 ? r.Next(2, 4) : 1, sw = allowStride && r.Next(3) == 0 ? r.Next(2, 4) : 1;
        int ph = r.Next(0, 3), pw = r.Next(0, 3);
        int effH = (kh - 1) * dh + 1, effW = (kw - 1) * dw + 1;
        // Height and width so that the filter fits the padded input in every padding mode.
        int h = effH + r.Next(0, 7), w = effW + r.Next(0, 9);
        // Sometimes 8 or more filters or channels, so that full 8-filter tiles of the direct kernel run.
        int c = r.Next(5) == 0 ? r.Next(8, 10) : r.Next(1, 4), f = r.Next(4) == 0 ? r.Next(8, 11) : r.Next(1, 5);
        // Sometimes 16 or 48 filters on 4+ channels, or 16 or 48 channels with 4+ filters: the filter-lane
        // kernels of the forward pass and the input gradient (rows wider than their 12-position tile too).
        if (r.Next(4) == 0)
        {
            if (r.Next(2) == 0)
            {
                f = r.Next(2) == 0 ? 16 : 48;
                c = Math.Max(c, 4);
            }
            else
            {
                c = r.Next(2) == 0 ? 16 : 48;
                f = Math.Max(f, 4);
            }
            w += r.Next(0, 20);
        }
        return new ConvCase(r.Next(1, 4), c, h, w, f, kh, kw, sh, sw, ph, pw, dh, dw,
            r.Next(2) == 0, padMode, r.Next(2) == 0, seed);
    }

    private static Gen<ConvCase> Cases(bool allowStride = true) => Gen.Choose(0, int.MaxValue).Select(s => MakeCase(s, allowStride));

    internal static Tensor<T> RandomTensor<T>(Random r, bool offsetView, params int[] dims) where T : unmanaged, INumber<T>
    {
        // A view at a non-zero offset into a larger array checks that kernels honour Offset.
        var shape = new Shape(dims);
        int extra = offsetView ? 7 : 0;
        var data = new T[shape.Size + extra];
        for (int i = 0; i < data.Length; i++) data[i] = T.CreateTruncating(r.NextDouble() * 2 - 1);
        return new Tensor<T>(data, extra, shape);
    }

    // ----- plain loop references -------------------------------------------------------------

    private static (int OH, int OW, int PH, int PW) RefGeometry(ConvCase c)
    {
        int ph = c.PadH, pw = c.PadW;
        if (c.PadMode == (int)ConvPadding.Valid) ph = pw = 0;
        else if (c.PadMode == (int)ConvPadding.Full) { ph = (c.KH - 1) * c.DH; pw = (c.KW - 1) * c.DW; }
        else if (c.PadMode == (int)ConvPadding.Same) { ph = (c.KH - 1) * c.DH / 2; pw = (c.KW - 1) * c.DW / 2; }
        int oh = (c.H + 2 * ph - (c.KH - 1) * c.DH - 1) / c.SH + 1;
        int ow = (c.W + 2 * pw - (c.KW - 1) * c.DW - 1) / c.SW + 1;
        return (oh, ow, ph, pw);
    }

    /// <summary>Visits every (output, filter tap) pair whose input position is inside the input:
    /// visit(n, f, c, oy, ox, iy, ix, wi, wj) with (wi, wj) the stored weight index (flipped or not).</summary>
    private static void ForEachTap(ConvCase c, Action<int, int, int, int, int, int, int, int, int> visit)
    {
        var (oh, ow, ph, pw) = RefGeometry(c);
        for (int n = 0; n < c.N; n++)
            for (int f = 0; f < c.F; f++)
                for (int ch = 0; ch < c.C; ch++)
                    for (int oy = 0; oy < oh; oy++)
                        for (int ox = 0; ox < ow; ox++)
                            for (int i = 0; i < c.KH; i++)
                                for (int j = 0; j < c.KW; j++)
                                {
                                    int iy = oy * c.SH + i * c.DH - ph, ix = ox * c.SW + j * c.DW - pw;
                                    if (iy < 0 || iy >= c.H || ix < 0 || ix >= c.W) continue;
                                    int wi = c.Flip ? c.KH - 1 - i : i, wj = c.Flip ? c.KW - 1 - j : j;
                                    visit(n, f, ch, oy, ox, iy, ix, wi, wj);
                                }
    }

    private static double[] RefForward<T>(ConvCase c, Tensor<T> x, Tensor<T> w) where T : unmanaged, INumber<T>
    {
        var (oh, ow, _, _) = RefGeometry(c);
        var y = new double[c.N * c.F * oh * ow];
        ForEachTap(c, (n, f, ch, oy, ox, iy, ix, wi, wj) =>
            y[((n * c.F + f) * oh + oy) * ow + ox] += double.CreateTruncating(x[n, ch, iy, ix]) * double.CreateTruncating(w[f, ch, wi, wj]));
        return y;
    }

    private static double[] RefBackwardData<T>(ConvCase c, Tensor<T> gy, Tensor<T> w) where T : unmanaged, INumber<T>
    {
        var dx = new double[c.N * c.C * c.H * c.W];
        ForEachTap(c, (n, f, ch, oy, ox, iy, ix, wi, wj) =>
            dx[((n * c.C + ch) * c.H + iy) * c.W + ix] += double.CreateTruncating(gy[n, f, oy, ox]) * double.CreateTruncating(w[f, ch, wi, wj]));
        return dx;
    }

    private static double[] RefBackwardFilter<T>(ConvCase c, Tensor<T> x, Tensor<T> gy) where T : unmanaged, INumber<T>
    {
        var dw = new double[c.F * c.C * c.KH * c.KW];
        ForEachTap(c, (n, f, ch, oy, ox, iy, ix, wi, wj) =>
            dw[((f * c.C + ch) * c.KH + wi) * c.KW + wj] += double.CreateTruncating(gy[n, f, oy, ox]) * double.CreateTruncating(x[n, ch, iy, ix]));
        return dw;
    }

    private static bool Close<T>(double[] expected, Tensor<T> actual, double tolerance) where T : unmanaged, INumber<T>
    {
        var a = actual.AsReadOnlySpan();
        if (a.Length != expected.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (Math.Abs(double.CreateTruncating(a[i]) - expected[i]) > tolerance * (1 + Math.Abs(expected[i])))
                return false;
        return true;
    }

    private static double Tolerance<T>() => typeof(T) == typeof(float) ? 2e-5 : 1e-12;

    // ----- properties ------------------------------------------------------------------------

    private static bool ForwardMatches<T>(ConvCase c) where T : unmanaged, INumber<T>
    {
        var r = new Random(c.Seed);
        var x = RandomTensor<T>(r, c.OffsetViews, c.N, c.C, c.H, c.W);
        var w = RandomTensor<T>(r, c.OffsetViews, c.F, c.C, c.KH, c.KW);
        var expected = RefForward(c, x, w);
        var (oh, ow, _, _) = RefGeometry(c);
        if (Conv2D.OutputShape(x.Shape, w.Shape, c.Options) != new Shape(c.N, c.F, oh, ow)) return false;
        if (!Close(expected, Conv2D.Forward(x, w, c.Options), Tolerance<T>())) return false;
        foreach (var algorithm in Algorithms)
        {
            var y = new Tensor<T>(new Shape(c.N, c.F, oh, ow));
            y.Fill(T.CreateTruncating(123)); // the destination overload must overwrite, not accumulate
            Conv2D.Forward(x, w, c.Options, y, algorithm);
            if (!Close(expected, y, Tolerance<T>())) return false;
        }
        return true;
    }

    private static bool BackwardDataMatches<T>(ConvCase c) where T : unmanaged, INumber<T>
    {
        var r = new Random(c.Seed);
        var (oh, ow, _, _) = RefGeometry(c);
        var gy = RandomTensor<T>(r, c.OffsetViews, c.N, c.F, oh, ow);
        var w = RandomTensor<T>(r, c.OffsetViews, c.F, c.C, c.KH, c.KW);
        var expected = RefBackwardData(c, gy, w);
        var inputShape = new Shape(c.N, c.C, c.H, c.W);
        if (!Close(expected, Conv2D.BackwardData(gy, w, inputShape, c.Options), Tolerance<T>())) return false;
        foreach (var algorithm in Algorithms)
        {
            var dx = new Tensor<T>(inputShape);
            dx.Fill(T.CreateTruncating(123));
            Conv2D.BackwardData(gy, w, c.Options, dx, algorithm);
            if (!Close(expected, dx, Tolerance<T>())) return false;
        }
        return true;
    }

    private static bool BackwardFilterMatches<T>(ConvCase c) where T : unmanaged, INumber<T>
    {
        var r = new Random(c.Seed);
        var (oh, ow, _, _) = RefGeometry(c);
        var x = RandomTensor<T>(r, c.OffsetViews, c.N, c.C, c.H, c.W);
        var gy = RandomTensor<T>(r, c.OffsetViews, c.N, c.F, oh, ow);
        var expected = RefBackwardFilter(c, x, gy);
        var weightsShape = new Shape(c.F, c.C, c.KH, c.KW);
        if (!Close(expected, Conv2D.BackwardFilter(x, gy, weightsShape, c.Options), Tolerance<T>())) return false;
        foreach (var algorithm in Algorithms)
        {
            var dw = new Tensor<T>(weightsShape);
            dw.Fill(T.CreateTruncating(123));
            Conv2D.BackwardFilter(x, gy, c.Options, dw, algorithm);
            if (!Close(expected, dw, Tolerance<T>())) return false;
        }
        return true;
    }

    [Property(MaxTest = 60)]
    public Property ForwardMatchesLoopFloat() => Prop.ForAll(Cases().ToArbitrary(), ForwardMatches<float>);

    [Property(MaxTest = 40)]
    public Property ForwardMatchesLoopDouble() => Prop.ForAll(Cases().ToArbitrary(), ForwardMatches<double>);

    [Property(MaxTest = 60)]
    public Property BackwardDataMatchesLoopFloat() => Prop.ForAll(Cases().ToArbitrary(), BackwardDataMatches<float>);

    [Property(MaxTest = 40)]
    public Property BackwardDataMatchesLoopDouble() => Prop.ForAll(Cases().ToArbitrary(), BackwardDataMatches<double>);

    [Property(MaxTest = 60)]
    public Property BackwardFilterMatchesLoopFloat() => Prop.ForAll(Cases().ToArbitrary(), BackwardFilterMatches<float>);

    [Property(MaxTest = 40)]
    public Property BackwardFilterMatchesLoopDouble() => Prop.ForAll(Cases().ToArbitrary(), BackwardFilterMatches<double>);

    /// <summary>Stride 1 is the shape family the direct kernels serve; give it its own share of cases.</summary>
    [Property(MaxTest = 40)]
    public Property StrideOneMatchesLoopFloat() => Prop.ForAll(Cases(allowStride: false).ToArbitrary(),
        c => ForwardMatches<float>(c) && BackwardDataMatches<float>(c) && BackwardFilterMatches<float>(c));

    /// <summary>The gradients are adjoints of the forward map: ⟨conv(x, w), g⟩ = ⟨x, dX(g, w)⟩ = ⟨w, dW(x, g)⟩.</summary>
    [Property(MaxTest = 40)]
    public Property GradientsAreAdjointsOfForward() => Prop.ForAll(Cases().ToArbitrary(), c =>
    {
        var r = new Random(c.Seed);
        var o = c.Options;
        var x = RandomTensor<double>(r, false, c.N, c.C, c.H, c.W);
        var w = RandomTensor<double>(r, false, c.F, c.C, c.KH, c.KW);
        var y = Conv2D.Forward(x, w, o);
        var gy = RandomTensor<double>(r, false, y.Shape.ToArray());
        double lhs = Dot(y, gy);
        double viaData = Dot(x, Conv2D.BackwardData(gy, w, x.Shape, o));
        double viaFilter = Dot(w, Conv2D.BackwardFilter(x, gy, w.Shape, o));
        double tol = 1e-10 * (1 + Math.Abs(lhs));
        return Math.Abs(lhs - viaData) < tol && Math.Abs(lhs - viaFilter) < tol;
    });

    private static double Dot(Tensor<double> a, Tensor<double> b)
    {
        double s = 0;
        var x = a.AsReadOnlySpan();
        var y = b.AsReadOnlySpan();
        for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
        return s;
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        // L = Σ g ⊙ conv(x, w); dL/dx and dL/dw by central differences on a padded, strided, flipped case.
        var o = new Conv2DOptions(StrideH: 2, StrideW: 1, PadH: 1, PadW: 2, DilationH: 1, DilationW: 2, FlipFilters: true);
        var r = new Random(5);
        var x = RandomTensor<double>(r, false, 2, 2, 5, 6);
        var w = RandomTensor<double>(r, false, 3, 2, 3, 2);
        var g = RandomTensor<double>(r, false, Conv2D.OutputShape(x.Shape, w.Shape, o).ToArray());
        double Loss() => Dot(Conv2D.Forward(x, w, o), g);
        var dx = Conv2D.BackwardData(g, w, x.Shape, o);
        var dw = Conv2D.BackwardFilter(x, g, w.Shape, o);
        const double h = 1e-5;
        foreach (var (t, grad) in new[] { (x, dx), (w, dw) })
        {
            var s = t.AsSpan();
            for (int i = 0; i < t.Length; i++)
            {
                double keep = t.AsSpan()[i];
                t.AsSpan()[i] = keep + h;
                double up = Loss();
                t.AsSpan()[i] = keep - h;
                double down = Loss();
                t.AsSpan()[i] = keep;
                Assert.Equal((up - down) / (2 * h), grad.AsReadOnlySpan()[i], 1e-7);
            }
        }
    }

    [Fact]
    public void HandComputedFlippedAndUnflipped()
    {
        // 1x1x3x3 input 1..9, 2x2 filter [[1, 0], [0, 2]]: correlation takes x[y, x] + 2 x[y+1, x+1].
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 1, 1, 3, 3);
        var w = Tensor.FromArray(new float[] { 1, 0, 0, 2 }, 1, 1, 2, 2);
        Assert.Equal(new float[] { 11, 14, 20, 23 }, Conv2D.Forward(x, w, new Conv2DOptions()).ToArray());
        // Flipped, the filter is [[2, 0], [0, 1]]: 2 x[y, x] + x[y+1, x+1].
        Assert.Equal(new float[] { 7, 10, 16, 19 }, Conv2D.Forward(x, w, new Conv2DOptions(FlipFilters: true)).ToArray());
    }

    [Theory]
    [InlineData(28, 3, 1, 1)]
    [InlineData(28, 5, 1, 2)]
    [InlineData(13, 3, 2, 1)]
    [InlineData(12, 5, 3, 2)]
    public void PaddingModesFollowLasagne(int size, int k, int stride, int dilation)
    {
        var input = new Shape(2, 1, size, size);
        var weights = new Shape(4, 1, k, k);
        int eff = (k - 1) * dilation + 1;
        Shape Out(ConvPadding p) => Conv2D.OutputShape(input, weights, Conv2DOptions.FromPadding(p, k, k, stride, stride, dilation, dilation));
        // Lasagne conv_output_length: valid L - eff + 1, full L + eff - 1, same L; then ceil-divided by the stride.
        Assert.Equal((size - eff + 1 + stride - 1) / stride, Out(ConvPadding.Valid)[2]);
        Assert.Equal((size + eff - 1 + stride - 1) / stride, Out(ConvPadding.Full)[2]);
        Assert.Equal((size + stride - 1) / stride, Out(ConvPadding.Same)[3]);
        Assert.Equal(new Conv2DOptions(stride, stride, (k - 1) * dilation, (k - 1) * dilation, dilation, dilation),
            Conv2DOptions.FromPadding(ConvPadding.Full, k, k, stride, stride, dilation, dilation));
    }

    [Fact]
    public void DefaultOptionsAreStrideOneNoPadding()
    {
        var o = new Conv2DOptions();
        Assert.Equal((1, 1, 0, 0, 1, 1, false), (o.StrideH, o.StrideW, o.PadH, o.PadW, o.DilationH, o.DilationW, o.FlipFilters));
    }

    // ----- errors ----------------------------------------------------------------------------

    [Fact]
    public void ChannelMismatchNamesBothShapes()
    {
        var x = Tensor.Zeros<float>(128, 3, 28, 28);
        var w = Tensor.Zeros<float>(16, 1, 3, 3);
        var ex = Assert.Throws<ShapeMismatchException>(() => Conv2D.Forward(x, w, new Conv2DOptions()));
        Assert.Equal("conv2d: input channels differ: input (128, 3, 28, 28) vs weights (16, 1, 3, 3)", ex.Message);
    }

    [Fact]
    public void FilterLargerThanPaddedInputIsRejected()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => Conv2D.OutputShape(new Shape(1, 1, 4, 4), new Shape(2, 1, 5, 5), new Conv2DOptions()));
        Assert.StartsWith("conv2d: filter (5, 5)", ex.Message);
        Assert.Contains("(1, 1, 4, 4)", ex.Message);
        Assert.Contains("(2, 1, 5, 5)", ex.Message);
        // With padding 1 the same filter fits.
        Assert.Equal(new Shape(1, 2, 2, 2), Conv2D.OutputShape(new Shape(1, 1, 4, 4), new Shape(2, 1, 5, 5), new Conv2DOptions(PadH: 1, PadW: 1)));
        // Dilation makes a 3x3 filter span 5x5.
        Assert.Throws<ShapeMismatchException>(() => Conv2D.OutputShape(new Shape(1, 1, 4, 4), new Shape(2, 1, 3, 3), new Conv2DOptions(DilationH: 2, DilationW: 2)));
    }

    [Fact]
    public void WrongRanksAreRejected()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => Conv2D.Forward(Tensor.Zeros<float>(3, 28, 28), Tensor.Zeros<float>(16, 3, 3, 3), new Conv2DOptions()));
        Assert.Equal("conv2d: input must have rank 4 (batch, channels, rows, columns), got (3, 28, 28)", ex.Message);
        ex = Assert.Throws<ShapeMismatchException>(() => Conv2D.Forward(Tensor.Zeros<float>(1, 3, 28, 28), Tensor.Zeros<float>(3, 3, 3), new Conv2DOptions()));
        Assert.StartsWith("conv2d: weights must have rank 4", ex.Message);
    }

    [Fact]
    public void BadStridesDilationsAndPaddingsAreRejected()
    {
        var x = new Shape(1, 1, 8, 8);
        var w = new Shape(1, 1, 3, 3);
        var ex = Assert.Throws<ArgumentException>(() => Conv2D.OutputShape(x, w, new Conv2DOptions(StrideH: 0)));
        Assert.StartsWith("conv2d: stride (0, 1) must be at least 1", ex.Message);
        // The all-zero struct has stride 0; the message points to the parameterless constructor.
        Assert.Contains("new Conv2DOptions() means stride 1", Assert.Throws<ArgumentException>(() => Conv2D.OutputShape(x, w, default)).Message);
        Assert.StartsWith("conv2d: dilation", Assert.Throws<ArgumentException>(() => Conv2D.OutputShape(x, w, new Conv2DOptions(DilationW: 0))).Message);
        Assert.StartsWith("conv2d: padding", Assert.Throws<ArgumentException>(() => Conv2D.OutputShape(x, w, new Conv2DOptions(PadH: -1))).Message);
        ex = Assert.Throws<ArgumentException>(() => Conv2DOptions.FromPadding(ConvPadding.Same, 2, 3));
        Assert.Equal("conv2d: 'same' padding requires odd filter sizes, got (2, 3)", ex.Message);
    }

    [Fact]
    public void BackwardShapeMismatchesAreRejected()
    {
        var o = new Conv2DOptions();
        var w = Tensor.Zeros<float>(4, 2, 3, 3);
        var x = Tensor.Zeros<float>(2, 2, 8, 8);
        var ex = Assert.Throws<ShapeMismatchException>(() => Conv2D.BackwardData(Tensor.Zeros<float>(2, 4, 5, 6), w, x.Shape, o));
        Assert.Equal("conv2d_backward_data: output gradient (2, 4, 5, 6) should be (2, 4, 6, 6) for input (2, 2, 8, 8) and weights (4, 2, 3, 3)", ex.Message);
        ex = Assert.Throws<ShapeMismatchException>(() => Conv2D.BackwardFilter(x, Tensor.Zeros<float>(2, 3, 6, 6), w.Shape, o));
        Assert.StartsWith("conv2d_backward_filter: output gradient (2, 3, 6, 6) should be (2, 4, 6, 6)", ex.Message);
        ex = Assert.Throws<ShapeMismatchException>(() => Conv2D.BackwardData(Tensor.Zeros<float>(2, 4, 6, 6), w, new Shape(2, 3, 8, 8), o));
        Assert.StartsWith("conv2d_backward_data: input channels differ", ex.Message);
        ex = Assert.Throws<ShapeMismatchException>(() => Conv2D.Forward(x, w, o, Tensor.Zeros<float>(2, 4, 6, 7)));
        Assert.StartsWith("conv2d: result shape (2, 4, 6, 7) should be (2, 4, 6, 6)", ex.Message);
    }

    [Fact]
    public void IntegerTensorsAreNotSupported()
    {
        var ex = Assert.Throws<NotSupportedException>(() => Conv2D.Forward(Tensor.Zeros<int>(1, 1, 3, 3), Tensor.Zeros<int>(1, 1, 2, 2), new Conv2DOptions()));
        Assert.StartsWith("conv2d: element type Int32", ex.Message);
    }

    [Fact]
    public void ResultAliasingAnOperandIsRejected()
    {
        var x = Tensor.Zeros<float>(1, 1, 3, 3);
        var w = Tensor.Zeros<float>(1, 1, 1, 1);
        Assert.Throws<ArgumentException>(() => Conv2D.Forward(x, w, new Conv2DOptions(), x));
    }

    [Fact]
    public void SingleImageSplitsChannelsAcrossWorkers()
    {
        // One image, several blocks of filters and channels: the work is shared by channel blocks.
        var r = new Random(12);
        var c = new ConvCase(1, 17, 7, 9, 19, 3, 2, 1, 1, 1, 0, 1, 2, true, -1, false, 0);
        var x = RandomTensor<float>(r, false, 1, 17, 7, 9);
        var w = RandomTensor<float>(r, false, 19, 17, 3, 2);
        var y = Conv2D.Forward(x, w, c.Options);
        var gy = RandomTensor<float>(r, false, y.Shape.ToArray());
        Assert.True(Close(RefForward(c, x, w), y, 2e-5));
        Assert.True(Close(RefBackwardData(c, gy, w), Conv2D.BackwardData(gy, w, x.Shape, c.Options), 2e-5));
        Assert.True(Close(RefBackwardFilter(c, x, gy), Conv2D.BackwardFilter(x, gy, w.Shape, c.Options), 2e-5));
    }

    [Fact]
    public void SingleThreadedAndMultiThreadedAgree()
    {
        // Larger batch than the property cases, so that several workers and batched GEMMs run.
        var r = new Random(11);
        var o = new Conv2DOptions(PadH: 1, PadW: 1, FlipFilters: true);
        var x = RandomTensor<float>(r, false, 9, 3, 10, 11);
        var w = RandomTensor<float>(r, false, 5, 3, 3, 3);
        var c = new ConvCase(9, 3, 10, 11, 5, 3, 3, 1, 1, 1, 1, 1, 1, true, -1, false, 0);
        var gy = RandomTensor<float>(r, false, 9, 5, 10, 11);
        var y = Conv2D.Forward(x, w, o);
        var dx = Conv2D.BackwardData(gy, w, x.Shape, o);
        var dw = Conv2D.BackwardFilter(x, gy, w.Shape, o);
        Assert.True(Close(RefForward(c, x, w), y, 2e-5));
        Assert.True(Close(RefBackwardData(c, gy, w), dx, 2e-5));
        Assert.True(Close(RefBackwardFilter(c, x, gy), dw, 2e-5));
    }

    [Fact]
    public void WarmIm2ColPassesAllocateNothing()
    {
        // float64 always takes im2col + GEMM; its per-image work is handed to the threads as a struct, not a closure.
        var r = new Random(13);
        var c = new ConvCase(6, 3, 9, 8, 4, 3, 3, 2, 2, 1, 1, 1, 1, true, -1, false, 0); // stride 2, padding 1, flipped
        var o = c.Options;
        var x = RandomTensor<double>(r, false, 6, 3, 9, 8);
        var w = RandomTensor<double>(r, false, 4, 3, 3, 3);
        var y = Conv2D.Forward(x, w, o);
        var gy = RandomTensor<double>(r, false, y.Shape.ToArray());
        var dx = Tensor.Zeros<double>(x.Shape.ToArray());
        var dw = Tensor.Zeros<double>(w.Shape.ToArray());
        for (int i = 0; i < 3; i++)
        {
            Conv2D.Forward(x, w, o, y);
            Conv2D.BackwardData(gy, w, o, dx);
            Conv2D.BackwardFilter(x, gy, o, dw);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        Conv2D.Forward(x, w, o, y);
        Conv2D.BackwardData(gy, w, o, dx);
        Conv2D.BackwardFilter(x, gy, o, dw);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(Close(RefForward(c, x, w), y, 1e-12));
        Assert.True(Close(RefBackwardData(c, gy, w), dx, 1e-12));
        Assert.True(Close(RefBackwardFilter(c, x, gy), dw, 1e-12));
    }
}
