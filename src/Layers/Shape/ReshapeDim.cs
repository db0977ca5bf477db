namespace NeuralCore.Layers;

/// <summary>
/// One entry of a <see cref="ReshapeLayer"/> target shape: a fixed extent, -1 (inferred from the
/// element count, at most once), or <see cref="Input"/>(i), "the extent of input axis i" (Lasagne's <c>[i]</c>).
/// Ints convert implicitly: <c>[ReshapeDim.Input(0), 1, 28, 28]</c>.
/// </summary>
public readonly record struct ReshapeDim
{
    private ReshapeDim(int value, bool isInputReference)
    {
        Value = value;
        IsInputReference = isInputReference;
    }

    /// <summary>The fixed extent (or -1), or the referenced input axis.</summary>
    public int Value { get; }

    /// <summary>True when the entry refers to an input axis.</summary>
    public bool IsInputReference { get; }

    /// <summary>The extent of input axis <paramref name="axis"/> (Lasagne's <c>[axis]</c>).</summary>
    public static ReshapeDim Input(int axis) => new(axis, true);

    /// <summary>A fixed extent, or -1 to infer it.</summary>
    public static implicit operator ReshapeDim(int extent) => new(extent, false);

    /// <summary>"[0]", "-1" or "28".</summary>
    public override string ToString() => IsInputReference ? $"[{Value}]" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
