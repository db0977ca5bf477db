namespace NeuralCore.Tensors;

/// <summary>The element types a <see cref="Tensor"/> can hold.</summary>
public enum DType
{
    /// <summary>32-bit IEEE float (<see cref="float"/>), the default for parameters and activations.</summary>
    Float32,
    /// <summary>64-bit IEEE float (<see cref="double"/>), used for gradient checking.</summary>
    Float64,
    /// <summary>32-bit signed integer (<see cref="int"/>), used for labels and indices.</summary>
    Int32,
}

/// <summary>Maps CLR element types to <see cref="DType"/> values and back.</summary>
public static class DTypes
{
    /// <summary>The <see cref="DType"/> of the CLR type <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException">When <typeparamref name="T"/> is not float, double or int.</exception>
    public static DType Of<T>()
    {
        if (typeof(T) == typeof(float)) return DType.Float32;
        if (typeof(T) == typeof(double)) return DType.Float64;
        if (typeof(T) == typeof(int)) return DType.Int32;
        throw new NotSupportedException($"Tensor element type {typeof(T).Name} is not supported; use float, double or int.");
    }

    /// <summary>Size in bytes of one element of <paramref name="dtype"/>.</summary>
    public static int SizeOf(this DType dtype) => dtype switch
    {
        DType.Float32 => 4,
        DType.Float64 => 8,
        DType.Int32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    /// <summary>NumPy-style name of <paramref name="dtype"/> ("float32", "float64", "int32").</summary>
    public static string Name(this DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        DType.Int32 => "int32",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    /// <summary>True for <see cref="DType.Float32"/> and <see cref="DType.Float64"/>.</summary>
    public static bool IsFloat(this DType dtype) => dtype is DType.Float32 or DType.Float64;
}
