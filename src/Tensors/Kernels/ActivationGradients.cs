using System.Numerics;
using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

// Fused gradients of the activation functions: one pass over memory instead of the two or three a
// composition of elementwise ops needs. Each broadcasts like a binary op (normally both operands
// have the same shape) and may write in place into either input.
public static partial class Elementwise
{
    /// <summary>Gradient of the sigmoid from its output: dy · y · (1 − y). A new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> SigmoidBackward<T>(Tensor<T> y, Tensor<T> dy) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("sigmoid_backward", y, dy, new VectorBinaryOperator<T, SigmoidGradient<T>>());

    /// <summary>result = dy · y · (1 − y), the sigmoid gradient from its output y.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes do not fit.</exception>
    public static void SigmoidBackward<T>(Tensor<T> y, Tensor<T> dy, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("sigmoid_backward", y, dy, result, new VectorBinaryOperator<T, SigmoidGradient<T>>());

    /// <summary>Gradient of tanh from its output: dy · (1 − y²). A new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> TanhBackward<T>(Tensor<T> y, Tensor<T> dy) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("tanh_backward", y, dy, new VectorBinaryOperator<T, TanhGradient<T>>());

    /// <summary>result = dy · (1 − y²), the tanh gradient from its output y.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes do not fit.</exception>
    public static void TanhBackward<T>(Tensor<T> y, Tensor<T> dy, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("tanh_backward", y, dy, result, new VectorBinaryOperator<T, TanhGradient<T>>());

    /// <summary>Gradient of the (leaky) rectifier from its input: dy where x &gt; 0, else alpha · dy. A new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> ReluBackward<T>(Tensor<T> x, Tensor<T> dy, T alpha) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("relu_backward", x, dy, new VectorBinaryOperator<T, ReluGradient<T>>(new(alpha)));

    /// <summary>result = dy where x &gt; 0, else alpha · dy (the rectifier gradient from its input x).</summary>
    /// <exception cref="ShapeMismatchException">When the shapes do not fit.</exception>
    public static void ReluBackward<T>(Tensor<T> x, Tensor<T> dy, T alpha, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("relu_backward", x, dy, result, new VectorBinaryOperator<T, ReluGradient<T>>(new(alpha)));

    /// <summary>Gradient of ELU from its input: dy where x &gt; 0, else dy · alpha · eˣ. A new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> EluBackward<T>(Tensor<T> x, Tensor<T> dy, T alpha) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("elu_backward", x, dy, new VectorBinaryOperator<T, EluGradient<T>>(new(alpha, T.One)), expensive: true);

    /// <summary>result = dy where x &gt; 0, else dy · alpha · eˣ (the ELU gradient from its input x).</summary>
    /// <exception cref="ShapeMismatchException">When the shapes do not fit.</exception>
    public static void EluBackward<T>(Tensor<T> x, Tensor<T> dy, T alpha, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("elu_backward", x, dy, result, new VectorBinaryOperator<T, EluGradient<T>>(new(alpha, T.One)), expensive: true);

    /// <summary>Gradient of SELU from its input: λ·dy where x &gt; 0, else dy · λ·α·eˣ. A new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> SeluBackward<T>(Tensor<T> x, Tensor<T> dy) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("selu_backward", x, dy, new VectorBinaryOperator<T, EluGradient<T>>(SeluGradient<T>()), expensive: true);

    /// <summary>result = the SELU gradient from its input x (see <see cref="SeluBackward{T}(Tensor{T}, Tensor{T})"/>).</summary>
    /// <exception cref="ShapeMismatchException">When the shapes do not fit.</exception>
    public static void SeluBackward<T>(Tensor<T> x, Tensor<T> dy, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("selu_backward", x, dy, result, new VectorBinaryOperator<T, EluGradient<T>>(SeluGradient<T>()), expensive: true);

    /// <summary>Gradient of softplus from its input: dy · sigmoid(x). A new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> SoftplusBackward<T>(Tensor<T> x, Tensor<T> dy) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("softplus_backward", x, dy, new VectorBinaryOperator<T, SoftplusGradient<T>>(), expensive: true);

    /// <summary>result = dy · sigmoid(x), the softplus gradient from its input x.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes do not fit.</exception>
    public static void SoftplusBackward<T>(Tensor<T> x, Tensor<T> dy, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("softplus_backward", x, dy, result, new VectorBinaryOperator<T, SoftplusGradient<T>>(), expensive: true);

    private static EluGradient<T> SeluGradient<T>() where T : unmanaged, INumber<T>
        => new(T.CreateTruncating(SeluAlpha), T.CreateTruncating(SeluScale));
}

/// <summary>(y, dy) → dy · y · (1 − y).</summary>
internal readonly struct SigmoidGradient<T> : IVectorBinary<T> where T : unmanaged
{
    public Vector512<T> Invoke(Vector512<T> y, Vector512<T> dy) => dy * y * (Vector512<T>.One - y);
    public Vector256<T> Invoke(Vector256<T> y, Vector256<T> dy) => dy * y * (Vector256<T>.One - y);
}

/// <summary>(y, dy) → dy · (1 − y²).</summary>
internal readonly struct TanhGradient<T> : IVectorBinary<T> where T : unmanaged
{
    public Vector512<T> Invoke(Vector512<T> y, Vector512<T> dy) => dy * (Vector512<T>.One - y * y);
    public Vector256<T> Invoke(Vector256<T> y, Vector256<T> dy) => dy * (Vector256<T>.One - y * y);
}

/// <summary>(x, dy) → dy where x &gt; 0, else alpha · dy.</summary>
internal readonly struct ReluGradient<T>(T alpha) : IVectorBinary<T> where T : unmanaged
{
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> dy)
        => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), dy, dy * Vector512.Create(alpha));
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> dy)
        => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), dy, dy * Vector256.Create(alpha));
}

/// <summary>(x, dy) → scale · dy where x &gt; 0, else scale · alpha · eˣ · dy.</summary>
internal readonly struct EluGradient<T>(T alpha, T scale) : IVectorBinary<T> where T : unmanaged
{
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> dy)
    {
        var negative = Vector512.Create(alpha) * VectorMath.Exp(Vector512.Min(x, Vector512<T>.Zero));
        return Vector512.Create(scale) * dy * Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), Vector512<T>.One, negative);
    }

    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> dy)
    {
        var negative = Vector256.Create(alpha) * VectorMath.Exp(Vector256.Min(x, Vector256<T>.Zero));
        return Vector256.Create(scale) * dy * Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), Vector256<T>.One, negative);
    }
}

/// <summary>(x, dy) → dy · sigmoid(x) = dy / (1 + e⁻ˣ); e⁻ˣ = +∞ gives 0, never NaN.</summary>
internal readonly struct SoftplusGradient<T> : IVectorBinary<T> where T : unmanaged
{
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> dy) => dy / (Vector512<T>.One + VectorMath.Exp(-x));
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> dy) => dy / (Vector256<T>.One + VectorMath.Exp(-x));
}
