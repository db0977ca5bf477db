namespace NeuralCore.Tensors.Io;

/// <summary>
/// Thrown when a .npy or .npz file is corrupt, truncated, or holds data NeuralCore cannot
/// represent (an unsupported dtype, Fortran order). The message names the file or entry and what
/// was wrong with it.
/// </summary>
public sealed class NpyFormatException : IOException
{
    /// <summary>Creates the exception with a complete message.</summary>
    public NpyFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a complete message and the underlying cause.</summary>
    public NpyFormatException(string message, Exception inner) : base(message, inner) { }
}
