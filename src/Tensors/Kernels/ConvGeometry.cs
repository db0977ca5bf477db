namespace NeuralCore.Tensors;

/// <summary>
/// The validated sizes of one 2-D convolution: input (N, C, H, W), weights (F, C, KH, KW),
/// output (N, F, OH, OW) and the options. Building it is where every shape check happens, so the
/// kernels themselves can index without further checks.
/// </summary>
internal readonly struct ConvGeometry
{
    public readonly int N, C, H, W, F, KH, KW, OH, OW, SH, SW, PH, PW, DH, DW;
    public readonly bool Flip;

    private ConvGeometry(Shape input, Shape weights, Conv2DOptions o, int oh, int ow)
    {
        N = input[0]; C = input[1]; H = input[2]; W = input[3];
        F = weights[0]; KH = weights[2]; KW = weights[3];
        OH = oh; OW = ow;
        SH = o.StrideH; SW = o.StrideW; PH = o.PadH; PW = o.PadW; DH = o.DilationH; DW = o.DilationW;
        Flip = o.FlipFilters;
    }

    /// <summary>Rows of the im2col matrix: C · KH · KW.</summary>
    public int Taps => C * KH * KW;
    /// <summary>Output positions per image: OH · OW.</summary>
    public int OutPlane => OH * OW;
    /// <summary>Input positions per image and channel: H · W.</summary>
    public int InPlane => H * W;
    /// <summary>The output shape (N, F, OH, OW).</summary>
    public Shape OutputShape => new(N, F, OH, OW);
    /// <summary>The input shape (N, C, H, W).</summary>
    public Shape InputShape => new(N, C, H, W);
    /// <summary>The weights shape (F, C, KH, KW).</summary>
    public Shape WeightsShape => new(F, C, KH, KW);

    /// <summary>Checks the ranks, the channel counts, the options and that the (dilated) filter fits
    /// in the padded input, naming <paramref name="op"/> and the shapes in every message.</summary>
    public static ConvGeometry Create(string op, Shape input, Shape weights, Conv2DOptions o)
    {
        if (input.Rank != 4)
            throw new ShapeMismatchException(op, $"input must have rank 4 (batch, channels, rows, columns), got {input}", input, weights);
        if (weights.Rank != 4)
            throw new ShapeMismatchException(op, $"weights must have rank 4 (filters, channels, rows, columns), got {weights}", input, weights);
        if (input[1] != weights[1])
            throw new ShapeMismatchException(op, $"input channels differ: input {input} vs weights {weights}", input, weights);
        if (o.StrideH < 1 || o.StrideW < 1)
            throw new ArgumentException($"{op}: stride ({o.StrideH}, {o.StrideW}) must be at least 1 in each axis (input {input}, weights {weights})"
                + (o == default ? "; default(Conv2DOptions) is all zeros, new Conv2DOptions() means stride 1" : ""));
        if (o.DilationH < 1 || o.DilationW < 1)
            throw new ArgumentException($"{op}: dilation ({o.DilationH}, {o.DilationW}) must be at least 1 in each axis (input {input}, weights {weights})");
        if (o.PadH < 0 || o.PadW < 0)
            throw new ArgumentException($"{op}: padding ({o.PadH}, {o.PadW}) must not be negative (input {input}, weights {weights})");
        if (weights[2] < 1 || weights[3] < 1)
            throw new ShapeMismatchException(op, $"filter size ({weights[2]}, {weights[3]}) must be at least 1 in each axis: weights {weights}", input, weights);
        long effH = (long)(weights[2] - 1) * o.DilationH + 1, effW = (long)(weights[3] - 1) * o.DilationW + 1;
        long padded2H = input[2] + 2L * o.PadH, padded2W = input[3] + 2L * o.PadW;
        if (effH > padded2H || effW > padded2W)
            throw new ShapeMismatchException(op,
                $"filter ({weights[2]}, {weights[3]}) with dilation ({o.DilationH}, {o.DilationW}) spans ({effH}, {effW}), larger than the padded input ({padded2H}, {padded2W}): input {input} with padding ({o.PadH}, {o.PadW}), weights {weights}",
                input, weights);
        int oh = (int)((padded2H - effH) / o.StrideH + 1), ow = (int)((padded2W - effW) / o.StrideW + 1);
        return new ConvGeometry(input, weights, o, oh, ow);
    }

    /// <summary>Index of the first output column ox whose input column ox·SW + j·DW − PW is
    /// inside [0, W), and one past the last; the range is empty when none is.</summary>
    public (int Lo, int Hi) ValidColumns(int j)
    {
        int shift = j * DW - PW; // input column = ox * SW + shift
        int lo = shift >= 0 ? 0 : Math.Min(OW, (-shift + SW - 1) / SW);
        int hi = W - 1 - shift < 0 ? 0 : Math.Min(OW, (W - 1 - shift) / SW + 1);
        return (lo, Math.Max(lo, hi));
    }

    /// <summary>Same as <see cref="ValidColumns"/> for output rows and filter row i.</summary>
    public (int Lo, int Hi) ValidRows(int i)
    {
        int shift = i * DH - PH;
        int lo = shift >= 0 ? 0 : Math.Min(OH, (-shift + SH - 1) / SH);
        int hi = H - 1 - shift < 0 ? 0 : Math.Min(OH, (H - 1 - shift) / SH + 1);
        return (lo, Math.Max(lo, hi));
    }
}
