using System.Numerics;

namespace NeuralCore.Layers.Data;

/// <summary>
/// Random smooth displacement fields for elastic distortions (Simard et al. 2003): uniform noise in
/// [-1, 1) per pixel convolved with a normalised Gaussian (separable, zero outside the image, as
/// scipy's gaussian_filter with mode "constant"). The noise is a pure function of (seed, pixel),
/// so images can be processed on any thread in any order with the same result. One instance per
/// worker thread: it owns the scratch and field buffers, allocated on first use for an image size.
/// </summary>
internal sealed class ElasticField
{
    private readonly float[] _kernel;
    private readonly int _radius;
    private float[] _noise = [], _temp = [];

    public ElasticField(double sigma)
    {
        // Four standard deviations, as scipy's default truncate, keeps 99.99% of the mass.
        _radius = Math.Max(1, (int)(4 * sigma + 0.5));
        _kernel = new float[2 * _radius + 1];
        double sum = 0;
        for (int i = -_radius; i <= _radius; i++) sum += Math.Exp(-0.5 * i * i / (sigma * sigma));
        for (int i = -_radius; i <= _radius; i++) _kernel[i + _radius] = (float)(Math.Exp(-0.5 * i * i / (sigma * sigma)) / sum);
    }

    /// <summary>The x displacement field of the last <see cref="Generate"/> (height*width values, not yet scaled by alpha).</summary>
    public float[] FieldX { get; private set; } = [];

    /// <summary>The y displacement field of the last <see cref="Generate"/>.</summary>
    public float[] FieldY { get; private set; } = [];

    /// <summary>Fills <see cref="FieldX"/> and <see cref="FieldY"/> with smoothed noise determined by <paramref name="seed"/>.</summary>
    public void Generate(ulong seed, int height, int width)
    {
        int size = height * width;
        if (FieldX.Length != size)
        {
            FieldX = new float[size];
            FieldY = new float[size];
            _noise = new float[size];
            _temp = new float[size];
        }
        Smooth(seed, FieldX, height, width);
        Smooth(seed ^ 0x5851F42D4C957F2DUL, FieldY, height, width);
    }

    private void Smooth(ulong seed, Span<float> field, int height, int width)
    {
        var noise = _noise.AsSpan();
        var temp = _temp.AsSpan();
        for (int i = 0; i < noise.Length; i++) noise[i] = UnitNoise(seed, i);

        // Separable: smooth along y, transpose, smooth along (former) x, transpose back. Smoothing along
        // y adds whole shifted blocks of rows, so each tap is one long AXPY over the image instead of
        // one short AXPY per row (sigma 4 on a 28x28 image: 66 calls per field instead of 1,576).
        SmoothAlongRows(noise, temp, height, width);
        Transpose(temp, noise, height, width);
        SmoothAlongRows(noise, temp, width, height);
        Transpose(temp, field, width, height);
    }

    // target[y, :] = sum over k ascending of K[k] * source[y + k, :] where y + k is a row (zero outside).
    private void SmoothAlongRows(ReadOnlySpan<float> source, Span<float> target, int rows, int columns)
    {
        target.Clear();
        for (int k = -_radius; k <= _radius; k++)
        {
            int y0 = Math.Max(0, -k), y1 = Math.Min(rows, rows - k);
            if (y1 <= y0) continue;
            int length = (y1 - y0) * columns;
            Axpy(_kernel[k + _radius], source.Slice((y0 + k) * columns, length), target.Slice(y0 * columns, length));
        }
    }

    // target (columns x rows) = source (rows x columns) transposed.
    private static void Transpose(ReadOnlySpan<float> source, Span<float> target, int rows, int columns)
    {
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < columns; x++) target[x * rows + y] = source[y * columns + x];
    }

    /// <summary>Uniform in [-1, 1): the SplitMix64 finaliser of (seed, index), 24 random bits.</summary>
    internal static float UnitNoise(ulong seed, int index)
    {
        ulong z = seed + (ulong)(index + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 40) * (2f / (1 << 24)) - 1f;
    }

    // y += a * x; no fused multiply-add, so the vector and scalar parts round alike on every machine.
    private static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var va = new Vector<float>(a);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(y[i..]) + va * new Vector<float>(x[i..])).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++) y[i] += a * x[i];
    }
}
