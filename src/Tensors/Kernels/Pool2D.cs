using System.Numerics;

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
        if (result.Shape != g.OutputShape)
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
        if (output.Shape != g.OutputShape || gradOutput.Shape != g.OutputShape)
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
        int workers = ConvSupport.Workers(planes);
        ConvSupport.Run(workers, worker =>
        {
            int p0 = ConvSupport.RangeStart(planes, workers, worker), p1 = ConvSupport.RangeStart(planes, workers, worker + 1);
            int inPlane = g.H * g.W, outPlane = g.OH * g.OW;
            for (int p = p0; p < p1; p++)
                PoolPlane(g, src.AsSpan(srcOffset + p * inPlane, inPlane), dst.AsSpan(dstOffset + p * outPlane, outPlane));
        });
    }

    private static void PoolPlane<T>(in PoolGeometry g, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        int w = g.W;
        for (int oy = 0; oy < g.OH; oy++)
        {
            var (y0, y1, padRows) = g.Rows(oy);
            for (int ox = 0; ox < g.OW; ox++)
            {
                var (x0, x1, padCols) = g.Columns(ox);
                T value;
                if (g.Mode == PoolMode.Max)
                {
                    value = x[y0 * w + x0];
                    for (int iy = y0; iy < y1; iy++)
                        for (int ix = x0; ix < x1; ix++)
                            if (x[iy * w + ix] > value) value = x[iy * w + ix];
                }
                else
                {
                    T sum = T.Zero;
                    for (int iy = y0; iy < y1; iy++)
                        for (int ix = x0; ix < x1; ix++)
                            sum += x[iy * w + ix];
                    value = sum / T.CreateTruncating(Divisor(g.Mode, y1 - y0, x1 - x0, padRows, padCols));
                }
                y[oy * g.OW + ox] = value;
            }
        }
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
        int workers = ConvSupport.Workers(planes);
        ConvSupport.Run(workers, worker =>
        {
            int p0 = ConvSupport.RangeStart(planes, workers, worker), p1 = ConvSupport.RangeStart(planes, workers, worker + 1);
            int inPlane = g.H * g.W, outPlane = g.OH * g.OW;
            for (int p = p0; p < p1; p++)
                UnpoolPlane(g, x.AsSpan(xOffset + p * inPlane, inPlane), gy.AsSpan(gyOffset + p * outPlane, outPlane),
                    gx.AsSpan(gxOffset + p * inPlane, inPlane));
        });
    }

    private static void UnpoolPlane<T>(in PoolGeometry g, ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> gx) where T : unmanaged, INumber<T>
    {
        int w = g.W;
        gx.Clear();
        for (int oy = 0; oy < g.OH; oy++)
        {
            var (y0, y1, padRows) = g.Rows(oy);
            for (int ox = 0; ox < g.OW; ox++)
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
