using System.Numerics;

namespace NeuralCore.Tensors;

public abstract partial class Tensor
{
    /// <summary>A tensor of zeros.</summary>
    public static Tensor<T> Zeros<T>(Shape shape) where T : unmanaged, INumber<T> => new(shape);

    /// <summary>A tensor of zeros with the given extents.</summary>
    public static Tensor<T> Zeros<T>(params int[] dims) where T : unmanaged, INumber<T> => new(new Shape(dims));

    /// <summary>A tensor of ones.</summary>
    public static Tensor<T> Ones<T>(Shape shape) where T : unmanaged, INumber<T> => Full(shape, T.One);

    /// <summary>A tensor of ones with the given extents.</summary>
    public static Tensor<T> Ones<T>(params int[] dims) where T : unmanaged, INumber<T> => Full(new Shape(dims), T.One);

    /// <summary>A tensor with every element equal to <paramref name="value"/>.</summary>
    public static Tensor<T> Full<T>(Shape shape, T value) where T : unmanaged, INumber<T>
    {
        var t = new Tensor<T>(shape);
        t.Fill(value);
        return t;
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor<T> Scalar<T>(T value) where T : unmanaged, INumber<T> => Full(Shape.Scalar, value);

    /// <summary>The values start, start+step, ... below <paramref name="stop"/> (as numpy.arange).</summary>
    /// <exception cref="ArgumentException">When <paramref name="step"/> is zero.</exception>
    public static Tensor<T> Arange<T>(T start, T stop, T step) where T : unmanaged, INumber<T>
    {
        if (T.IsZero(step)) throw new ArgumentException("arange: step must not be zero");
        double count = Math.Ceiling(double.CreateTruncating(stop - start) / double.CreateTruncating(step));
        int n = count <= 0 ? 0 : checked((int)count);
        var t = new Tensor<T>(new Shape(n));
        var span = t.AsSpan();
        T v = start;
        for (int i = 0; i < n; i++) { span[i] = v; v += step; }
        return t;
    }

    /// <summary>The values 0, 1, ..., <paramref name="stop"/>-1.</summary>
    public static Tensor<T> Arange<T>(int stop) where T : unmanaged, INumber<T> => Arange(T.Zero, T.CreateTruncating(stop), T.One);

    /// <summary>A tensor that uses <paramref name="data"/> as its storage (no copy). Without
    /// <paramref name="dims"/> it is a vector of data.Length elements.</summary>
    /// <exception cref="ShapeMismatchException">When the shape's element count differs from data.Length.</exception>
    public static Tensor<T> FromArray<T>(T[] data, params int[] dims) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        var shape = dims.Length == 0 ? new Shape(data.Length) : new Shape(dims);
        if (shape.Size != data.Length)
            throw new ShapeMismatchException("from_array", $"{data.Length} values cannot fill shape {shape} ({shape.Size} elements)", shape);
        return new Tensor<T>(data, 0, shape);
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/> with the given shape.</summary>
    public static Tensor<T> FromSpan<T>(ReadOnlySpan<T> data, Shape shape) where T : unmanaged, INumber<T>
    {
        if (shape.Size != data.Length)
            throw new ShapeMismatchException("from_span", $"{data.Length} values cannot fill shape {shape} ({shape.Size} elements)", shape);
        var t = new Tensor<T>(shape);
        data.CopyTo(t.AsSpan());
        return t;
    }

    /// <summary>A matrix from a rectangular 2-D array (copied).</summary>
    public static Tensor<T> FromArray<T>(T[,] data) where T : unmanaged, INumber<T>
    {
        int rows = data.GetLength(0), cols = data.GetLength(1);
        var t = new Tensor<T>(new Shape(rows, cols));
        var span = t.AsSpan();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                span[i * cols + j] = data[i, j];
        return t;
    }

    /// <summary>An identity matrix of size n x n.</summary>
    public static Tensor<T> Eye<T>(int n) where T : unmanaged, INumber<T>
    {
        var t = new Tensor<T>(new Shape(n, n));
        var span = t.AsSpan();
        for (int i = 0; i < n; i++) span[i * n + i] = T.One;
        return t;
    }

    /// <summary>A zero tensor with the shape of <paramref name="like"/>.</summary>
    public static Tensor<T> ZerosLike<T>(Tensor<T> like) where T : unmanaged, INumber<T> => new(like.Shape);
}
