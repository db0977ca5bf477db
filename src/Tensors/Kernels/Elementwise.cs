using System.Numerics;

namespace NeuralCore.Tensors;

/// <summary>
/// Elementwise operations on tensors. Binary operations and comparisons follow NumPy broadcasting
/// (see <see cref="Broadcasting"/>). Every operation has an allocating overload returning a new
/// tensor and a destination-passing overload writing into <c>result</c>, which must have the
/// broadcast shape and may be one of the inputs (in-place update). Large tensors are processed on
/// up to <see cref="Parallelism.MaxThreads"/> threads; results do not depend on the thread count.
/// </summary>
public static partial class Elementwise
{
    /// <summary>Elementwise a + b, broadcasting, in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> Add<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("add", a, b, default(AddOperator<T>));

    /// <summary>result = a + b, broadcasting; <paramref name="result"/> may be <paramref name="a"/> or <paramref name="b"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void Add<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("add", a, b, result, default(AddOperator<T>));

    /// <summary>Elementwise a − b, broadcasting, in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> Sub<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("sub", a, b, default(SubtractOperator<T>));

    /// <summary>result = a − b, broadcasting; <paramref name="result"/> may be <paramref name="a"/> or <paramref name="b"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void Sub<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("sub", a, b, result, default(SubtractOperator<T>));

    /// <summary>Elementwise a · b, broadcasting, in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> Mul<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("mul", a, b, default(MultiplyOperator<T>));

    /// <summary>result = a · b, broadcasting; <paramref name="result"/> may be <paramref name="a"/> or <paramref name="b"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void Mul<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("mul", a, b, result, default(MultiplyOperator<T>));

    /// <summary>Elementwise a / b, broadcasting, in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> Div<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("div", a, b, default(DivideOperator<T>));

    /// <summary>result = a / b, broadcasting; <paramref name="result"/> may be <paramref name="a"/> or <paramref name="b"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void Div<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("div", a, b, result, default(DivideOperator<T>));

    /// <summary>Elementwise a raised to the power b, broadcasting, in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> Pow<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("pow", a, b, default(PowOperator<T>), expensive: true);

    /// <summary>result = a raised to the power b, broadcasting; <paramref name="result"/> may be <paramref name="a"/> or <paramref name="b"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void Pow<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("pow", a, b, result, default(PowOperator<T>), expensive: true);

    /// <summary>Elementwise the larger of a and b (NaN propagates), broadcasting, in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> Maximum<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("maximum", a, b, default(MaximumOperator<T>));

    /// <summary>result = the larger of a and b (NaN propagates), broadcasting; <paramref name="result"/> may be <paramref name="a"/> or <paramref name="b"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void Maximum<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("maximum", a, b, result, default(MaximumOperator<T>));

    /// <summary>Elementwise the smaller of a and b (NaN propagates), broadcasting, in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> Minimum<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("minimum", a, b, default(MinimumOperator<T>));

    /// <summary>result = the smaller of a and b (NaN propagates), broadcasting; <paramref name="result"/> may be <paramref name="a"/> or <paramref name="b"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void Minimum<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("minimum", a, b, result, default(MinimumOperator<T>));

    /// <summary>1 where a == b, else 0 (in the element type), broadcasting, in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> Equal<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("equal", a, b, new VectorBinaryOperator<T, EqualComparison<T>>());

    /// <summary>result = 1 where a == b, else 0, broadcasting; <paramref name="result"/> may be an input.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void Equal<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("equal", a, b, result, new VectorBinaryOperator<T, EqualComparison<T>>());

    /// <summary>1 where a != b, else 0 (in the element type), broadcasting, in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> NotEqual<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("not_equal", a, b, new VectorBinaryOperator<T, NotEqualComparison<T>>());

    /// <summary>result = 1 where a != b, else 0, broadcasting; <paramref name="result"/> may be an input.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void NotEqual<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("not_equal", a, b, result, new VectorBinaryOperator<T, NotEqualComparison<T>>());

    /// <summary>1 where a &lt; b, else 0 (in the element type), broadcasting, in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> Less<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("less", a, b, new VectorBinaryOperator<T, LessComparison<T>>());

    /// <summary>result = 1 where a &lt; b, else 0, broadcasting; <paramref name="result"/> may be an input.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void Less<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("less", a, b, result, new VectorBinaryOperator<T, LessComparison<T>>());

    /// <summary>1 where a &lt;= b, else 0 (in the element type), broadcasting, in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> LessEqual<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("less_equal", a, b, new VectorBinaryOperator<T, LessEqualComparison<T>>());

    /// <summary>result = 1 where a &lt;= b, else 0, broadcasting; <paramref name="result"/> may be an input.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void LessEqual<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("less_equal", a, b, result, new VectorBinaryOperator<T, LessEqualComparison<T>>());

    /// <summary>1 where a &gt; b, else 0 (in the element type), broadcasting, in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> Greater<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("greater", a, b, new VectorBinaryOperator<T, GreaterComparison<T>>());

    /// <summary>result = 1 where a &gt; b, else 0, broadcasting; <paramref name="result"/> may be an input.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void Greater<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("greater", a, b, result, new VectorBinaryOperator<T, GreaterComparison<T>>());

    /// <summary>1 where a &gt;= b, else 0 (in the element type), broadcasting, in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together.</exception>
    public static Tensor<T> GreaterEqual<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("greater_equal", a, b, new VectorBinaryOperator<T, GreaterEqualComparison<T>>());

    /// <summary>result = 1 where a &gt;= b, else 0, broadcasting; <paramref name="result"/> may be an input.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void GreaterEqual<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => BinaryKernels.Run("greater_equal", a, b, result, new VectorBinaryOperator<T, GreaterEqualComparison<T>>());

    /// <summary>Elements of <paramref name="a"/> where <paramref name="condition"/> is nonzero, else of
    /// <paramref name="b"/>; the three shapes broadcast together. A new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the three shapes cannot be broadcast together.</exception>
    public static Tensor<T> Where<T>(Tensor<T> condition, Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var result = new Tensor<T>(Broadcasting.BroadcastShapes("where", condition.Shape, a.Shape, b.Shape));
        WhereKernel.Run(condition, a, b, result);
        return result;
    }

    /// <summary>result = <paramref name="a"/> where <paramref name="condition"/> is nonzero, else <paramref name="b"/>
    /// (three-way broadcasting); <paramref name="result"/> may be one of the inputs.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together or the result shape differs from the broadcast shape.</exception>
    public static void Where<T>(Tensor<T> condition, Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
        => WhereKernel.Run(condition, a, b, result);

    /// <summary>a + b for a scalar b, in a new tensor.</summary>
    public static Tensor<T> Add<T>(Tensor<T> a, T b) where T : unmanaged, INumber<T> => UnaryKernels.Run("add", a, new AffineOperator<T>(T.One, b));

    /// <summary>result = a + b for a scalar b; <paramref name="result"/> may be <paramref name="a"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Add<T>(Tensor<T> a, T b, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("add", a, result, new AffineOperator<T>(T.One, b));

    /// <summary>a − b for a scalar b, in a new tensor.</summary>
    public static Tensor<T> Sub<T>(Tensor<T> a, T b) where T : unmanaged, INumber<T> => UnaryKernels.Run("sub", a, new AffineOperator<T>(T.One, -b));

    /// <summary>result = a − b for a scalar b; <paramref name="result"/> may be <paramref name="a"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Sub<T>(Tensor<T> a, T b, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("sub", a, result, new AffineOperator<T>(T.One, -b));

    /// <summary>a − b for a scalar a, in a new tensor.</summary>
    public static Tensor<T> Sub<T>(T a, Tensor<T> b) where T : unmanaged, INumber<T> => UnaryKernels.Run("sub", b, new AffineOperator<T>(-T.One, a));

    /// <summary>result = a − b for a scalar a; <paramref name="result"/> may be <paramref name="b"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Sub<T>(T a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("sub", b, result, new AffineOperator<T>(-T.One, a));

    /// <summary>a · b for a scalar b, in a new tensor.</summary>
    public static Tensor<T> Mul<T>(Tensor<T> a, T b) where T : unmanaged, INumber<T> => UnaryKernels.Run("mul", a, new AffineOperator<T>(b, T.Zero));

    /// <summary>result = a · b for a scalar b; <paramref name="result"/> may be <paramref name="a"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Mul<T>(Tensor<T> a, T b, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("mul", a, result, new AffineOperator<T>(b, T.Zero));

    /// <summary>a / b for a scalar b, in a new tensor (a true division, not a multiplication by 1/b).</summary>
    public static Tensor<T> Div<T>(Tensor<T> a, T b) where T : unmanaged, INumber<T> => UnaryKernels.Run("div", a, new ScalarDivideOperator<T>(b, scalarIsNumerator: false));

    /// <summary>result = a / b for a scalar b; <paramref name="result"/> may be <paramref name="a"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Div<T>(Tensor<T> a, T b, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("div", a, result, new ScalarDivideOperator<T>(b, scalarIsNumerator: false));

    /// <summary>a / b for a scalar a, in a new tensor.</summary>
    public static Tensor<T> Div<T>(T a, Tensor<T> b) where T : unmanaged, INumber<T> => UnaryKernels.Run("div", b, new ScalarDivideOperator<T>(a, scalarIsNumerator: true));

    /// <summary>result = a / b for a scalar a; <paramref name="result"/> may be <paramref name="b"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from the input shape.</exception>
    public static void Div<T>(T a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T> => UnaryKernels.Run("div", b, result, new ScalarDivideOperator<T>(a, scalarIsNumerator: true));
}
