using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;

namespace NeuralCore.Autodiff;

/// <summary>
/// The symbol factory and math namespace (Theano's <c>theano.tensor</c>, usually imported as T):
/// symbolic inputs (<see cref="Scalar"/>, <see cref="Matrix"/>, ...), constants, shared variables,
/// and every operation as a function. Variables also have C# operators and instance methods.
/// </summary>
public static partial class T
{
    /// <summary>The default float dtype (float32).</summary>
    public const DType FloatX = DType.Float32;

    /// <summary>A symbolic scalar (rank 0).</summary>
    public static Variable Scalar(string? name = null, DType dtype = FloatX) => new(TensorType.OfRank(dtype, 0), name);

    /// <summary>A symbolic vector (rank 1).</summary>
    public static Variable Vector(string? name = null, DType dtype = FloatX) => new(TensorType.OfRank(dtype, 1), name);

    /// <summary>A symbolic matrix (rank 2).</summary>
    public static Variable Matrix(string? name = null, DType dtype = FloatX) => new(TensorType.OfRank(dtype, 2), name);

    /// <summary>A symbolic rank-3 tensor.</summary>
    public static Variable Tensor3(string? name = null, DType dtype = FloatX) => new(TensorType.OfRank(dtype, 3), name);

    /// <summary>A symbolic rank-4 tensor (e.g. NCHW images).</summary>
    public static Variable Tensor4(string? name = null, DType dtype = FloatX) => new(TensorType.OfRank(dtype, 4), name);

    /// <summary>A symbolic int32 scalar.</summary>
    public static Variable IScalar(string? name = null) => Scalar(name, DType.Int32);

    /// <summary>A symbolic int32 vector (e.g. class labels).</summary>
    public static Variable IVector(string? name = null) => Vector(name, DType.Int32);

    /// <summary>A symbolic int32 matrix.</summary>
    public static Variable IMatrix(string? name = null) => Matrix(name, DType.Int32);

    /// <summary>A symbolic row: a matrix whose first axis is broadcastable (extent 1).</summary>
    public static Variable Row(string? name = null, DType dtype = FloatX) => new(new TensorType(dtype, 1, null), name);

    /// <summary>A symbolic column: a matrix whose second axis is broadcastable (extent 1).</summary>
    public static Variable Col(string? name = null, DType dtype = FloatX) => new(new TensorType(dtype, null, 1), name);

    /// <summary>A symbolic input with explicit static extents (null = unknown), e.g. <c>T.Input([null, 784])</c>.</summary>
    public static Variable Input(int?[] shape, string? name = null, DType dtype = FloatX) => new(new TensorType(dtype, shape), name);

    /// <summary>A shared variable holding <paramref name="value"/> (see <see cref="SharedVariable"/>).</summary>
    public static SharedVariable Shared(Tensor value, string? name = null, bool fixedShape = true) => new(value, name, fixedShape);

    /// <summary>A constant tensor.</summary>
    public static Constant Constant(Tensor value, string? name = null) => new(value, name);

    /// <summary>A scalar constant of the given dtype.</summary>
    public static Constant Constant(double value, DType dtype = FloatX) => new(TensorCopy.Scalar(dtype, value));

    /// <summary>An int32 scalar constant.</summary>
    public static Constant Constant(int value) => new(Tensor.Scalar(value));

    /// <summary>Applies an op with one output.</summary>
    public static Variable Apply(Op op, params Variable[] inputs) => op.MakeNode(inputs)[0];

    /// <summary>Applies a scalar op elementwise.</summary>
    public static Variable Elementwise(ScalarOp scalar, params Variable[] inputs) => new ElementwiseOp(scalar).MakeNode(inputs)[0];

    // ---- dtype promotion and literals ----

    private static int Rank(DType d) => d switch { DType.Int32 => 0, DType.Float32 => 1, _ => 2 };

    /// <summary>Casts the lower of two dtypes up (int32 &lt; float32 &lt; float64) so both match.</summary>
    internal static (Variable, Variable) Promote(Variable a, Variable b)
    {
        if (a.DType == b.DType) return (a, b);
        return Rank(a.DType) > Rank(b.DType) ? (a, Cast(b, a.DType)) : (Cast(a, b.DType), b);
    }

    internal static (Variable, Variable, Variable) Promote(Variable a, Variable b, Variable c)
    {
        var d = a.DType;
        if (Rank(b.DType) > Rank(d)) d = b.DType;
        if (Rank(c.DType) > Rank(d)) d = c.DType;
        return (Cast(a, d), Cast(b, d), Cast(c, d));
    }

    /// <summary>A scalar constant adopting the dtype of <paramref name="like"/> (an int variable with a
    /// fractional literal is first cast to float32).</summary>
    internal static (Variable Var, Variable Literal) WithLiteral(Variable like, double value)
    {
        if (like.DType == DType.Int32 && value != Math.Floor(value)) like = Cast(like, FloatX);
        return (like, Constant(value, like.DType));
    }

    private static Variable Binary(ScalarOp op, Variable a, Variable b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        (a, b) = Promote(a, b);
        return Elementwise(op, a, b);
    }

    private static Variable Binary(ScalarOp op, Variable a, double b)
    {
        var (v, c) = WithLiteral(a, b);
        return Elementwise(op, v, c);
    }

    private static Variable Binary(ScalarOp op, double a, Variable b)
    {
        var (v, c) = WithLiteral(b, a);
        return Elementwise(op, c, v);
    }

    private static Variable FloatOnly(Variable x) => x.DType == DType.Int32 ? Cast(x, FloatX) : x;

    private static Variable Unary(ScalarOp op, Variable x) => Elementwise(op, x);

    private static Variable UnaryFloat(ScalarOp op, Variable x) => Elementwise(op, FloatOnly(x));
}
