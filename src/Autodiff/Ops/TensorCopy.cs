using NeuralCore.Tensors;

namespace NeuralCore.Autodiff;

/// <summary>Dtype-dispatched helpers on untyped tensors (copy, clone, allocate, scalars).</summary>
internal static class TensorCopy
{
    /// <summary>Swaps the storage of two tensors of the same dtype and shape (see <see cref="Tensor{T}.TrySwapStorage"/>).</summary>
    public static bool TrySwapStorage(Tensor a, Tensor b) => a.DType == b.DType && a.DType switch
    {
        DType.Float32 => ((Tensor<float>)a).TrySwapStorage((Tensor<float>)b),
        DType.Float64 => ((Tensor<double>)a).TrySwapStorage((Tensor<double>)b),
        _ => ((Tensor<int>)a).TrySwapStorage((Tensor<int>)b),
    };

    public static void Copy(Tensor source, Tensor destination)
    {
        switch (source.DType)
        {
            case DType.Float32: ((Tensor<float>)source).AsReadOnlySpan().CopyTo(((Tensor<float>)destination).AsSpan()); break;
            case DType.Float64: ((Tensor<double>)source).AsReadOnlySpan().CopyTo(((Tensor<double>)destination).AsSpan()); break;
            default: ((Tensor<int>)source).AsReadOnlySpan().CopyTo(((Tensor<int>)destination).AsSpan()); break;
        }
    }

    public static Tensor Clone(Tensor t) => t.DType switch
    {
        DType.Float32 => ((Tensor<float>)t).Clone(),
        DType.Float64 => ((Tensor<double>)t).Clone(),
        _ => ((Tensor<int>)t).Clone(),
    };

    public static Tensor Allocate(DType dtype, Shape shape) => dtype switch
    {
        DType.Float32 => new Tensor<float>(shape),
        DType.Float64 => new Tensor<double>(shape),
        _ => new Tensor<int>(shape),
    };

    public static Tensor Scalar(DType dtype, double value) => dtype switch
    {
        DType.Float32 => Tensor.Scalar((float)value),
        DType.Float64 => Tensor.Scalar(value),
        _ => Tensor.Scalar(checked((int)value)),
    };

    public static Tensor Full(DType dtype, Shape shape, double value) => dtype switch
    {
        DType.Float32 => Tensor.Full(shape, (float)value),
        DType.Float64 => Tensor.Full(shape, value),
        _ => Tensor.Full(shape, checked((int)value)),
    };

    public static void Fill(Tensor t, double value)
    {
        switch (t.DType)
        {
            case DType.Float32: ((Tensor<float>)t).Fill((float)value); break;
            case DType.Float64: ((Tensor<double>)t).Fill(value); break;
            default: ((Tensor<int>)t).Fill((int)value); break;
        }
    }

    public static Tensor Cast(Tensor t, DType dtype) => dtype switch
    {
        DType.Float32 => t.Cast<float>(),
        DType.Float64 => t.Cast<double>(),
        _ => t.Cast<int>(),
    };

    /// <summary>A view of <paramref name="t"/> with another shape of the same size.</summary>
    public static Tensor Reshape(Tensor t, Shape shape) => t.DType switch
    {
        DType.Float32 => ((Tensor<float>)t).Reshape(shape.Dims),
        DType.Float64 => ((Tensor<double>)t).Reshape(shape.Dims),
        _ => ((Tensor<int>)t).Reshape(shape.Dims),
    };

    /// <summary>Index of the first NaN or infinity, or -1.</summary>
    public static int FirstNonFinite(Tensor t)
    {
        switch (t.DType)
        {
            case DType.Float32:
            {
                var s = ((Tensor<float>)t).AsReadOnlySpan();
                for (int i = 0; i < s.Length; i++) if (!float.IsFinite(s[i])) return i;
                return -1;
            }
            case DType.Float64:
            {
                var s = ((Tensor<double>)t).AsReadOnlySpan();
                for (int i = 0; i < s.Length; i++) if (!double.IsFinite(s[i])) return i;
                return -1;
            }
            default: return -1;
        }
    }
}
