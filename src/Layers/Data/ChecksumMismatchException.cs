namespace NeuralCore.Layers.Data;

/// <summary>
/// The SHA-256 of a data file's uncompressed content differs from the expected sum. The message
/// names the file and both sums.
/// </summary>
public sealed class ChecksumMismatchException : IOException
{
    /// <summary>Creates the exception; <paramref name="source"/> says where the expected sum came from.</summary>
    public ChecksumMismatchException(string filePath, string expectedSha256, string actualSha256, string? source = null)
        : base($"{filePath}: SHA-256 of the uncompressed content is {actualSha256}, expected {expectedSha256}"
               + (source is null ? "" : $" (from {source})")
               + "; the file is corrupt or not the original, delete it and provide or download it again")
    {
        FilePath = filePath;
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    /// <summary>The file whose content does not match.</summary>
    public string FilePath { get; }

    /// <summary>The expected SHA-256 (lower-case hex).</summary>
    public string ExpectedSha256 { get; }

    /// <summary>The SHA-256 actually computed (lower-case hex).</summary>
    public string ActualSha256 { get; }
}
