namespace NeuralCore.Autodiff;

/// <summary>Thrown in <see cref="CompileOptions.NanGuard"/> mode by the first op whose output contains NaN or infinity.</summary>
public sealed class NanGuardException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="node"/>.</summary>
    public NanGuardException(Apply node, int output, int flatIndex, double value, string message) : base(message)
    {
        Node = node;
        OutputIndex = output;
        FlatIndex = flatIndex;
        Value = value;
    }

    /// <summary>The node that produced the value.</summary>
    public Apply Node { get; }
    /// <summary>Which output of the node.</summary>
    public int OutputIndex { get; }
    /// <summary>Row-major index of the first bad element.</summary>
    public int FlatIndex { get; }
    /// <summary>The bad value (NaN or ±infinity).</summary>
    public double Value { get; }
}
