using NeuralCore.Tensors;

namespace NeuralCore.Layers.Data;

/// <summary>
/// The 10,000-image notMNIST sample (letters A..J as labels 0..9, 28x28, MNIST's IDX format, files
/// <c>t10k-images-idx3-ubyte.gz</c> and <c>t10k-labels-idx1-ubyte.gz</c> in <c>shared/data/notmnist</c>),
/// split at random with a seed into training and validation sets (85/15 by default, as the
/// notMNIST practicals do). Located like MNIST (explicit directory, <c>NEURALCORE_DATA</c>,
/// <c>shared/data/notmnist</c> near the repository); it cannot be downloaded.
/// </summary>
public sealed class NotMnistDataset
{
    /// <summary>The class names: label i is the letter <c>ClassNames[i]</c>.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"];

    /// <summary>The notMNIST sample: directory name <c>notmnist</c>, two files, no mirror.</summary>
    public static DatasetSpec Dataset { get; } = new(
        "notmnist", "notMNIST",
        [new DatasetFile(MnistFiles.TestImages, null), new DatasetFile(MnistFiles.TestLabels, null)],
        [],
        sharesFileNames: true);

    private NotMnistDataset(string directory, LabeledData train, LabeledData validation)
    {
        Directory = directory;
        Train = train;
        Validation = validation;
    }

    /// <summary>The directory the files were read from.</summary>
    public string Directory { get; }

    /// <summary>The training set (8,500 images by default).</summary>
    public LabeledData Train { get; }

    /// <summary>The validation set (1,500 images by default).</summary>
    public LabeledData Validation { get; }

    /// <summary>A locator for notMNIST with the default search order, starting with <paramref name="dataDirectory"/> when given.</summary>
    public static DataLocator CreateLocator(string? dataDirectory = null) => new(Dataset) { ExplicitDirectory = dataDirectory };

    /// <summary>Finds and loads the sample, then splits it with the options' seed.</summary>
    /// <exception cref="DatasetUnavailableException">When the files are nowhere.</exception>
    /// <exception cref="IdxFormatException">When a file is invalid.</exception>
    public static NotMnistDataset Load(NotMnistOptions? options = null)
    {
        options ??= new NotMnistOptions();
        var locator = options.Locator ?? CreateLocator(options.DataDirectory);
        return LoadFrom(locator.Locate(), options);
    }

    /// <summary>Loads the sample from <paramref name="directory"/> and splits it with the options' seed.</summary>
    /// <exception cref="IdxFormatException">When a file is invalid.</exception>
    public static NotMnistDataset LoadFrom(string directory, NotMnistOptions? options = null)
    {
        options ??= new NotMnistOptions();
        if (options.ValidationFraction is <= 0 or >= 1 || double.IsNaN(options.ValidationFraction))
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationFraction, "notmnist: ValidationFraction must be in (0, 1)");
        var sums = options.VerifyChecksums ? MnistDataset.LocalSums(directory) : null;
        var all = MnistDataset.ReadPair(directory, MnistFiles.TestImages, MnistFiles.TestLabels, options.Layout, sums);
        return Split(directory, all, options);
    }

    /// <summary>Splits the loaded sample with the options' seed and fraction.</summary>
    internal static NotMnistDataset Split(string directory, LabeledData all, NotMnistOptions options)
    {
        int validationCount = (int)Math.Round(all.Count * options.ValidationFraction);
        var order = new RandomGenerator(options.Seed).Permutation(all.Count);
        var train = Gather(all, order.AsSpan(0, all.Count - validationCount));
        var validation = Gather(all, order.AsSpan(all.Count - validationCount));
        return new NotMnistDataset(directory, train, validation);
    }

    private static LabeledData Gather(LabeledData source, ReadOnlySpan<int> indices)
    {
        var inputs = new Tensor<float>(source.Inputs.Shape.With(0, indices.Length));
        var labels = new Tensor<int>(new Shape(indices.Length));
        int row = source.Inputs.Length / Math.Max(1, source.Count);
        var src = source.Inputs.AsReadOnlySpan();
        var dst = inputs.AsSpan();
        var srcLabels = source.Labels.AsReadOnlySpan();
        var dstLabels = labels.AsSpan();
        for (int i = 0; i < indices.Length; i++)
        {
            src.Slice(indices[i] * row, row).CopyTo(dst.Slice(i * row, row));
            dstLabels[i] = srcLabels[indices[i]];
        }
        return new LabeledData(inputs, labels);
    }
}
