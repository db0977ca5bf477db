namespace NeuralCore.Layers.Data;

/// <summary>
/// A dataset's files were found in none of the searched directories and could not be downloaded.
/// The message is one line: where the files were looked for, why downloading failed, and how to
/// provide them (<c>--data DIR</c> or the <c>NEURALCORE_DATA</c> environment variable).
/// </summary>
public sealed class DatasetUnavailableException : IOException
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public DatasetUnavailableException(string message, IReadOnlyList<string> searchedDirectories, Exception? innerException = null)
        : base(message, innerException)
    {
        SearchedDirectories = searchedDirectories;
    }

    /// <summary>The directories that were searched, in search order.</summary>
    public IReadOnlyList<string> SearchedDirectories { get; }
}
