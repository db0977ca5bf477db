namespace NeuralCore.Tensors;

/// <summary>
/// Thrown when an operation receives tensors whose shapes do not fit together. The message names
/// the operation and every shape involved, e.g. <c>matmul: inner dimensions differ: (128, 784) x (800, 10)</c>.
/// </summary>
public sealed class ShapeMismatchException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="operation"/> with a description and the shapes involved.</summary>
    public ShapeMismatchException(string operation, string problem, params Shape[] shapes)
        : base($"{operation}: {problem}")
    {
        Operation = operation;
        Shapes = shapes;
    }

    /// <summary>The name of the operation that rejected its inputs.</summary>
    public string Operation { get; }

    /// <summary>The shapes involved, in argument order.</summary>
    public IReadOnlyList<Shape> Shapes { get; }
}
