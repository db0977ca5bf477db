using System.Globalization;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>How a convolution layer pads its input (Lasagne's <c>pad</c> argument).</summary>
public enum ConvPadMode
{
    /// <summary>No padding: output = input - filter + 1 (Lasagne's 'valid', the default).</summary>
    Valid,
    /// <summary>Pad filter - 1 on each side: output = input + filter - 1 (Lasagne's 'full').</summary>
    Full,
    /// <summary>Pad filter / 2 on each side so that output = input at stride 1; odd filters only (Lasagne's 'same').</summary>
    Same,
    /// <summary>An explicit number of zeros on each side of each spatial axis.</summary>
    Explicit,
}

/// <summary>
/// A convolution padding: one of <see cref="ConvPadMode.Valid"/>, <see cref="ConvPadMode.Full"/>,
/// <see cref="ConvPadMode.Same"/> or explicit amounts per spatial axis. Converts implicitly from an
/// int (the same explicit amount on every axis) and from an int array (one amount per axis).
/// </summary>
public readonly struct ConvPad : IEquatable<ConvPad>
{
    private readonly int[]? _amounts;

    private ConvPad(ConvPadMode mode, int[]? amounts)
    {
        Mode = mode;
        _amounts = amounts;
    }

    /// <summary>The padding mode.</summary>
    public ConvPadMode Mode { get; }

    /// <summary>No padding.</summary>
    public static ConvPad Valid => new(ConvPadMode.Valid, null);

    /// <summary>Full padding (filter - 1 per side).</summary>
    public static ConvPad Full => new(ConvPadMode.Full, null);

    /// <summary>Half padding (filter / 2 per side), keeping the size at stride 1.</summary>
    public static ConvPad Same => new(ConvPadMode.Same, null);

    /// <summary>Explicit zeros per side, one amount per spatial axis (a single amount applies to all axes).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When an amount is negative.</exception>
    public static ConvPad Explicit(params int[] amounts)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        if (amounts.Length == 0) throw new ArgumentException("conv pad: give at least one padding amount", nameof(amounts));
        foreach (var a in amounts)
            if (a < 0) throw new ArgumentOutOfRangeException(nameof(amounts), a, "conv pad: padding must not be negative");
        return new(ConvPadMode.Explicit, (int[])amounts.Clone());
    }

    /// <summary>The same explicit amount on every spatial axis.</summary>
    public static implicit operator ConvPad(int amount) => Explicit(amount);

    /// <summary>The named mode of the convolution kernels' <see cref="ConvPadding"/> (valid, same, full).</summary>
    public static implicit operator ConvPad(ConvPadding padding) => padding switch
    {
        ConvPadding.Valid => Valid,
        ConvPadding.Same => Same,
        ConvPadding.Full => Full,
        _ => throw new ArgumentOutOfRangeException(nameof(padding), padding, "conv pad: unknown padding mode"),
    };

    /// <summary>One explicit amount per spatial axis.</summary>
    public static implicit operator ConvPad(int[] amounts) => Explicit(amounts);

    /// <summary>The zeros added per side of spatial axis <paramref name="axis"/> for a filter of size <paramref name="filterSize"/>.</summary>
    internal int AmountFor(int axis, int filterSize) => Mode switch
    {
        ConvPadMode.Valid => 0,
        ConvPadMode.Full => filterSize - 1,
        ConvPadMode.Same => filterSize / 2,
        _ => _amounts!.Length == 1 ? _amounts[0] : _amounts[axis],
    };

    /// <summary>Number of per-axis amounts given (0 for the named modes).</summary>
    internal int AmountCount => _amounts?.Length ?? 0;

    /// <summary>"valid", "full", "same" or "(1, 2)".</summary>
    public override string ToString() => Mode switch
    {
        ConvPadMode.Valid => "valid",
        ConvPadMode.Full => "full",
        ConvPadMode.Same => "same",
        _ => "(" + string.Join(", ", _amounts!.Select(a => a.ToString(CultureInfo.InvariantCulture))) + ")",
    };

    /// <inheritdoc/>
    public bool Equals(ConvPad other) => Mode == other.Mode && (_amounts ?? []).AsSpan().SequenceEqual(other._amounts ?? []);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ConvPad p && Equals(p);
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Mode, _amounts?.Length ?? 0, _amounts is { Length: > 0 } a ? a[0] : 0);
    /// <summary>Equality.</summary>
    public static bool operator ==(ConvPad a, ConvPad b) => a.Equals(b);
    /// <summary>Inequality.</summary>
    public static bool operator !=(ConvPad a, ConvPad b) => !a.Equals(b);
}
