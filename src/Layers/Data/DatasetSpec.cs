namespace NeuralCore.Layers.Data;

/// <summary>
/// What a dataset consists of: the directory name it is stored under (<c>mnist</c>), a display
/// name for messages, its files with their checksums, and the mirrors it can be downloaded from
/// (empty when it cannot be downloaded).
/// </summary>
public sealed class DatasetSpec
{
    /// <summary>Creates a dataset description.</summary>
    /// <param name="directoryName">The directory the files live in under a data root or cache.</param>
    /// <param name="displayName">The name used in messages.</param>
    /// <param name="files">The files with their expected uncompressed SHA-256 sums.</param>
    /// <param name="mirrors">Base URLs to download from (empty: cannot be downloaded).</param>
    /// <param name="sharesFileNames">True when the file names are also another dataset's (notMNIST uses MNIST's
    /// <c>t10k-*</c> names): a data root from <c>NEURALCORE_DATA</c> is then only used through its
    /// <c>&lt;directoryName&gt;</c> subdirectory, so MNIST files are never mistaken for this dataset.</param>
    /// <exception cref="ArgumentException">When the name is empty or there are no files.</exception>
    public DatasetSpec(string directoryName, string displayName, IReadOnlyList<DatasetFile> files, IReadOnlyList<Uri> mirrors,
        bool sharesFileNames = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directoryName);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(mirrors);
        if (files.Count == 0) throw new ArgumentException($"dataset {displayName}: at least one file is required", nameof(files));
        DirectoryName = directoryName;
        DisplayName = displayName;
        Files = files;
        Mirrors = mirrors;
        SharesFileNames = sharesFileNames;
    }

    /// <summary>Whether the file names are also another dataset's (see the constructor).</summary>
    public bool SharesFileNames { get; }

    /// <summary>The directory the files live in under a data root or cache (e.g. <c>mnist</c>).</summary>
    public string DirectoryName { get; }

    /// <summary>The name used in messages (e.g. <c>MNIST</c>).</summary>
    public string DisplayName { get; }

    /// <summary>The files, with their expected uncompressed SHA-256 sums.</summary>
    public IReadOnlyList<DatasetFile> Files { get; }

    /// <summary>Base URLs the gzipped files can be downloaded from, tried in order.</summary>
    public IReadOnlyList<Uri> Mirrors { get; }

    /// <summary>The expected SHA-256 of <paramref name="fileName"/> (with or without ".gz"), or null.</summary>
    public string? ExpectedSha256(string fileName)
    {
        string name = Sha256Sums.StripGz(Path.GetFileName(fileName));
        foreach (var f in Files)
            if (string.Equals(f.Name, name, StringComparison.Ordinal)) return f.Sha256;
        return null;
    }
}
