using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralCore.Tensors;

/// <summary>
/// 2-D max and average pooling over the last two axes of NCHW tensors, forward and backward, with
/// the semantics of Lasagne's <c>Pool2DLayer</c> / Theano's <c>pool_2d</c>: padding never wins a
/// max, 'average_inc_pad' divides by the full window (by the window clipped to the input when
/// ignore_border is off), 'average_exc_pad' by the number of real inputs in the window. The
/// (batch · channel) planes are split over <see cref="Parallelism.MaxThreads"/> threads.
/// </summary>
public static class Pool2D
{
    internal const string ForwardOp = "pool2d";
    internal const string BackwardOp = "pool2d_backward";

    /// <summary>The output shape (N, C, OH, OW), lengths as Lasagne's <c>pool_output_length</c>.</summary>
    /// <exception cref="ShapeMismatchException">When the input is not rank 4 or the window does not
    /// fit in the padded input (with ignore_border).</exception>
    /// <exception cref="ArgumentException">When a size or stride is below 1, a padding is negative or
    /// not smaller than the window, or padding is combined with ignore_border off.</exception>
    public static Shape OutputShape(Shape input, Pool2DOptions o) => PoolGeometry.Create(ForwardOp, input, o).OutputShape;

    /// <summary>The pooled input in a new (N, C, OH, OW) tensor.</summary>
    public static Tensor<T> Forward<T>(Tensor<T> input, Pool2DOptions o) where T : unmanaged, INumber<T>
    {
        var g = PoolGeometry.Create(ForwardOp, input.Shape, o);
        var result = new Tensor<T>(g.OutputShape);
        ForwardCore(g, input, result);
        return result;
    }

    /// <summary>The pooled input written into <paramref name="result"/> (shape (N, C, OH, OW), not
    /// sharing storage with the input).</summary>
    public static void Forward<T>(Tensor<T> input, Pool2DOptions o, Tensor<T> result) where T : unmanaged, INumber<T>
    {
        var g = PoolGeometry.Create(ForwardOp, input.Shape, o);
        if (!ConvSupport.Is(result.Shape, g.N, g.C, g.OH, g.OW))
            throw new ShapeMismatchException(ForwardOp, $"result shape {result.Shape} should be {g.OutputShape} for input {input.Shape}", input.Shape, result.Shape);
        if (result.SharesStorageWith(input))
            throw new ArgumentException($"{ForwardOp}: the result tensor {result.Shape} must not share storage with the input {input.Shape}");
        ForwardCore(g, input, result);
    }

    /// <summary>The gradient with respect to the input, in a new tensor of the input's shape. Max
    /// pooling sends each window's output gradient to the window's largest input (the first one in
    /// row-major order on ties); average pooling spreads it evenly over the window's inputs.
    /// <paramref name="output"/> is the forward result; it is checked for shape (the maxima are
    /// recomputed from the input so the routing is always consistent with it).</summary>
    /// <exception cref="ShapeMismatchException">When output or gradOutput do not have the pooled shape of the input.</exception>
    public static Tensor<T> Backward<T>(Tensor<T> input, Tensor<T> output, Tensor<T> gradOutput, Pool2DOptions o) where T : unmanaged, INumber<T>
    {
        var g = BackwardGeometry(input, output, gradOutput, o);
        var result = new Tensor<T>(input.Shape);
        BackwardCore(g, input, gradOutput, result);
        return result;
    }

    /// <summary>The input gradient written into <paramref name="result"/> (overwritten; the input's
    /// shape; must not share storage with the operands).</summary>
    public static void Backward<T>(Tensor<T> input, Tensor<T> output, Tensor<T> gradOutput, Pool2DOptions o, Tensor<T> result)
        where T : unmanaged, INumber<T>
    {
        var g = BackwardGeometry(input, output, gradOutput, o);
        if (result.Shape != input.Shape)
            throw new ShapeMismatchException(BackwardOp, $"result shape {result.Shape} should be the input shape {input.Shape}", input.Shape, result.Shape);
        if (result.SharesStorageWith(input) || result.SharesStorageWith(gradOutput))
            throw new ArgumentException($"{BackwardOp}: the result tensor {result.Shape} must not share storage with the input or the output gradient");
        BackwardCore(g, input, gradOutput, result);
    }

    private static PoolGeometry BackwardGeometry<T>(Tensor<T> input, Tensor<T> output, Tensor<T> gradOutput, Pool2DOptions o)
        where T : unmanaged, INumber<T>
    {
        var g = PoolGeometry.Create(BackwardOp, input.Shape, o);
        if (!ConvSupport.Is(output.Shape, g.N, g.C, g.OH, g.OW) || !ConvSupport.Is(gradOutput.Shape, g.N, g.C, g.OH, g.OW))
            throw new ShapeMismatchException(BackwardOp,
                $"output {output.Shape} and output gradient {gradOutput.Shape} should both be {g.OutputShape} for input {input.Shape}",
                input.Shape, output.Shape, gradOutput.Shape);
        return g;
    }

    private static void ForwardCore<T>(PoolGeometry g, Tensor<T> input, Tensor<T> result) where T : unmanaged, INumber<T>
    {
        ConvSupport.RequireFloatingPoint<T>(ForwardOp);
        int planes = g.N * g.C;
        if (result.Length == 0) return;
        T[] src = input.Array, dst = result.Array;
        int srcOffset = input.Offset, dstOffset = result.Offset;
        int workers = ConvSupport.Chunks(planes);
        ConvSupport.Run(workers, new ForwardWork<T>(g, src, srcOffset, dst, dstOffset, planes, workers));
    }

    private readonly struct ForwardWork<T>(PoolGeometry g, T[] src, int srcOffset, T[] dst, int dstOffset, int planes, int workers) : IChunkWork
        where T : unmanaged, INumber<T>
    {
        public void Run(int worker)
        {
            int p0 = ConvSupport.RangeStart(planes, workers, worker), p1 = ConvSupport.RangeStart(planes, workers, worker + 1);
            int inPlane = g.H * g.W, outPlane = g.OH * g.OW;
            for (int p = p0; p < p1; p++)
                PoolPlane(g, src.AsSpan(srcOffset + p * inPlane, inPlane), dst.AsSpan(dstOffset + p * outPlane, outPlane));
        }
    }

    /// <summary>True for the common 2x2, stride-2, unpadded max pooling, which has fast paths for
    /// the windows that lie fully inside the input.</summary>
    private static bool IsMax2x2(in PoolGeometry g)
        => g.Mode == PoolMode.Max && g.KH == 2 && g.KW == 2 && g.SH == 2 && g.SW == 2 && g.PH == 0 && g.PW == 0;

    private static void PoolPlane<T>(in PoolGeometry g, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        int fullRows = 0, fullCols = 0;
        if (IsMax2x2(g))
        {
            fullRows = Math.Min(g.OH, g.H / 2);
            fullCols = Math.Min(g.OW, g.W / 2);
            if (typeof(T) == typeof(float))
                MaxPool2x2Float(g, MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), fullRows, fullCols);
            else
                MaxPool2x2(g, x, y, fullRows, fullCols);
        }
        // Everything the fast path did not cover: the general window loop.
        for (int oy = 0; oy < g.OH; oy++)
            for (int ox = oy < fullRows ? fullCols : 0; ox < g.OW; ox++)
                y[oy * g.OW + ox] = PoolWindow(g, x, oy, ox);
    }

    private static void MaxPool2x2<T>(in PoolGeometry g, ReadOnlySpan<T> x, Span<T> y, int rows, int cols) where T : unmanaged, INumber<T>
    {
        int w = g.W;
        for (int oy = 0; oy < rows; oy++)
        {
            var r0 = x.Slice(2 * oy * w, w);
            var r1 = x.Slice((2 * oy + 1) * w, w);
            var dst = y.Slice(oy * g.OW, cols);
            for (int ox = 0; ox < cols; ox++)
            {
                T m = r0[2 * ox];
                if (r0[2 * ox + 1] > m) m = r0[2 * ox + 1];
                if (r1[2 * ox] > m) m = r1[2 * ox];
                if (r1[2 * ox + 1] > m) m = r1[2 * ox + 1];
                dst[ox] = m;
            }
        }
    }

    /// <summary>2x2 max pooling, 8 outputs per step: the vertical max of two rows, then the max of
    /// the even and odd columns (an in-lane shuffle, put back in order by a cross-lane permute).</summary>
    private static void MaxPool2x2Float(in PoolGeometry g, ReadOnlySpan<float> x, Span<float> y, int rows, int cols)
    {
        if (!Avx2.IsSupported)
        {
            MaxPool2x2(g, x, y, rows, cols);
            return;
        }
        int w = g.W;
        for (int oy = 0; oy < rows; oy++)
        {
            var r0 = x.Slice(2 * oy * w, w);
            var r1 = x.Slice((2 * oy + 1) * w, w);
            var dst = y.Slice(oy * g.OW, cols);
            int ox = 0;
            for (; ox + 8 <= cols; ox += 8)
                MaxPool8(r0, r1, dst, ox);
            // A ragged row end (12 windows on a 24-wide input) is one more vector step overlapping
            // the previous one (recomputing windows gives the same values), not a scalar loop.
            if (ox < cols && cols >= 8)
            {
                MaxPool8(r0, r1, dst, cols - 8);
                ox = cols;
            }
            for (; ox < cols; ox++)
            {
                float m = r0[2 * ox];
                if (r0[2 * ox + 1] > m) m = r0[2 * ox + 1];
                if (r1[2 * ox] > m) m = r1[2 * ox];
                if (r1[2 * ox + 1] > m) m = r1[2 * ox + 1];
                dst[ox] = m;
            }
        }
    }

    /// <summary>Windows ox .. ox + 7 of one row pair.</summary>
    private static void MaxPool8(ReadOnlySpan<float> r0, ReadOnlySpan<float> r1, Span<float> dst, int ox)
    {
        var m0 = Vector256.Max(Vector256.Create(r0.Slice(2 * ox, 8)), Vector256.Create(r1.Slice(2 * ox, 8)));
        var m1 = Vector256.Max(Vector256.Create(r0.Slice(2 * ox + 8, 8)), Vector256.Create(r1.Slice(2 * ox + 8, 8)));
        var pairs = Vector256.Max(Avx.Shuffle(m0, m1, 0b10_00_10_00), Avx.Shuffle(m0, m1, 0b11_01_11_01));
        Avx2.Permute4x64(pairs.AsDouble(), 0b11_01_10_00).AsSingle().CopyTo(dst.Slice(ox, 8));
    }

    /// <summary>2x2 max unpooling of one row pair, 8 windows per step, writing all four cells of
    /// each window: the gradient where the window's first maximum is, zero elsewhere. The four
    /// corners come from in-lane shuffles (window order 0 1 4 5 | 2 3 6 7, so the gradients get the
    /// same cross-lane permute); strict compares in row-major order pick the first maximum; unpacking
    /// the corners pairwise restores the column order. Returns the number of windows done.</summary>
    private static int MaxUnpool2x2RowFloat(ReadOnlySpan<float> x, ReadOnlySpan<float> gy, Span<float> gx, int top, int w)
    {
        int ox = 0;
        for (; ox + 8 <= gy.Length; ox += 8)
            MaxUnpool8(x, gy, gx, top, w, ox);
        // A ragged row end: one more step overlapping the previous one (it writes the same values).
        if (ox < gy.Length && gy.Length >= 8)
        {
            MaxUnpool8(x, gy, gx, top, w, gy.Length - 8);
            ox = gy.Length;
        }
        return ox;
    }

    /// <summary>Windows ox .. ox + 7 of one row pair (see <see cref="MaxUnpool2x2RowFloat"/>).</summary>
    private static void MaxUnpool8(ReadOnlySpan<float> x, ReadOnlySpan<float> gy, Span<float> gx, int top, int w, int ox)
    {
        {
            int a = top + 2 * ox, c = a + w;
            Vector256<float> a0 = Vector256.Create(x.Slice(a, 8)), a1 = Vector256.Create(x.Slice(a + 8, 8));
            Vector256<float> b0 = Vector256.Create(x.Slice(c, 8)), b1 = Vector256.Create(x.Slice(c + 8, 8));
            Vector256<float> topLeft = Avx.Shuffle(a0, a1, 0b10_00_10_00), topRight = Avx.Shuffle(a0, a1, 0b11_01_11_01);
            Vector256<float> bottomLeft = Avx.Shuffle(b0, b1, 0b10_00_10_00), bottomRight = Avx.Shuffle(b0, b1, 0b11_01_11_01);
            Vector256<float> grad = Avx2.Permute4x64(Vector256.Create(gy.Slice(ox, 8)).AsDouble(), 0b11_01_10_00).AsSingle();
            Vector256<float> takeTopRight = Avx.CompareGreaterThan(topRight, topLeft);
            Vector256<float> best = Avx.BlendVariable(topLeft, topRight, takeTopRight);
            Vector256<float> takeBottomLeft = Avx.CompareGreaterThan(bottomLeft, best);
            best = Avx.BlendVariable(best, bottomLeft, takeBottomLeft);
            Vector256<float> takeBottomRight = Avx.CompareGreaterThan(bottomRight, best);
            Vector256<float> laterWins = Avx.Or(takeBottomLeft, takeBottomRight);
            Vector256<float> gTopLeft = Avx.AndNot(Avx.Or(takeTopRight, laterWins), grad);
            Vector256<float> gTopRight = Avx.AndNot(laterWins, Avx.And(takeTopRight, grad));
            Vector256<float> gBottomLeft = Avx.AndNot(takeBottomRight, Avx.And(takeBottomLeft, grad));
            Vector256<float> gBottomRight = Avx.And(takeBottomRight, grad);
            Avx.UnpackLow(gTopLeft, gTopRight).CopyTo(gx.Slice(a, 8));
            Avx.UnpackHigh(gTopLeft, gTopRight).CopyTo(gx.Slice(a + 8, 8));
            Avx.UnpackLow(gBottomLeft, gBottomRight).CopyTo(gx.Slice(c, 8));
            Avx.UnpackHigh(gBottomLeft, gBottomRight).CopyTo(gx.Slice(c + 8, 8));
        }
    }

    /// <summary>The pooled value of output (oy, ox): the max or the average over its window.</summary>
    private static T PoolWindow<T>(in PoolGeometry g, ReadOnlySpan<T> x, int oy, int ox) where T : unmanaged, INumber<T>
    {
        int w = g.W;
        var (y0, y1, padRows) = g.Rows(oy);
        var (x0, x1, padCols) = g.Columns(ox);
        if (g.Mode == PoolMode.Max)
        {
            T value = x[y0 * w + x0];
            for (int iy = y0; iy < y1; iy++)
                for (int ix = x0; ix < x1; ix++)
                    if (x[iy * w + ix] > value) value = x[iy * w + ix];
            return value;
        }
        T sum = T.Zero;
        for (int iy = y0; iy < y1; iy++)
            for (int ix = x0; ix < x1; ix++)
                sum += x[iy * w + ix];
        return sum / T.CreateTruncating(Divisor(g.Mode, y1 - y0, x1 - x0, padRows, padCols));
    }

    /// <summary>The number an average window's sum is divided by.</summary>
    private static int Divisor(PoolMode mode, int rows, int cols, int paddedRows, int paddedCols)
        => mode == PoolMode.AverageIncludePadding ? paddedRows * paddedCols : rows * cols;

    private static void BackwardCore<T>(PoolGeometry g, Tensor<T> input, Tensor<T> gradOutput, Tensor<T> result) where T : unmanaged, INumber<T>
    {
        ConvSupport.RequireFloatingPoint<T>(BackwardOp);
        int planes = g.N * g.C;
        if (result.Length == 0) return;
        T[] x = input.Array, gy = gradOutput.Array, gx = result.Array;
        int xOffset = input.Offset, gyOffset = gradOutput.Offset, gxOffset = result.Offset;
        int workers = ConvSupport.Chunks(planes);
        ConvSupport.Run(workers, new BackwardWork<T>(g, x, xOffset, gy, gyOffset, gx, gxOffset, planes, workers));
    }

    private readonly struct BackwardWork<T>(PoolGeometry g, T[] x, int xOffset, T[] gy, int gyOffset, T[] gx, int gxOffset, int planes, int workers) : IChunkWork
        where T : unmanaged, INumber<T>
    {
        public void Run(int worker)
        {
            int p0 = ConvSupport.RangeStart(planes, workers, worker), p1 = ConvSupport.RangeStart(planes, workers, worker + 1);
            int inPlane = g.H * g.W, outPlane = g.OH * g.OW;
            for (int p = p0; p < p1; p++)
                UnpoolPlane(g, x.AsSpan(xOffset + p * inPlane, inPlane), gy.AsSpan(gyOffset + p * outPlane, outPlane),
                    gx.AsSpan(gxOffset + p * inPlane, inPlane));
        }
    }

    private static void UnpoolPlane<T>(in PoolGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> gx) where T : unmanaged, INumber<T>
    {
        int w = g.W;
        int fullRows = 0, fullCols = 0;
        if (IsMax2x2(g))
        {
            // Disjoint full windows write all four cells (the gradient at the first maximum, zero
            // elsewhere), so only the cells outside them need clearing.
            fullRows = Math.Min(g.OH, g.H / 2);
            fullCols = Math.Min(g.OW, g.W / 2);
            for (int oy = 0; oy < fullRows; oy++)
            {
                int top = 2 * oy * w, ox = 0;
                if (typeof(T) == typeof(float) && Avx2.IsSupported)
                    ox = MaxUnpool2x2RowFloat(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(gy.Slice(oy * g.OW, fullCols)),
                        MemoryMarshal.Cast<T, float>(gx), top, w);
                for (; ox < fullCols; ox++)
                {
                    int a = top + 2 * ox, c = a + w;
                    int best = a;
                    if (x[a + 1] > x[best]) best = a + 1;
                    if (x[c] > x[best]) best = c;
                    if (x[c + 1] > x[best]) best = c + 1;
                    gx[a] = gx[a + 1] = gx[c] = gx[c + 1] = T.Zero;
                    gx[best] = gy[oy * g.OW + ox];
                }
                gx.Slice(top + 2 * fullCols, w - 2 * fullCols).Clear();
                gx.Slice(top + w + 2 * fullCols, w - 2 * fullCols).Clear();
            }
            gx[(2 * fullRows * w)..].Clear();
        }
        else
            gx.Clear();
        for (int oy = 0; oy < g.OH; oy++)
        {
            var (y0, y1, padRows) = g.Rows(oy);
            for (int ox = oy < fullRows ? fullCols : 0; ox < g.OW; ox++)
            {
                var (x0, x1, padCols) = g.Columns(ox);
                T grad = gy[oy * g.OW + ox];
                if (g.Mode == PoolMode.Max)
                {
                    int best = y0 * w + x0;
                    T value = x[best];
                    for (int iy = y0; iy < y1; iy++)
                        for (int ix = x0; ix < x1; ix++)
                            if (x[iy * w + ix] > value)
                            {
                                value = x[iy * w + ix];
                                best = iy * w + ix;
                            }
                    gx[best] += grad;
                }
                else
                {
                    T share = grad / T.CreateTruncating(Divisor(g.Mode, y1 - y0, x1 - x0, padRows, padCols));
                    for (int iy = y0; iy < y1; iy++)
                        for (int ix = x0; ix < x1; ix++)
                            gx[iy * w + ix] += share;
                }
            }
        }
    }
}
