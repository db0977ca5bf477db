namespace NeuralCore.Layers.Data;

/// <summary>
/// A file could not be fetched from any mirror (network error, HTTP error). The message is one
/// line listing each mirror tried and why it failed. Checksum failures are reported as
/// <see cref="ChecksumMismatchException"/> instead.
/// </summary>
public sealed class DatasetDownloadException : IOException
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public DatasetDownloadException(string message, Exception? innerException = null) : base(message, innerException) { }
}
