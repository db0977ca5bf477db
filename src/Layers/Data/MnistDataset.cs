using NeuralCore.Tensors;

namespace NeuralCore.Layers.Data;

/// <summary>
/// MNIST loaded into tensors: images scaled to [0, 1] and int labels, split into training,
/// validation (Lasagne convention by default) and test sets. The training and validation sets
/// are views of one loaded array.
/// </summary>
/// <example><code>
/// var mnist = MnistDataset.Load(new MnistOptions { DataDirectory = dataDir, Layout = ImageLayout.Flat });
/// // mnist.Train.Inputs: (50000, 784), mnist.Validation!.Inputs: (10000, 784), mnist.Test.Inputs: (10000, 784)
/// </code></example>
public sealed class MnistDataset
{
    /// <summary>Number of examples the Lasagne convention holds out for validation.</summary>
    public const int LasagneValidationCount = 10_000;

    /// <summary>Image height and width.</summary>
    public const int ImageSize = 28;

    /// <summary>Number of classes (digits 0..9).</summary>
    public const int NumClasses = 10;

    private MnistDataset(string directory, LabeledData train, LabeledData? validation, LabeledData test)
    {
        Directory = directory;
        Train = train;
        Validation = validation;
        Test = test;
    }

    /// <summary>The directory the files were read from.</summary>
    public string Directory { get; }

    /// <summary>The training set.</summary>
    public LabeledData Train { get; }

    /// <summary>The validation set; null with the Keras split and no validation fraction.</summary>
    public LabeledData? Validation { get; }

    /// <summary>The test set (t10k), for the final figure only.</summary>
    public LabeledData Test { get; }

    /// <summary>Finds (or downloads) MNIST as <paramref name="options"/> say and loads it.</summary>
    /// <exception cref="DatasetUnavailableException">When the files are nowhere and cannot be downloaded.</exception>
    /// <exception cref="IdxFormatException">When a file is invalid.</exception>
    /// <exception cref="ChecksumMismatchException">When a file's content does not match its known sum.</exception>
    public static MnistDataset Load(MnistOptions? options = null) => LoadAsync(options).GetAwaiter().GetResult();

    /// <summary>Finds (or downloads) MNIST as <paramref name="options"/> say and loads it.</summary>
    /// <exception cref="DatasetUnavailableException">When the files are nowhere and cannot be downloaded.</exception>
    /// <exception cref="IdxFormatException">When a file is invalid.</exception>
    /// <exception cref="ChecksumMismatchException">When a file's content does not match its known sum.</exception>
    public static async Task<MnistDataset> LoadAsync(MnistOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MnistOptions();
        var locator = options.Locator ?? MnistFiles.CreateLocator(options.DataDirectory, options.Progress);
        var directory = await locator.LocateAsync(cancellationToken).ConfigureAwait(false);
        return LoadFrom(directory, options);
    }

    /// <summary>Loads MNIST from <paramref name="directory"/> without searching elsewhere.</summary>
    /// <exception cref="FileNotFoundException">When a file is missing.</exception>
    /// <exception cref="IdxFormatException">When a file is invalid.</exception>
    /// <exception cref="ChecksumMismatchException">When a file's content does not match <c>SHA256SUMS.uncompressed</c>.</exception>
    public static MnistDataset LoadFrom(string directory, MnistOptions? options = null)
    {
        options ??= new MnistOptions();
        var sums = options.VerifyChecksums ? LocalSums(directory) : null;

        // The test set loads on another thread while this one decodes the larger training set.
        var testTask = Task.Run(() => ReadPair(directory, MnistFiles.TestImages, MnistFiles.TestLabels, options.Layout, sums));
        var all = ReadPair(directory, MnistFiles.TrainImages, MnistFiles.TrainLabels, options.Layout, sums);
        var test = testTask.GetAwaiter().GetResult();

        return Split(directory, all, test, options);
    }

    /// <summary>Applies the options' split and subset sizes to loaded training (all 60,000) and test sets.</summary>
    internal static MnistDataset Split(string directory, LabeledData all, LabeledData test, MnistOptions options)
    {
        if (options.ValidationFraction is < 0 or >= 1 || double.IsNaN(options.ValidationFraction))
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationFraction, "mnist: ValidationFraction must be in [0, 1)");
        int validationCount = options.Split switch
        {
            MnistSplit.Lasagne => LasagneValidationCount,
            MnistSplit.Keras => (int)Math.Round(all.Count * options.ValidationFraction),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Split, "mnist: unknown split"),
        };
        if (validationCount >= all.Count)
            throw new IdxFormatException(DataLocator.FindFile(directory, MnistFiles.TrainImages) ?? Path.Combine(directory, MnistFiles.TrainImages),
                $"holds {all.Count} training images, too few to hold out {validationCount} for validation");

        var train = all.Slice(0, all.Count - validationCount);
        LabeledData? validation = validationCount > 0 ? all.Slice(all.Count - validationCount, validationCount) : null;
        if (options.MaxTrain is int maxTrain) train = train.Take(maxTrain);
        if (validation is not null && options.MaxValidation is int maxValidation) validation = validation.Take(maxValidation);
        if (options.MaxTest is int maxTest) test = test.Take(maxTest);
        return new MnistDataset(directory, train, validation, test);
    }

    /// <summary>The sums in <c>SHA256SUMS.uncompressed</c> next to the data files, or null when there is none.</summary>
    internal static IReadOnlyDictionary<string, string>? LocalSums(string directory)
    {
        var path = Path.Combine(directory, Sha256Sums.FileName);
        return System.IO.File.Exists(path) ? Sha256Sums.Read(path) : null;
    }

    internal static LabeledData ReadPair(string directory, string imagesName, string labelsName, ImageLayout layout,
        IReadOnlyDictionary<string, string>? sums)
    {
        string imagesPath = File(directory, imagesName), labelsPath = File(directory, labelsName);
        string? imagesSum = null, labelsSum = null;
        sums?.TryGetValue(imagesName, out imagesSum);
        sums?.TryGetValue(labelsName, out labelsSum);
        var (images, labels) = IdxReader.ReadLabeledImages(imagesPath, labelsPath, layout, NumClasses, imagesSum, labelsSum);
        int rows = layout == ImageLayout.Flat ? -1 : images.Shape[2];
        int cols = layout == ImageLayout.Flat ? -1 : images.Shape[3];
        if (layout == ImageLayout.Flat ? images.Shape[1] != ImageSize * ImageSize : rows != ImageSize || cols != ImageSize)
            throw new IdxFormatException(imagesPath, $"bad dimensions: images of shape {images.Shape}, expected {ImageSize} x {ImageSize} pixels");
        return new LabeledData(images, labels);
    }

    private static string File(string directory, string name)
        => DataLocator.FindFile(directory, name) ?? throw new FileNotFoundException($"{Path.Combine(directory, name)}[.gz]: file not found", Path.Combine(directory, name + ".gz"));
}
