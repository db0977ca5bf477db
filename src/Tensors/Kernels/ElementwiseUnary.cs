using System.Numerics;

namespace NeuralCore.Tensors;

public static partial class Elementwise
{
    /// <summary>SELU's α (Klambauer et al., 2017).</summary>
    public const double SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>SELU's scale λ (Klambauer et al., 2017).</summary>
    public const double SeluScale = 1.0507009873554804934193349852946;

    /// <summary>Elementwise −x, in a new tensor.</summary>
    public static Tensor<T> Neg<T>(Tensor<T> x) where T : unmanaged, INumber<T> => UnaryKernels.Run("neg", x, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Negate));

    /// <summary>result = −x, elementwise; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Neg<T>(Tensor<T> x, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("neg", x, result, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Negate));

    /// <summary>Elementwise eˣ, in a new tensor.</summary>
    public static Tensor<T> Exp<T>(Tensor<T> x) where T : unmanaged, INumber<T> => UnaryKernels.Run("exp", x, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Exp), expensive: true);

    /// <summary>result = eˣ, elementwise; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Exp<T>(Tensor<T> x, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("exp", x, result, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Exp), expensive: true);

    /// <summary>Elementwise the natural logarithm of x, in a new tensor.</summary>
    public static Tensor<T> Log<T>(Tensor<T> x) where T : unmanaged, INumber<T> => UnaryKernels.Run("log", x, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Log), expensive: true);

    /// <summary>result = the natural logarithm of x, elementwise; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Log<T>(Tensor<T> x, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("log", x, result, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Log), expensive: true);

    /// <summary>Elementwise log(1 + x), accurate for x near 0, in a new tensor.</summary>
    public static Tensor<T> Log1p<T>(Tensor<T> x) where T : unmanaged, INumber<T> => UnaryKernels.Run("log1p", x, new VectorUnaryOperator<T, Log1pFunction<T>>(), expensive: true);

    /// <summary>result = log(1 + x), accurate for x near 0, elementwise; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Log1p<T>(Tensor<T> x, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("log1p", x, result, new VectorUnaryOperator<T, Log1pFunction<T>>(), expensive: true);

    /// <summary>Elementwise the square root of x, in a new tensor.</summary>
    public static Tensor<T> Sqrt<T>(Tensor<T> x) where T : unmanaged, INumber<T> => UnaryKernels.Run("sqrt", x, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Sqrt), expensive: true);

    /// <summary>result = the square root of x, elementwise; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Sqrt<T>(Tensor<T> x, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("sqrt", x, result, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Sqrt), expensive: true);

    /// <summary>Elementwise |x|, in a new tensor.</summary>
    public static Tensor<T> Abs<T>(Tensor<T> x) where T : unmanaged, INumber<T> => UnaryKernels.Run("abs", x, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Abs));

    /// <summary>result = |x|, elementwise; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Abs<T>(Tensor<T> x, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("abs", x, result, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Abs));

    /// <summary>Elementwise x², in a new tensor.</summary>
    public static Tensor<T> Square<T>(Tensor<T> x) where T : unmanaged, INumber<T> => UnaryKernels.Run("square", x, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Square));

    /// <summary>result = x², elementwise; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Square<T>(Tensor<T> x, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("square", x, result, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Square));

    /// <summary>Elementwise −1, 0 or 1 by the sign of x (NaN stays NaN), in a new tensor.</summary>
    public static Tensor<T> Sign<T>(Tensor<T> x) where T : unmanaged, INumber<T> => UnaryKernels.Run("sign", x, new VectorUnaryOperator<T, SignFunction<T>>());

    /// <summary>result = −1, 0 or 1 by the sign of x (NaN stays NaN), elementwise; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Sign<T>(Tensor<T> x, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("sign", x, result, new VectorUnaryOperator<T, SignFunction<T>>());

    /// <summary>Elementwise the hyperbolic tangent of x, in a new tensor.</summary>
    public static Tensor<T> Tanh<T>(Tensor<T> x) where T : unmanaged, INumber<T> => UnaryKernels.Run("tanh", x, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Tanh), expensive: true);

    /// <summary>result = the hyperbolic tangent of x, elementwise; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Tanh<T>(Tensor<T> x, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("tanh", x, result, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Tanh), expensive: true);

    /// <summary>Elementwise the logistic sigmoid 1 / (1 + e⁻ˣ) (0 or 1 in the limits, never NaN), in a new tensor.</summary>
    public static Tensor<T> Sigmoid<T>(Tensor<T> x) where T : unmanaged, INumber<T> => UnaryKernels.Run("sigmoid", x, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Sigmoid), expensive: true);

    /// <summary>result = the logistic sigmoid 1 / (1 + e⁻ˣ) (0 or 1 in the limits, never NaN), elementwise; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Sigmoid<T>(Tensor<T> x, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("sigmoid", x, result, new PrimitiveUnaryOperator<T>(PrimitiveUnary.Sigmoid), expensive: true);

    /// <summary>Elementwise softplus log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) so it never overflows, in a new tensor.</summary>
    public static Tensor<T> Softplus<T>(Tensor<T> x) where T : unmanaged, INumber<T> => UnaryKernels.Run("softplus", x, new VectorUnaryOperator<T, SoftplusFunction<T>>(), expensive: true);

    /// <summary>result = softplus log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) so it never overflows, elementwise; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Softplus<T>(Tensor<T> x, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("softplus", x, result, new VectorUnaryOperator<T, SoftplusFunction<T>>(), expensive: true);

    /// <summary>Elementwise SELU: λ·x for x &gt; 0, else λ·α·(eˣ − 1), with α ≈ 1.6733 and λ ≈ 1.0507, in a new tensor.</summary>
    public static Tensor<T> Selu<T>(Tensor<T> x) where T : unmanaged, INumber<T> => UnaryKernels.Run("selu", x, new VectorUnaryOperator<T, EluFunction<T>>(new(T.CreateTruncating(SeluAlpha), T.CreateTruncating(SeluScale))), expensive: true);

    /// <summary>result = SELU: λ·x for x &gt; 0, else λ·α·(eˣ − 1), with α ≈ 1.6733 and λ ≈ 1.0507, elementwise; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Selu<T>(Tensor<T> x, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("selu", x, result, new VectorUnaryOperator<T, EluFunction<T>>(new(T.CreateTruncating(SeluAlpha), T.CreateTruncating(SeluScale))), expensive: true);

    /// <summary>Rectifier: x for x &gt; 0, else <paramref name="alpha"/> · x (alpha = 0 is the plain ReLU,
    /// a small alpha the leaky ReLU). A new tensor.</summary>
    public static Tensor<T> Relu<T>(Tensor<T> x, T alpha) where T : unmanaged, INumber<T> => UnaryKernels.Run("relu", x, new VectorUnaryOperator<T, ReluFunction<T>>(new(alpha)));

    /// <summary>result = rectifier of x with leak <paramref name="alpha"/>; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Relu<T>(Tensor<T> x, T alpha, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("relu", x, result, new VectorUnaryOperator<T, ReluFunction<T>>(new(alpha)));

    /// <summary>ELU: x for x &gt; 0, else <paramref name="alpha"/> · (eˣ − 1). A new tensor.</summary>
    public static Tensor<T> Elu<T>(Tensor<T> x, T alpha) where T : unmanaged, INumber<T> => UnaryKernels.Run("elu", x, new VectorUnaryOperator<T, EluFunction<T>>(new(alpha, T.One)), expensive: true);

    /// <summary>result = ELU of x with <paramref name="alpha"/>; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Elu<T>(Tensor<T> x, T alpha, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("elu", x, result, new VectorUnaryOperator<T, EluFunction<T>>(new(alpha, T.One)), expensive: true);

    /// <summary>x clamped to [<paramref name="min"/>, <paramref name="max"/>]. A new tensor.</summary>
    /// <exception cref="ArgumentException">When min &gt; max.</exception>
    public static Tensor<T> Clip<T>(Tensor<T> x, T min, T max) where T : unmanaged, INumber<T> => UnaryKernels.Run("clip", x, Clipper(min, max));

    /// <summary>result = x clamped to [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">When min &gt; max.</exception>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Clip<T>(Tensor<T> x, T min, T max, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("clip", x, result, Clipper(min, max));

    /// <summary>x · <paramref name="factor"/>, in a new tensor.</summary>
    public static Tensor<T> Scale<T>(Tensor<T> x, T factor) where T : unmanaged, INumber<T> => UnaryKernels.Run("scale", x, new AffineOperator<T>(factor, T.Zero));

    /// <summary>result = x · <paramref name="factor"/>; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Scale<T>(Tensor<T> x, T factor, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("scale", x, result, new AffineOperator<T>(factor, T.Zero));

    /// <summary>x + <paramref name="value"/>, in a new tensor.</summary>
    public static Tensor<T> AddScalar<T>(Tensor<T> x, T value) where T : unmanaged, INumber<T> => UnaryKernels.Run("add_scalar", x, new AffineOperator<T>(T.One, value));

    /// <summary>result = x + <paramref name="value"/>; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void AddScalar<T>(Tensor<T> x, T value, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("add_scalar", x, result, new AffineOperator<T>(T.One, value));

    private static ClipOperator<T> Clipper<T>(T min, T max) where T : unmanaged, INumber<T>
    {
        if (!(min <= max)) throw new ArgumentException($"clip: min {min} is greater than max {max}");
        return new ClipOperator<T>(min, max);
    }
}
