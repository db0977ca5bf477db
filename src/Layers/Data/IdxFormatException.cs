namespace NeuralCore.Layers.Data;

/// <summary>
/// A data file is not a valid IDX file, or its content contradicts what the loader needs (wrong
/// magic number, truncated data, image and label counts that differ, labels out of range, bad
/// dimensions). The message starts with the file's path.
/// </summary>
public sealed class IdxFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="filePath"/>; the message is "path: problem".</summary>
    public IdxFormatException(string filePath, string problem, Exception? innerException = null)
        : base($"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file that is wrong.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; }
}
