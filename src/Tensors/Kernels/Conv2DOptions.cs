namespace NeuralCore.Tensors;

/// <summary>
/// Geometry of a 2-D convolution: stride, explicit zero padding on each side, dilation, and
/// whether the filters are flipped (a true convolution, Lasagne's default <c>flip_filters=True</c>)
/// or applied as they are (cross-correlation, the default here and in most frameworks).
/// </summary>
/// <param name="StrideH">Vertical step between output positions (at least 1).</param>
/// <param name="StrideW">Horizontal step between output positions (at least 1).</param>
/// <param name="PadH">Zero rows added above and below the input.</param>
/// <param name="PadW">Zero columns added left and right of the input.</param>
/// <param name="DilationH">Vertical spacing between filter taps (1 = dense filter).</param>
/// <param name="DilationW">Horizontal spacing between filter taps (1 = dense filter).</param>
/// <param name="FlipFilters">When true the filters are flipped in both spatial axes before they
/// are applied, which makes the operation a true convolution.</param>
public readonly record struct Conv2DOptions(int StrideH = 1, int StrideW = 1, int PadH = 0, int PadW = 0,
    int DilationH = 1, int DilationW = 1, bool FlipFilters = false)
{
    /// <summary>Stride 1, no padding, no dilation, no flip. Declared so that <c>new Conv2DOptions()</c>
    /// means these defaults rather than the all-zero struct value.</summary>
    public Conv2DOptions() : this(1, 1, 0, 0, 1, 1, false) { }

    /// <summary>The options for a named padding mode with Lasagne's semantics: 'valid' pads 0,
    /// 'full' pads (k - 1) · dilation, 'same' pads (k - 1) · dilation / 2 (k // 2 without
    /// dilation) and needs odd filter sizes.</summary>
    /// <exception cref="ArgumentException">When 'same' is asked for an even filter size, or a size,
    /// stride or dilation is below 1.</exception>
    public static Conv2DOptions FromPadding(ConvPadding padding, int kernelH, int kernelW, int strideH = 1, int strideW = 1,
        int dilationH = 1, int dilationW = 1, bool flipFilters = false)
    {
        if (kernelH < 1 || kernelW < 1)
            throw new ArgumentException($"conv2d: filter size ({kernelH}, {kernelW}) must be at least 1 in each axis");
        if (strideH < 1 || strideW < 1)
            throw new ArgumentException($"conv2d: stride ({strideH}, {strideW}) must be at least 1 in each axis");
        if (dilationH < 1 || dilationW < 1)
            throw new ArgumentException($"conv2d: dilation ({dilationH}, {dilationW}) must be at least 1 in each axis");
        int padH, padW;
        switch (padding)
        {
            case ConvPadding.Valid:
                padH = padW = 0;
                break;
            case ConvPadding.Full:
                padH = (kernelH - 1) * dilationH;
                padW = (kernelW - 1) * dilationW;
                break;
            case ConvPadding.Same:
                if (kernelH % 2 == 0 || kernelW % 2 == 0)
                    throw new ArgumentException($"conv2d: 'same' padding requires odd filter sizes, got ({kernelH}, {kernelW})");
                padH = (kernelH - 1) * dilationH / 2;
                padW = (kernelW - 1) * dilationW / 2;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(padding), padding, "conv2d: unknown padding mode");
        }
        return new Conv2DOptions(strideH, strideW, padH, padW, dilationH, dilationW, flipFilters);
    }
}
