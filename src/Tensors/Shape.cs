using System.Text;

namespace NeuralCore.Tensors;

/// <summary>
/// An immutable tensor shape: the extent of each axis, row-major (C order). The default value is
/// the shape of a scalar, <c>()</c>.
/// </summary>
public readonly struct Shape : IEquatable<Shape>
{
    private readonly int[]? _dims;
    private readonly int _size;

    /// <summary>Creates a shape from axis extents; every extent must be zero or positive.</summary>
    /// <exception cref="ArgumentException">When an extent is negative or the element count overflows.</exception>
    public Shape(params ReadOnlySpan<int> dims)
    {
        long size = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0) throw new ArgumentException($"shape {Format(dims)}: axis {i} has negative extent {dims[i]}");
            size *= dims[i];
            if (size > int.MaxValue) throw new ArgumentException($"shape {Format(dims)}: more than {int.MaxValue} elements");
        }
        _dims = dims.ToArray();
        _size = (int)size;
    }

    /// <summary>The shape of a scalar (rank 0, one element).</summary>
    public static Shape Scalar => default;

    /// <summary>Number of axes.</summary>
    public int Rank => _dims?.Length ?? 0;

    /// <summary>Number of elements (the product of the extents; 1 for a scalar).</summary>
    public int Size => _dims is null ? 1 : _size;

    /// <summary>Extent of axis <paramref name="axis"/>; negative axes count from the end.</summary>
    public int this[int axis] => Dims[NormalizeAxis(axis)];

    /// <summary>The axis extents.</summary>
    public ReadOnlySpan<int> Dims => _dims ?? [];

    /// <summary>A copy of the axis extents.</summary>
    public int[] ToArray() => Dims.ToArray();

    /// <summary>Row-major strides in elements (the last axis has stride 1).</summary>
    public int[] Strides()
    {
        var strides = new int[Rank];
        int s = 1;
        for (int i = Rank - 1; i >= 0; i--) { strides[i] = s; s *= _dims![i]; }
        return strides;
    }

    /// <summary>Turns a possibly negative axis into an index in [0, Rank).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the axis does not exist.</exception>
    public int NormalizeAxis(int axis)
    {
        int a = axis < 0 ? axis + Rank : axis;
        if (a < 0 || a >= Rank) throw new ArgumentOutOfRangeException(nameof(axis), $"axis {axis} is out of range for shape {this} of rank {Rank}");
        return a;
    }

    /// <summary>Product of the extents of axes [start, end).</summary>
    public int SizeOf(int start, int end)
    {
        int s = 1;
        for (int i = start; i < end; i++) s *= _dims![i];
        return s;
    }

    /// <summary>This shape with axis <paramref name="axis"/> replaced by <paramref name="extent"/>.</summary>
    public Shape With(int axis, int extent)
    {
        var d = ToArray();
        d[NormalizeAxis(axis)] = extent;
        return new Shape(d);
    }

    /// <inheritdoc/>
    public bool Equals(Shape other) => Dims.SequenceEqual(other.Dims);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);
    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int d in Dims) h.Add(d);
        return h.ToHashCode();
    }
    /// <summary>Shape equality.</summary>
    public static bool operator ==(Shape a, Shape b) => a.Equals(b);
    /// <summary>Shape inequality.</summary>
    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    /// <summary>Shapes convert implicitly from arrays of extents.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <summary>NumPy-style text: <c>(128, 784)</c>, <c>(10,)</c>, <c>()</c>.</summary>
    public override string ToString() => Format(Dims);

    /// <summary>Formats extents as NumPy prints a shape tuple.</summary>
    public static string Format(ReadOnlySpan<int> dims)
    {
        if (dims.Length == 1) return $"({dims[0]},)";
        var sb = new StringBuilder("(");
        for (int i = 0; i < dims.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(dims[i]);
        }
        return sb.Append(')').ToString();
    }
}
