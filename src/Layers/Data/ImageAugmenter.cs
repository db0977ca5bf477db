using NeuralCore.Tensors;

namespace NeuralCore.Layers.Data;

/// <summary>
/// Random augmentation applied on the fly to each minibatch: per image a random shift, rotation
/// and elastic distortion as <see cref="AugmentationOptions"/> say, composed into one bilinear
/// resampling. Seeded: the same seed and the same sequence of batches give the same images on
/// every machine. Allocation-free after the first batch when the caller provides the destination.
/// Not thread-safe: use one augmenter per thread.
/// </summary>
/// <example><code>
/// var augmenter = new ImageAugmenter(AugmentationOptions.OnePixelShifts with { MaxRotationDegrees = 5 }, seed: 1);
/// var augmented = new Tensor&lt;float&gt;(batch.Shape);   // allocate once
/// augmenter.Apply(batch, augmented);                 // every minibatch
/// </code></example>
public sealed class ImageAugmenter
{
    private readonly RandomGenerator _random;
    private readonly ElasticField? _elastic;
    private float[] _fieldX = [], _fieldY = [];

    /// <summary>Creates an augmenter with its own generator seeded by <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When an option is out of range.</exception>
    public ImageAugmenter(AugmentationOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _random = new RandomGenerator(seed);
        if (options.ElasticAlpha > 0) _elastic = new ElasticField(options.ElasticSigma);
    }

    /// <summary>What is applied.</summary>
    public AugmentationOptions Options { get; }

    /// <summary>A new tensor holding the augmented images of <paramref name="source"/>.</summary>
    public Tensor<float> Apply(Tensor<float> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var destination = new Tensor<float>(source.Shape);
        Apply(source, destination);
        return destination;
    }

    /// <summary>Writes the augmented images of <paramref name="source"/> ((N, C, H, W), (N, H, W) or
    /// (N, H*W) with square images) into <paramref name="destination"/> of the same shape. All
    /// channels of an example get the same transform.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes differ or are not image batches.</exception>
    /// <exception cref="ArgumentException">When source and destination overlap.</exception>
    public void Apply(Tensor<float> source, Tensor<float> destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Shape != destination.Shape)
            throw new ShapeMismatchException("augment", $"destination shape {destination.Shape} differs from source shape {source.Shape}", source.Shape, destination.Shape);
        var g = ImageGeometry.Of(source, "augment");
        var src = source.AsReadOnlySpan();
        var dst = destination.AsSpan();
        if (src.Overlaps(dst)) throw new ArgumentException("augment: source and destination overlap; use a separate destination buffer");
        if (Options.IsIdentity) { src.CopyTo(dst); return; }

        if (_elastic is not null && _fieldX.Length < g.PlaneSize)
        {
            _fieldX = new float[g.PlaneSize];
            _fieldY = new float[g.PlaneSize];
        }
        var fieldX = _fieldX.AsSpan(0, _elastic is null ? 0 : g.PlaneSize);
        var fieldY = _fieldY.AsSpan(0, _elastic is null ? 0 : g.PlaneSize);
        double maxAngle = Options.MaxRotationDegrees * Math.PI / 180;
        int maxShift = Options.MaxShift;

        for (int i = 0; i < g.Count; i++)
        {
            // Fixed draw order per image (shift, angle, field) keeps results reproducible.
            int dy = maxShift > 0 ? _random.NextInt(2 * maxShift + 1) - maxShift : 0;
            int dx = maxShift > 0 ? _random.NextInt(2 * maxShift + 1) - maxShift : 0;
            double angle = maxAngle > 0 ? maxAngle * (2 * _random.NextDouble() - 1) : 0;
            if (_elastic is not null)
            {
                _elastic.Generate(_random, fieldX, g.Height, g.Width);
                _elastic.Generate(_random, fieldY, g.Height, g.Width);
            }
            for (int c = 0; c < g.Channels; c++)
            {
                int offset = i * g.ExampleSize + c * g.PlaneSize;
                var plane = src.Slice(offset, g.PlaneSize);
                var output = dst.Slice(offset, g.PlaneSize);
                if (angle == 0 && _elastic is null)
                    ImageTransforms.Shift(plane, output, g.Height, g.Width, dy, dx);
                else
                    ImageTransforms.Resample(plane, output, g.Height, g.Width, dy, dx, angle, fieldX, fieldY, (float)Options.ElasticAlpha);
            }
        }
    }
}
