using System.Globalization;
using NeuralCore.Tensors;

namespace NeuralCore.Autodiff;

/// <summary>A variable with a fixed value known when the graph is built (every extent is static).</summary>
public sealed class Constant : Variable
{
    /// <summary>Creates a constant holding <paramref name="value"/> (the tensor is not copied; do not mutate it).</summary>
    public Constant(Tensor value, string? name = null)
        : base(TensorType.Of(value), null, 0, name, SourceTrace.Capture())
    {
        Value = value;
    }

    /// <summary>The value.</summary>
    public Tensor Value { get; }

    /// <summary>True when the constant has one element.</summary>
    public bool IsScalarLike => Value.Length == 1;

    /// <summary>The value of a one-element constant as a double.</summary>
    public double ScalarValue => Value.GetDouble(0);

    /// <summary>True when every element equals <paramref name="x"/>.</summary>
    public bool AllEqual(double x)
    {
        for (int i = 0; i < Value.Length; i++) if (Value.GetDouble(i) != x) return false;
        return true;
    }

    /// <summary>The value for printing: "10", "0.5", or the name/shape of a larger constant.</summary>
    public string Format()
    {
        if (Value.Length == 1) return Value.GetDouble(0).ToString("G7", CultureInfo.InvariantCulture);
        return Name ?? $"constant{Value.Shape}";
    }

    /// <inheritdoc/>
    public override string ToString() => Format();
}
