using BenchmarkDotNet.Attributes;
using NeuralCore.Layers.Data;
using NeuralCore.Tensors;

namespace NeuralCore.Benchmarks;

/// <summary>
/// The data path of a training epoch: reading MNIST's training images, augmenting a 500-image
/// minibatch (shifts, rotations, elastic distortions), and gathering a shuffled epoch of 50,000
/// flat images in batches of 500. Reads the MNIST files next to the repository (never downloads).
/// </summary>
[MemoryDiagnoser]
public class DataBenchmarks
{
    private string _trainImages = "";
    private Tensor<float> _batch = null!, _augmented = null!;
    private ImageAugmenter _shift = null!, _rotation = null!, _elastic = null!;
    private MiniBatchIterator _iterator = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = new DataLocator(MnistFiles.Dataset) { AllowDownload = false }.Locate();
        _trainImages = DataLocator.FindFile(dir, MnistFiles.TrainImages)!;
        var images = IdxReader.ReadImages(_trainImages);
        _batch = images.Slice(0, 500).Clone();
        _augmented = new Tensor<float>(_batch.Shape);
        _shift = new ImageAugmenter(AugmentationOptions.ExpandedSetShifts, 1);
        _rotation = new ImageAugmenter(AugmentationOptions.SmallRotations with { MaxShift = 1 }, 1);
        _elastic = new ImageAugmenter(AugmentationOptions.Elastic, 1);
        var flat = images.Slice(0, 50_000).Reshape(50_000, 784);
        _iterator = new MiniBatchIterator([flat, new Tensor<int>(new Shape(50_000))], 500, shuffle: true, seed: 1);
    }

    /// <summary>Gunzip, header checks and byte-to-float conversion of 60,000 images.</summary>
    [Benchmark]
    public Tensor<float> ReadTrainImages() => IdxReader.ReadImages(_trainImages);

    /// <summary>One-pixel shifts of a 500-image batch (the expanded set's variants).</summary>
    [Benchmark]
    public void AugmentShift500() => _shift.Apply(_batch, _augmented);

    /// <summary>Shift plus a rotation up to 10 degrees, bilinear.</summary>
    [Benchmark]
    public void AugmentRotation500() => _rotation.Apply(_batch, _augmented);

    /// <summary>Simard's elastic distortion (alpha 34, sigma 4).</summary>
    [Benchmark]
    public void AugmentElastic500() => _elastic.Apply(_batch, _augmented);

    /// <summary>A shuffled epoch: 100 gathers of 500 rows of 784 floats plus labels.</summary>
    [Benchmark]
    public int ShuffledEpoch50000()
    {
        int batches = 0;
        foreach (var _ in _iterator.Epoch()) batches++;
        return batches;
    }
}
