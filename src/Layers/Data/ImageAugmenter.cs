using NeuralCore.Tensors;

namespace NeuralCore.Layers.Data;

/// <summary>
/// Random augmentation applied on the fly to each minibatch: per image a random shift, rotation
/// and elastic distortion as <see cref="AugmentationOptions"/> say, composed into one bilinear
/// resampling. Seeded: the same seed and the same sequence of batches give the same images on
/// every machine and for every thread count (each image's parameters are drawn in order before
/// the images are processed, on up to <see cref="Parallelism.MaxThreads"/> threads). With a
/// caller-provided destination it allocates nothing after the first batch when it runs on one
/// thread (batches under 64 images, or shifts only); the multi-threaded path allocates only
/// Parallel.For's bookkeeping. Not thread-safe: use one augmenter per thread.
/// </summary>
/// <example><code>
/// var augmenter = new ImageAugmenter(AugmentationOptions.OnePixelShifts with { MaxRotationDegrees = 5 }, seed: 1);
/// var augmented = new Tensor&lt;float&gt;(batch.Shape);   // allocate once
/// augmenter.Apply(batch, augmented);                 // every minibatch
/// </code></example>
public sealed class ImageAugmenter
{
    private const int MinImagesPerWorker = 32;

    private readonly RandomGenerator _random;
    private readonly bool _elastic;
    private readonly Action<int> _runWorker;
    private ElasticField?[] _fields = [];
    private int[] _shiftY = [], _shiftX = [];
    private double[] _angles = [];
    private ulong[] _seeds = [];

    // The batch being processed, read by the workers.
    private ReadOnlyMemory<float> _source;
    private Memory<float> _destination;
    private ImageGeometry _geometry;
    private int _workers;

    /// <summary>Creates an augmenter with its own generator seeded by <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When an option is out of range.</exception>
    public ImageAugmenter(AugmentationOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _random = new RandomGenerator(seed);
        _elastic = options.ElasticAlpha > 0;
        _runWorker = RunWorker;
    }

    /// <summary>What is applied.</summary>
    public AugmentationOptions Options { get; }

    /// <summary>The generator every random draw comes from; give it to <see cref="Training.TrainingOptions.RandomGenerators"/>
    /// so a training checkpoint resumes the augmentation where it stopped.</summary>
    public RandomGenerator Generator => _random;

    /// <summary>Caps the worker count below <see cref="Parallelism.MaxThreads"/> (tests compare thread counts without touching the global knob).</summary>
    internal int? MaxWorkers { get; set; }

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
        if (source.AsReadOnlySpan().Overlaps(destination.AsSpan()))
            throw new ArgumentException("augment: source and destination overlap; use a separate destination buffer");
        if (Options.IsIdentity) { source.AsReadOnlySpan().CopyTo(destination.AsSpan()); return; }

        DrawParameters(g.Count);
        bool resampling = _elastic || Options.MaxRotationDegrees > 0;
        int workers = resampling ? Math.Min(MaxWorkers ?? int.MaxValue, Math.Min(Parallelism.MaxThreads, g.Count / MinImagesPerWorker)) : 1;
        workers = Math.Max(1, workers);
        if (_fields.Length < workers) Array.Resize(ref _fields, workers);

        _source = source.AsMemory();
        _destination = destination.AsMemory();
        _geometry = g;
        _workers = workers;
        try
        {
            if (workers == 1) RunWorker(0);
            else Parallel.For(0, workers, _runWorker);
        }
        finally
        {
            _source = default;
            _destination = default;
        }
    }

    // Sequential draws in a fixed order per image (shift y, shift x, angle, field seed) make the
    // result independent of how the images are later divided among threads.
    private void DrawParameters(int count)
    {
        if (_shiftY.Length < count)
        {
            _shiftY = new int[count];
            _shiftX = new int[count];
            _angles = new double[count];
            _seeds = new ulong[count];
        }
        int maxShift = Options.MaxShift;
        double maxAngle = Options.MaxRotationDegrees * Math.PI / 180;
        for (int i = 0; i < count; i++)
        {
            if (maxShift == 0) { _shiftY[i] = 0; _shiftX[i] = 0; }
            else if (Options.ShiftPattern == ShiftPattern.Square)
            {
                _shiftY[i] = _random.NextInt(2 * maxShift + 1) - maxShift;
                _shiftX[i] = _random.NextInt(2 * maxShift + 1) - maxShift;
            }
            else
            {
                // 0: none; 1..2m: along y (-m..-1, 1..m); 2m+1..4m: along x.
                int k = _random.NextInt(4 * maxShift + 1);
                int amount = k == 0 ? 0 : (k - 1) % (2 * maxShift) - maxShift;
                if (amount >= 0) amount++;
                _shiftY[i] = k >= 1 && k <= 2 * maxShift ? amount : 0;
                _shiftX[i] = k > 2 * maxShift ? amount : 0;
            }
            _angles[i] = maxAngle > 0 ? maxAngle * (2 * _random.NextDouble() - 1) : 0;
            _seeds[i] = _elastic ? _random.NextUInt64() : 0;
        }
    }

    private void RunWorker(int worker)
    {
        var g = _geometry;
        int start = (int)((long)g.Count * worker / _workers), end = (int)((long)g.Count * (worker + 1) / _workers);
        var field = _elastic ? (_fields[worker] ??= new ElasticField(Options.ElasticSigma)) : null;
        var src = _source.Span;
        var dst = _destination.Span;
        float alpha = (float)Options.ElasticAlpha;
        for (int i = start; i < end; i++)
        {
            field?.Generate(_seeds[i], g.Height, g.Width);
            for (int c = 0; c < g.Channels; c++)
            {
                int offset = i * g.ExampleSize + c * g.PlaneSize;
                var plane = src.Slice(offset, g.PlaneSize);
                var output = dst.Slice(offset, g.PlaneSize);
                if (field is null && _angles[i] == 0)
                    ImageTransforms.Shift(plane, output, g.Height, g.Width, _shiftY[i], _shiftX[i]);
                else
                    ImageTransforms.Resample(plane, output, g.Height, g.Width, _shiftY[i], _shiftX[i], _angles[i],
                        field is null ? default : field.FieldX, field is null ? default : field.FieldY, alpha);
            }
        }
    }
}
