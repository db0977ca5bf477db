namespace NeuralCore.Layers.Data;

/// <summary>
/// Progress of one file download, reported through <see cref="IProgress{T}"/> so that the library
/// needs no UI: a console program renders it as a progress bar.
/// </summary>
/// <param name="File">The file being downloaded (e.g. <c>train-images-idx3-ubyte.gz</c>).</param>
/// <param name="BytesReceived">Bytes received so far for this file.</param>
/// <param name="TotalBytes">The file's size when the server announced it, otherwise null.</param>
/// <param name="Source">The URL being downloaded.</param>
public readonly record struct DownloadProgress(string File, long BytesReceived, long? TotalBytes, Uri Source)
{
    /// <summary>Fraction done in [0, 1], or null when the total size is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 ? Math.Clamp((double)BytesReceived / TotalBytes.Value, 0, 1) : null;
}
