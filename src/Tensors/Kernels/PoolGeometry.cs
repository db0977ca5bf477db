namespace NeuralCore.Tensors;

/// <summary>
/// The validated sizes of one 2-D pooling: input (N, C, H, W), output (N, C, OH, OW) and the
/// options. Output lengths follow Lasagne's <c>pool_output_length</c> (Theano's
/// <c>Pool.out_shape</c>).
/// </summary>
internal readonly struct PoolGeometry
{
    public readonly int N, C, H, W, OH, OW, KH, KW, SH, SW, PH, PW;
    public readonly bool IgnoreBorder;
    public readonly PoolMode Mode;

    private PoolGeometry(Shape input, Pool2DOptions o, int oh, int ow)
    {
        N = input[0]; C = input[1]; H = input[2]; W = input[3];
        OH = oh; OW = ow;
        KH = o.PoolH; KW = o.PoolW; SH = o.StrideH; SW = o.StrideW; PH = o.PadH; PW = o.PadW;
        IgnoreBorder = o.IgnoreBorder;
        Mode = o.Mode;
    }

    /// <summary>The output shape (N, C, OH, OW).</summary>
    public Shape OutputShape => new(N, C, OH, OW);

    /// <summary>Checks rank, sizes, strides and paddings, naming <paramref name="op"/> and the shape.</summary>
    public static PoolGeometry Create(string op, Shape input, Pool2DOptions o)
    {
        if (input.Rank != 4)
            throw new ShapeMismatchException(op, $"input must have rank 4 (batch, channels, rows, columns), got {input}", input);
        if (o.PoolH < 1 || o.PoolW < 1)
            throw new ArgumentException($"{op}: pool size ({o.PoolH}, {o.PoolW}) must be at least 1 in each axis (input {input})");
        if (o.StrideH < 1 || o.StrideW < 1)
            throw new ArgumentException($"{op}: stride ({o.StrideH}, {o.StrideW}) must be at least 1 in each axis (input {input})");
        if (o.PadH < 0 || o.PadW < 0)
            throw new ArgumentException($"{op}: padding ({o.PadH}, {o.PadW}) must not be negative (input {input})");
        if (o.PadH >= o.PoolH || o.PadW >= o.PoolW)
            throw new ArgumentException($"{op}: padding ({o.PadH}, {o.PadW}) must be smaller than the pool size ({o.PoolH}, {o.PoolW}) (input {input})");
        if (!o.IgnoreBorder && (o.PadH != 0 || o.PadW != 0))
            throw new ArgumentException($"{op}: padding ({o.PadH}, {o.PadW}) works only with IgnoreBorder = true (input {input})");
        // Not Enum.IsDefined: its cache is held weakly by the runtime and rebuilt (allocating) after a garbage collection.
        if (o.Mode is not (PoolMode.Max or PoolMode.AverageIncludePadding or PoolMode.AverageExcludePadding))
            throw new ArgumentOutOfRangeException(nameof(o), o.Mode, $"{op}: unknown pool mode");
        int h = input[2], w = input[3];
        if (o.IgnoreBorder && (h + 2L * o.PadH < o.PoolH || w + 2L * o.PadW < o.PoolW))
            throw new ShapeMismatchException(op,
                $"pool ({o.PoolH}, {o.PoolW}) is larger than the padded input ({h + 2L * o.PadH}, {w + 2L * o.PadW}): input {input} with padding ({o.PadH}, {o.PadW})",
                input);
        int oh = OutputLength(h, o.PoolH, o.StrideH, o.PadH, o.IgnoreBorder);
        int ow = OutputLength(w, o.PoolW, o.StrideW, o.PadW, o.IgnoreBorder);
        return new PoolGeometry(input, o, oh, ow);
    }

    /// <summary>Lasagne's <c>pool_output_length</c>. With ignore_border the windows must fit in the
    /// padded input; without it a last, partial window is added when the input does not divide
    /// evenly (an empty input gives an empty output).</summary>
    internal static int OutputLength(int length, int pool, int stride, int pad, bool ignoreBorder)
    {
        if (ignoreBorder)
            return (length + 2 * pad - pool) / stride + 1;
        if (length == 0)
            return 0;
        if (stride >= pool)
            return (length + stride - 1) / stride;
        int rest = length - pool + stride - 1;
        return (rest < 0 ? 0 : rest / stride) + 1;
    }

    /// <summary>The input rows [Lo, Hi) of output row <paramref name="oy"/>, clipped to the real
    /// input, and the divisor extent of average pooling including padding (the window clipped to
    /// the padded input).</summary>
    public (int Lo, int Hi, int PaddedExtent) Rows(int oy)
    {
        int start = oy * SH - PH, end = start + KH;
        return (Math.Max(start, 0), Math.Min(end, H), Math.Min(end, H + PH) - Math.Max(start, -PH));
    }

    /// <summary>The input columns of output column <paramref name="ox"/>; see <see cref="Rows"/>.</summary>
    public (int Lo, int Hi, int PaddedExtent) Columns(int ox)
    {
        int start = ox * SW - PW, end = start + KW;
        return (Math.Max(start, 0), Math.Min(end, W), Math.Min(end, W + PW) - Math.Max(start, -PW));
    }
}
