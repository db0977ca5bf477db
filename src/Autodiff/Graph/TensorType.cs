using System.Text;
using NeuralCore.Tensors;

namespace NeuralCore.Autodiff;

/// <summary>
/// The type of a symbolic variable: element type, rank and the statically known extent of each
/// axis (null = known only at run time). As in Theano, an axis is <em>broadcastable</em> exactly
/// when its extent is statically 1; only broadcastable axes are stretched by elementwise ops.
/// </summary>
public sealed class TensorType : IEquatable<TensorType>
{
    private readonly int?[] _shape;

    /// <summary>Creates a type from a dtype and per-axis static extents (null = unknown).</summary>
    /// <exception cref="ArgumentException">When an extent is negative.</exception>
    public TensorType(DType dtype, params int?[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (var d in shape)
            if (d < 0) throw new ArgumentException($"tensor type: negative extent in {FormatShape(shape)}");
        DType = dtype;
        _shape = (int?[])shape.Clone();
    }

    /// <summary>A type with <paramref name="rank"/> axes of unknown extent.</summary>
    public static TensorType OfRank(DType dtype, int rank) => new(dtype, new int?[rank]);

    /// <summary>The exact type of a concrete tensor (every extent known).</summary>
    public static TensorType Of(Tensor value)
    {
        var s = new int?[value.Rank];
        for (int i = 0; i < s.Length; i++) s[i] = value.Shape[i];
        return new TensorType(value.DType, s);
    }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>Number of axes.</summary>
    public int Rank => _shape.Length;

    /// <summary>Static extents (null where only known at run time).</summary>
    public IReadOnlyList<int?> Shape => _shape;

    internal int?[] ShapeArray => _shape;

    /// <summary>True when axis <paramref name="axis"/> is broadcastable (statically of extent 1).</summary>
    public bool IsBroadcastable(int axis) => _shape[axis] == 1;

    /// <summary>The broadcastable pattern, one flag per axis (Theano's <c>broadcastable</c>).</summary>
    public bool[] Broadcastable
    {
        get
        {
            var b = new bool[Rank];
            for (int i = 0; i < b.Length; i++) b[i] = _shape[i] == 1;
            return b;
        }
    }

    /// <summary>True when every extent is statically known.</summary>
    public bool IsFullyKnown
    {
        get
        {
            foreach (var d in _shape) if (d is null) return false;
            return true;
        }
    }

    /// <summary>The same type with another dtype.</summary>
    public TensorType WithDType(DType dtype) => dtype == DType ? this : new TensorType(dtype, _shape);

    /// <summary>True when a concrete shape satisfies this type (same rank, every known extent equal).</summary>
    public bool Accepts(Shape shape)
    {
        if (shape.Rank != Rank) return false;
        for (int i = 0; i < Rank; i++)
            if (_shape[i] is int d && d != shape[i]) return false;
        return true;
    }

    /// <summary>Throws a clear <see cref="ArgumentException"/> when <paramref name="value"/> does not fit this type.</summary>
    /// <param name="value">The tensor to check.</param>
    /// <param name="what">How to name the value in the message, e.g. "input 0 ('x')".</param>
    public void Validate(Tensor value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.DType != DType)
            throw new ArgumentException($"{what}: expected dtype {DType.Name()} but got {value.DType.Name()} (shape {value.Shape})");
        if (value.Rank != Rank)
            throw new ShapeMismatchException(what, $"expected rank {Rank} {ShapeString} but got shape {value.Shape}", value.Shape);
        for (int i = 0; i < Rank; i++)
            if (_shape[i] is int d && d != value.Shape[i])
                throw new ShapeMismatchException(what, $"expected shape {ShapeString} but got {value.Shape} (axis {i} must be {d}{(d == 1 ? ", it is broadcastable" : "")})", value.Shape);
    }

    /// <summary>The static shape as text, e.g. <c>(?, 784)</c>.</summary>
    public string ShapeString => FormatShape(_shape);

    /// <summary>Formats static extents with "?" for unknown ones.</summary>
    public static string FormatShape(IReadOnlyList<int?> shape)
    {
        if (shape.Count == 1) return $"({Fmt(shape[0])},)";
        var sb = new StringBuilder("(");
        for (int i = 0; i < shape.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(Fmt(shape[i]));
        }
        return sb.Append(')').ToString();
        static string Fmt(int? d) => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
    }

    /// <summary>E.g. <c>float32 (?, 784)</c>.</summary>
    public override string ToString() => $"{DType.Name()} {ShapeString}";

    /// <inheritdoc/>
    public bool Equals(TensorType? other) => other is not null && other.DType == DType && _shape.AsSpan().SequenceEqual(other._shape);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TensorType t && Equals(t);
    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(DType);
        foreach (var d in _shape) h.Add(d);
        return h.ToHashCode();
    }
}
