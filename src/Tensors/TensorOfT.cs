using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralCore.Tensors;

/// <summary>
/// A dense, row-major, contiguous tensor of <typeparamref name="T"/> (float, double or int).
/// Reshaping and slicing along the first axis return views that share storage; permuting copies.
/// </summary>
public sealed partial class Tensor<T> : Tensor where T : unmanaged, INumber<T>
{
    private static readonly DType s_dtype = DTypes.Of<T>();

    /// <summary>Creates a tensor over existing storage: <paramref name="shape"/>.Size elements of
    /// <paramref name="array"/> starting at <paramref name="offset"/> (no copy).</summary>
    /// <exception cref="ArgumentException">When the array is too short for the shape.</exception>
    public Tensor(T[] array, int offset, Shape shape) : base(shape)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (offset < 0 || (long)offset + shape.Size > array.Length)
            throw new ArgumentException($"tensor: storage of {array.Length} elements from offset {offset} cannot hold shape {shape} ({shape.Size} elements)");
        Array = array;
        Offset = offset;
    }

    /// <summary>Creates a zero-filled tensor of the given shape.</summary>
    public Tensor(Shape shape) : this(new T[shape.Size], 0, shape) { }

    /// <summary>The backing array (shared by views); elements start at <see cref="Offset"/>.</summary>
    internal T[] Array { get; private set; }

    /// <summary>Index of the first element in the backing array.</summary>
    internal int Offset { get; }

    /// <inheritdoc/>
    public override DType DType => s_dtype;

    /// <summary>Exchanges the storage of this tensor and <paramref name="other"/> in O(1) when both have the same shape
    /// and each spans its whole backing array (neither is a view nor has views' offsets); otherwise returns false and
    /// changes nothing. Both objects keep their identity; views taken earlier keep pointing at their old storage.
    /// Compiled functions use it to double-buffer shared-variable updates instead of copying the new values.</summary>
    public bool TrySwapStorage(Tensor<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(this, other) || Shape != other.Shape || Offset != 0 || other.Offset != 0
            || Array.Length != Length || other.Array.Length != other.Length) return false;
        (Array, other.Array) = (other.Array, Array);
        return true;
    }

    /// <summary>The elements, row-major.</summary>
    public Span<T> AsSpan() => Array.AsSpan(Offset, Length);

    /// <summary>The elements, row-major, as memory (usable across threads and awaits).</summary>
    public Memory<T> AsMemory() => Array.AsMemory(Offset, Length);

    /// <summary>The elements as a read-only span.</summary>
    public ReadOnlySpan<T> AsReadOnlySpan() => Array.AsSpan(Offset, Length);

    /// <summary>Element access by full index; negative indices are not allowed.</summary>
    /// <exception cref="IndexOutOfRangeException">Never: a wrong index count or range throws <see cref="ArgumentException"/>.</exception>
    public T this[params ReadOnlySpan<int> index]
    {
        get => Array[Offset + FlatIndex(index)];
        set => Array[Offset + FlatIndex(index)] = value;
    }

    /// <summary>The scalar value of a one-element tensor.</summary>
    /// <exception cref="InvalidOperationException">When the tensor has more than one element.</exception>
    public T ToScalar()
    {
        if (Length != 1) throw new InvalidOperationException($"to_scalar: tensor of shape {Shape} has {Length} elements, not 1");
        return Array[Offset];
    }

    private int FlatIndex(ReadOnlySpan<int> index)
    {
        if (index.Length != Rank)
            throw new ArgumentException($"index: {index.Length} indices given for a tensor of shape {Shape}");
        int flat = 0;
        var dims = Shape.Dims;
        for (int i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)dims[i])
                throw new ArgumentOutOfRangeException(nameof(index), $"index: index {index[i]} is out of range for axis {i} of shape {Shape}");
            flat = flat * dims[i] + index[i];
        }
        return flat;
    }

    /// <inheritdoc/>
    public override double GetDouble(int flatIndex) => double.CreateTruncating(Array[Offset + flatIndex]);

    /// <summary>A view with a new shape and the same elements; one extent may be -1 (inferred).</summary>
    /// <exception cref="ShapeMismatchException">When the element counts differ.</exception>
    public Tensor<T> Reshape(params ReadOnlySpan<int> dims)
    {
        var resolved = dims.ToArray();
        int infer = -1, known = 1;
        for (int i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] == -1)
            {
                if (infer >= 0) throw new ShapeMismatchException("reshape", $"more than one -1 in target shape {Shape.Format(dims)}", Shape);
                infer = i;
            }
            else if (resolved[i] < 0) throw new ShapeMismatchException("reshape", $"negative extent in target shape {Shape.Format(dims)}", Shape);
            else known *= resolved[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || Length % known != 0)
                throw new ShapeMismatchException("reshape", $"cannot reshape {Shape} ({Length} elements) to {Shape.Format(dims)}", Shape);
            resolved[infer] = Length / known;
        }
        var target = new Shape(resolved);
        if (target.Size != Length)
            throw new ShapeMismatchException("reshape", $"cannot reshape {Shape} ({Length} elements) to {target} ({target.Size} elements)", Shape, target);
        return new Tensor<T>(Array, Offset, target);
    }

    /// <summary>A view of <paramref name="count"/> entries of the first axis starting at <paramref name="start"/> (a minibatch), without copying.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the range leaves the first axis.</exception>
    public Tensor<T> Slice(int start, int count)
    {
        if (Rank == 0) throw new ArgumentException($"slice: cannot slice a scalar tensor");
        int n = Shape[0];
        if (start < 0 || count < 0 || start + count > n)
            throw new ArgumentOutOfRangeException(nameof(start), $"slice: rows [{start}, {start + count}) are outside the first axis of shape {Shape}");
        int rowSize = n == 0 ? 0 : Length / n;
        return new Tensor<T>(Array, Offset + start * rowSize, Shape.With(0, count));
    }

    /// <summary>A view of entry <paramref name="index"/> of the first axis (rank drops by one), without copying.</summary>
    public Tensor<T> Row(int index)
    {
        var s = Slice(index, 1);
        return new Tensor<T>(Array, s.Offset, new Shape(Shape.Dims[1..]));
    }

    /// <summary>A copy with the axes permuted: output axis i is input axis <paramref name="axes"/>[i].</summary>
    /// <exception cref="ArgumentException">When <paramref name="axes"/> is not a permutation of 0..Rank-1.</exception>
    public Tensor<T> Permute(params ReadOnlySpan<int> axes)
    {
        var result = new Tensor<T>(Transposition.PermutedShape(Shape, axes));
        Transposition.Permute(this, axes, result);
        return result;
    }

    /// <summary>A copy with the axes in reverse order (the matrix transpose for rank 2).</summary>
    public Tensor<T> Transpose()
    {
        Span<int> axes = stackalloc int[Rank];
        for (int i = 0; i < Rank; i++) axes[i] = Rank - 1 - i;
        return Permute(axes);
    }

    /// <summary>A deep copy with its own storage.</summary>
    public Tensor<T> Clone()
    {
        var c = new Tensor<T>(Shape);
        AsSpan().CopyTo(c.AsSpan());
        return c;
    }

    /// <summary>Copies the elements into <paramref name="destination"/>, which must have the same shape.</summary>
    public void CopyTo(Tensor<T> destination)
    {
        if (destination.Shape != Shape) throw new ShapeMismatchException("copy", $"destination shape {destination.Shape} differs from source shape {Shape}", Shape, destination.Shape);
        AsSpan().CopyTo(destination.AsSpan());
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public void Fill(T value) => AsSpan().Fill(value);

    /// <summary>The elements in a new array, row-major.</summary>
    public T[] ToArray() => AsSpan().ToArray();

    /// <inheritdoc/>
    public override Tensor<TOut> Cast<TOut>()
    {
        if (typeof(TOut) == typeof(T)) return (Tensor<TOut>)(object)Clone();
        var result = new Tensor<TOut>(Shape);
        var src = AsReadOnlySpan();
        var dst = result.AsSpan();
        for (int i = 0; i < src.Length; i++) dst[i] = TOut.CreateTruncating(src[i]);
        return result;
    }

    /// <summary>True when both tensors have the same shape and the same elements.</summary>
    public bool ValueEquals(Tensor<T> other) => other.Shape == Shape && AsReadOnlySpan().SequenceEqual(other.AsReadOnlySpan());

    /// <summary>True when this tensor and <paramref name="other"/> share storage (a view relation).</summary>
    public bool SharesStorageWith(Tensor<T> other) => ReferenceEquals(Array, other.Array);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref T UnsafeFirst() => ref Array[Offset];
}
