namespace NeuralCore.Layers.Data;

/// <summary>
/// One file of a dataset: its uncompressed name (e.g. <c>train-images-idx3-ubyte</c>; on disk and
/// on the mirrors it is usually gzipped as name + ".gz") and the SHA-256 of its uncompressed content.
/// </summary>
/// <param name="Name">The uncompressed file name.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the uncompressed content, or null when unknown.</param>
public sealed record DatasetFile(string Name, string? Sha256);
