namespace NeuralCore.Layers;

/// <summary>Output length of pooling along one axis (Lasagne's <c>pool_output_length</c>).</summary>
public static class PoolShape
{
    /// <summary>
    /// The pooled length. With <paramref name="ignoreBorder"/> (the default in Lasagne) only complete
    /// windows count: ceil((input + 2·pad - pool + 1) / stride). Without it, partial windows at the end
    /// count too (pad must be 0): ceil(input / stride) when stride ≥ pool, otherwise
    /// max(0, ceil((input - pool) / stride)) + 1. Null when the input length is unknown.
    /// </summary>
    public static int? OutputLength(int? inputLength, int poolSize, int stride, int pad, bool ignoreBorder)
    {
        if (inputLength is not int n) return null;
        if (ignoreBorder)
        {
            int full = n + 2 * pad - poolSize + 1;
            return full <= 0 ? full : (full + stride - 1) / stride;
        }
        if (stride >= poolSize) return (n + stride - 1) / stride;
        return Math.Max(0, (n - poolSize + stride - 1) / stride) + 1;
    }
}
