namespace NeuralCore.Tensors;

/// <summary>
/// A dense, row-major (C order), contiguous n-dimensional array. This non-generic base lets code
/// hold tensors of any element type; <see cref="Tensor{T}"/> holds the data. The static members
/// create tensors (<see cref="Zeros{T}(Shape)"/>, <see cref="FromArray{T}(T[], int[])"/>, ...).
/// </summary>
public abstract partial class Tensor
{
    private protected Tensor(Shape shape) => Shape = shape;

    /// <summary>The extents of the axes.</summary>
    public Shape Shape { get; }

    /// <summary>Number of axes.</summary>
    public int Rank => Shape.Rank;

    /// <summary>Number of elements.</summary>
    public int Length => Shape.Size;

    /// <summary>The element type.</summary>
    public abstract DType DType { get; }

    /// <summary>The element at a flat (row-major) index, widened to double; for printing and tests.</summary>
    public abstract double GetDouble(int flatIndex);

    /// <summary>This tensor's elements converted to <typeparamref name="TOut"/> in a new tensor.</summary>
    public abstract Tensor<TOut> Cast<TOut>() where TOut : unmanaged, System.Numerics.INumber<TOut>;

    /// <summary>A NumPy-like preview of the values (long tensors are abbreviated with "...").</summary>
    public override string ToString() => TensorFormatter.Format(this);
}
