namespace NeuralCore.Layers;

/// <summary>
/// A pair of extents for the two spatial axes (height, width) of a filter, window or stride.
/// Converts implicitly from one int (both axes) and from a tuple <c>(h, w)</c>, so
/// <c>filterSize: 5</c> and <c>filterSize: (3, 5)</c> both work.
/// </summary>
/// <param name="H">Extent along the first spatial axis (rows).</param>
/// <param name="W">Extent along the second spatial axis (columns).</param>
public readonly record struct Size2(int H, int W)
{
    /// <summary>The same extent on both axes.</summary>
    public static implicit operator Size2(int size) => new(size, size);

    /// <summary>(rows, columns).</summary>
    public static implicit operator Size2((int H, int W) size) => new(size.H, size.W);

    /// <summary>The extent of spatial axis 0 (H) or 1 (W).</summary>
    public int this[int axis] => axis == 0 ? H : W;

    /// <summary>"(3, 5)".</summary>
    public override string ToString() => $"({H}, {W})";
}
