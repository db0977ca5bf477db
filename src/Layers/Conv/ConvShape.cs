namespace NeuralCore.Layers;

/// <summary>Output length of a convolution along one axis (Lasagne's <c>conv_output_length</c>).</summary>
public static class ConvShape
{
    /// <summary>
    /// The output length for an input of <paramref name="inputLength"/> (null when unknown), a filter of
    /// <paramref name="filterSize"/>, a stride and <paramref name="pad"/> zeros per side:
    /// ceil((input + 2·pad - filter + 1) / stride), or null when the input length is unknown.
    /// </summary>
    public static int? OutputLength(int? inputLength, int filterSize, int stride, int pad)
    {
        if (inputLength is not int n) return null;
        int full = n + 2 * pad - filterSize + 1;
        return full <= 0 ? full : (full + stride - 1) / stride;
    }
}
