namespace NeuralCore.Layers.Data;

/// <summary>How <see cref="NotMnistDataset.Load(NotMnistOptions?)"/> finds, splits and shapes the notMNIST sample.</summary>
public sealed record NotMnistOptions
{
    /// <summary>An explicit data directory (<c>--data DIR</c>, holding the files or a <c>notmnist</c> subdirectory).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>A fully configured locator; overrides <see cref="DataDirectory"/> when set.</summary>
    public DataLocator? Locator { get; init; }

    /// <summary>The fraction held out for validation (0.15: 8,500 training and 1,500 validation images).</summary>
    public double ValidationFraction { get; init; } = 0.15;

    /// <summary>The seed of the random split; the same seed gives the same split on every machine.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>(N, 1, 28, 28) or (N, 784).</summary>
    public ImageLayout Layout { get; init; } = ImageLayout.Image;

    /// <summary>Whether to check the files against a <c>SHA256SUMS.uncompressed</c> next to them (when there is one).</summary>
    public bool VerifyChecksums { get; init; } = true;
}
