namespace NeuralCore.Layers.Data;

/// <summary>
/// The four MNIST files, the SHA-256 of their uncompressed content (as in
/// <c>SHA256SUMS.uncompressed</c>) and the mirrors they are downloaded from.
/// </summary>
public static class MnistFiles
{
    /// <summary>Training images (60,000 x 28 x 28).</summary>
    public const string TrainImages = "train-images-idx3-ubyte";

    /// <summary>Training labels (60,000).</summary>
    public const string TrainLabels = "train-labels-idx1-ubyte";

    /// <summary>Test images (10,000 x 28 x 28).</summary>
    public const string TestImages = "t10k-images-idx3-ubyte";

    /// <summary>Test labels (10,000).</summary>
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>The MNIST dataset: directory name <c>mnist</c>, the four files with their uncompressed
    /// SHA-256 sums, and the canonical mirrors (the PyTorch S3 mirror, then Google's CVDF bucket).</summary>
    public static DatasetSpec Dataset { get; } = new(
        "mnist", "MNIST",
        [
            new DatasetFile(TrainImages, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new DatasetFile(TrainLabels, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new DatasetFile(TestImages, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new DatasetFile(TestLabels, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
        ],
        [
            new Uri("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            new Uri("https://storage.googleapis.com/cvdf-datasets/mnist/"),
        ]);

    /// <summary>A locator for MNIST with the default search order, starting with
    /// <paramref name="dataDirectory"/> when given (a program's <c>--data DIR</c>).</summary>
    public static DataLocator CreateLocator(string? dataDirectory = null, IProgress<DownloadProgress>? progress = null)
        => new(Dataset) { ExplicitDirectory = dataDirectory, Progress = progress };
}
