using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;

namespace NeuralCore.Autodiff;

public static partial class T
{
    /// <summary>a + b with broadcasting.</summary>
    public static Variable Add(Variable a, Variable b) => Binary(Ops.Add.Instance, a, b);
    /// <summary>a + b.</summary>
    public static Variable Add(Variable a, double b) => Binary(Ops.Add.Instance, a, b);
    /// <summary>a - b with broadcasting.</summary>
    public static Variable Sub(Variable a, Variable b) => Binary(Ops.Sub.Instance, a, b);
    /// <summary>a - b.</summary>
    public static Variable Sub(Variable a, double b) => Binary(Ops.Sub.Instance, a, b);
    /// <summary>a - b.</summary>
    public static Variable Sub(double a, Variable b) => Binary(Ops.Sub.Instance, a, b);
    /// <summary>a * b with broadcasting.</summary>
    public static Variable Mul(Variable a, Variable b) => Binary(Ops.Mul.Instance, a, b);
    /// <summary>a * b.</summary>
    public static Variable Mul(Variable a, double b) => Binary(Ops.Mul.Instance, a, b);
    /// <summary>a / b (true division; int operands are cast to float32).</summary>
    public static Variable Div(Variable a, Variable b) => Binary(Ops.Div.Instance, FloatOnly(a), FloatOnly(b));
    /// <summary>a / b.</summary>
    public static Variable Div(Variable a, double b) => Binary(Ops.Div.Instance, FloatOnly(a), b);
    /// <summary>a / b.</summary>
    public static Variable Div(double a, Variable b) => Binary(Ops.Div.Instance, a, FloatOnly(b));
    /// <summary>-x.</summary>
    public static Variable Neg(Variable x) => Unary(Ops.Neg.Instance, x);
    /// <summary>e^x.</summary>
    public static Variable Exp(Variable x) => UnaryFloat(Ops.Exp.Instance, x);
    /// <summary>Natural logarithm.</summary>
    public static Variable Log(Variable x) => UnaryFloat(Ops.Log.Instance, x);
    /// <summary>log(1 + x), accurate near 0.</summary>
    public static Variable Log1p(Variable x) => UnaryFloat(Ops.Log1p.Instance, x);
    /// <summary>Square root.</summary>
    public static Variable Sqrt(Variable x) => UnaryFloat(Ops.Sqrt.Instance, x);
    /// <summary>x ^ y.</summary>
    public static Variable Pow(Variable x, Variable y) => Binary(Ops.Pow.Instance, FloatOnly(x), FloatOnly(y));
    /// <summary>x ^ y.</summary>
    public static Variable Pow(Variable x, double y) => Binary(Ops.Pow.Instance, FloatOnly(x), y);
    /// <summary>|x|.</summary>
    public static Variable Abs(Variable x) => Unary(Ops.Abs.Instance, x);
    /// <summary>Sign of x (-1, 0, 1).</summary>
    public static Variable Sign(Variable x) => Unary(Ops.Sign.Instance, x);
    /// <summary>x * x.</summary>
    public static Variable Square(Variable x) => Unary(Ops.Square.Instance, x);
    /// <summary>Hyperbolic tangent.</summary>
    public static Variable Tanh(Variable x) => UnaryFloat(Ops.Tanh.Instance, x);
    /// <summary>Logistic sigmoid.</summary>
    public static Variable Sigmoid(Variable x) => UnaryFloat(Ops.Sigmoid.Instance, x);
    /// <summary>Softplus log(1 + e^x).</summary>
    public static Variable Softplus(Variable x) => UnaryFloat(Ops.Softplus.Instance, x);
    /// <summary>Rectifier; <paramref name="alpha"/> is the leak for negative inputs (0 = ReLU).</summary>
    public static Variable Relu(Variable x, double alpha = 0) => UnaryFloat(new Ops.Relu(alpha), x);
    /// <summary>Exponential linear unit.</summary>
    public static Variable Elu(Variable x, double alpha = 1) => UnaryFloat(new Ops.Elu(alpha), x);
    /// <summary>Scaled exponential linear unit.</summary>
    public static Variable Selu(Variable x) => UnaryFloat(Ops.Selu.Instance, x);
    /// <summary>Clips to [min, max].</summary>
    public static Variable Clip(Variable x, double min, double max) => Unary(new Ops.Clip(min, max), x);
    /// <summary>Elementwise maximum.</summary>
    public static Variable Maximum(Variable a, Variable b) => Binary(Ops.Maximum.Instance, a, b);
    /// <summary>Elementwise maximum with a constant.</summary>
    public static Variable Maximum(Variable a, double b) => Binary(Ops.Maximum.Instance, a, b);
    /// <summary>Elementwise minimum.</summary>
    public static Variable Minimum(Variable a, Variable b) => Binary(Ops.Minimum.Instance, a, b);
    /// <summary>Elementwise minimum with a constant.</summary>
    public static Variable Minimum(Variable a, double b) => Binary(Ops.Minimum.Instance, a, b);

    /// <summary>where(condition, a, b): a where condition is nonzero, b elsewhere (3-way broadcasting).</summary>
    public static Variable Switch(Variable condition, Variable a, Variable b)
    {
        var (c, x, y) = Promote(condition, a, b);
        return Elementwise(Ops.Switch.Instance, c, x, y);
    }

    /// <summary>where(condition, a, b) with a constant else-branch.</summary>
    public static Variable Switch(Variable condition, Variable a, double b) => Switch(condition, a, Constant(b, a.DType));

    /// <summary>1 where a == b, else 0 (in the promoted input dtype).</summary>
    public static Variable Equal(Variable a, Variable b) => Binary(new Comparison(ComparisonKind.Equal), a, b);
    /// <summary>1 where a == b.</summary>
    public static Variable Equal(Variable a, double b) => Binary(new Comparison(ComparisonKind.Equal), a, b);
    /// <summary>1 where a != b.</summary>
    public static Variable NotEqual(Variable a, Variable b) => Binary(new Comparison(ComparisonKind.NotEqual), a, b);
    /// <summary>1 where a != b.</summary>
    public static Variable NotEqual(Variable a, double b) => Binary(new Comparison(ComparisonKind.NotEqual), a, b);
    /// <summary>1 where a &lt; b.</summary>
    public static Variable Less(Variable a, Variable b) => Binary(new Comparison(ComparisonKind.Less), a, b);
    /// <summary>1 where a &lt; b.</summary>
    public static Variable Less(Variable a, double b) => Binary(new Comparison(ComparisonKind.Less), a, b);
    /// <summary>1 where a &lt;= b.</summary>
    public static Variable LessEqual(Variable a, Variable b) => Binary(new Comparison(ComparisonKind.LessEqual), a, b);
    /// <summary>1 where a &lt;= b.</summary>
    public static Variable LessEqual(Variable a, double b) => Binary(new Comparison(ComparisonKind.LessEqual), a, b);
    /// <summary>1 where a &gt; b.</summary>
    public static Variable Greater(Variable a, Variable b) => Binary(new Comparison(ComparisonKind.Greater), a, b);
    /// <summary>1 where a &gt; b.</summary>
    public static Variable Greater(Variable a, double b) => Binary(new Comparison(ComparisonKind.Greater), a, b);
    /// <summary>1 where a &gt;= b.</summary>
    public static Variable GreaterEqual(Variable a, Variable b) => Binary(new Comparison(ComparisonKind.GreaterEqual), a, b);
    /// <summary>1 where a &gt;= b.</summary>
    public static Variable GreaterEqual(Variable a, double b) => Binary(new Comparison(ComparisonKind.GreaterEqual), a, b);

    /// <summary>Converts to <paramref name="dtype"/> (no node when the dtype already matches).</summary>
    public static Variable Cast(Variable x, DType dtype) => x.DType == dtype ? x : Elementwise(new Ops.Cast(dtype), x);

    /// <summary>fill(like, value): <paramref name="value"/> broadcast to the shape of <paramref name="like"/> (Theano's second).</summary>
    public static Variable Fill(Variable like, Variable value) => Elementwise(Second.Instance, like, Cast(value, like.DType));

    /// <summary>fill(like, value) with a constant.</summary>
    public static Variable Fill(Variable like, double value) => Elementwise(Second.Instance, like, Constant(value, like.DType));

    /// <summary>Zeros with the shape and dtype of <paramref name="x"/>.</summary>
    public static Variable ZerosLike(Variable x) => Fill(x, 0.0);

    /// <summary>Ones with the shape and dtype of <paramref name="x"/>.</summary>
    public static Variable OnesLike(Variable x) => Fill(x, 1.0);
}
