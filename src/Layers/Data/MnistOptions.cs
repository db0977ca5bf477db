namespace NeuralCore.Layers.Data;

/// <summary>How <see cref="MnistDataset.Load(MnistOptions?)"/> finds, splits and shapes MNIST.</summary>
public sealed record MnistOptions
{
    /// <summary>An explicit data directory (<c>--data DIR</c>); the default search order when null.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>A fully configured locator; overrides <see cref="DataDirectory"/> and <see cref="Progress"/> when set.</summary>
    public DataLocator? Locator { get; init; }

    /// <summary>Receives download progress when the files have to be downloaded.</summary>
    public IProgress<DownloadProgress>? Progress { get; init; }

    /// <summary>The training/validation split; <see cref="MnistSplit.Lasagne"/> by default.</summary>
    public MnistSplit Split { get; init; } = MnistSplit.Lasagne;

    /// <summary>With <see cref="MnistSplit.Keras"/>: the fraction of the 60,000 held out (the last ones) for validation; 0 means none.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>(N, 1, 28, 28) or (N, 784).</summary>
    public ImageLayout Layout { get; init; } = ImageLayout.Image;

    /// <summary>Keep only the first K training examples (quick runs and tests); all when null.</summary>
    public int? MaxTrain { get; init; }

    /// <summary>Keep only the first K validation examples; all when null.</summary>
    public int? MaxValidation { get; init; }

    /// <summary>Keep only the first K test examples; all when null.</summary>
    public int? MaxTest { get; init; }

    /// <summary>Whether to check the uncompressed SHA-256 of each file against a <c>SHA256SUMS.uncompressed</c>
    /// file next to them (when there is one). On by default; it costs about 0.1 s.</summary>
    public bool VerifyChecksums { get; init; } = true;
}
