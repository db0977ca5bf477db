using NeuralCore.Tensors;

namespace NeuralCore.Layers.Data;

/// <summary>
/// Random smooth displacement fields for elastic distortions (Simard et al. 2003): uniform noise in
/// [-1, 1] per pixel convolved with a normalised Gaussian (separable, zero outside the image, as
/// scipy's gaussian_filter with mode "constant"). Holds its kernel and scratch row, so generating
/// a field allocates nothing after the first call for an image size.
/// </summary>
internal sealed class ElasticField
{
    private readonly float[] _kernel;
    private readonly int _radius;
    private float[] _scratch = [];

    public ElasticField(double sigma)
    {
        // Four standard deviations, as scipy's default truncate, keeps 99.99% of the mass.
        _radius = Math.Max(1, (int)(4 * sigma + 0.5));
        _kernel = new float[2 * _radius + 1];
        double sum = 0;
        for (int i = -_radius; i <= _radius; i++) sum += Math.Exp(-0.5 * i * i / (sigma * sigma));
        for (int i = -_radius; i <= _radius; i++) _kernel[i + _radius] = (float)(Math.Exp(-0.5 * i * i / (sigma * sigma)) / sum);
    }

    /// <summary>Fills <paramref name="field"/> (height*width) with a smoothed random field.</summary>
    public void Generate(RandomGenerator random, Span<float> field, int height, int width)
    {
        if (_scratch.Length < field.Length) _scratch = new float[field.Length];
        var noise = _scratch.AsSpan(0, field.Length);
        random.Uniform(noise, -1f, 1f);

        // Rows into field, then columns back into noise, then copy: two 1-D passes.
        for (int y = 0; y < height; y++)
        {
            var src = noise.Slice(y * width, width);
            var dst = field.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                float acc = 0;
                int lo = Math.Max(-_radius, -x), hi = Math.Min(_radius, width - 1 - x);
                for (int k = lo; k <= hi; k++) acc += _kernel[k + _radius] * src[x + k];
                dst[x] = acc;
            }
        }
        for (int y = 0; y < height; y++)
        {
            int lo = Math.Max(-_radius, -y), hi = Math.Min(_radius, height - 1 - y);
            for (int x = 0; x < width; x++)
            {
                float acc = 0;
                for (int k = lo; k <= hi; k++) acc += _kernel[k + _radius] * field[(y + k) * width + x];
                noise[y * width + x] = acc;
            }
        }
        noise.CopyTo(field);
    }
}
