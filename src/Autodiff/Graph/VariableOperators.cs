namespace NeuralCore.Autodiff;

public partial class Variable
{
    /// <summary>Elementwise a + b with broadcasting.</summary>
    public static Variable operator +(Variable a, Variable b) => T.Add(a, b);
    /// <summary>a + constant.</summary>
    public static Variable operator +(Variable a, double b) => T.Add(a, b);
    /// <summary>constant + b.</summary>
    public static Variable operator +(double a, Variable b) => T.Elementwise(Ops.Add.Instance, T.WithLiteral(b, a).Literal, T.WithLiteral(b, a).Var);
    /// <summary>Elementwise a - b.</summary>
    public static Variable operator -(Variable a, Variable b) => T.Sub(a, b);
    /// <summary>a - constant.</summary>
    public static Variable operator -(Variable a, double b) => T.Sub(a, b);
    /// <summary>constant - b.</summary>
    public static Variable operator -(double a, Variable b) => T.Sub(a, b);
    /// <summary>Elementwise a * b.</summary>
    public static Variable operator *(Variable a, Variable b) => T.Mul(a, b);
    /// <summary>a * constant.</summary>
    public static Variable operator *(Variable a, double b) => T.Mul(a, b);
    /// <summary>constant * b.</summary>
    public static Variable operator *(double a, Variable b) => T.Elementwise(Ops.Mul.Instance, T.WithLiteral(b, a).Literal, T.WithLiteral(b, a).Var);
    /// <summary>Elementwise true division a / b.</summary>
    public static Variable operator /(Variable a, Variable b) => T.Div(a, b);
    /// <summary>a / constant.</summary>
    public static Variable operator /(Variable a, double b) => T.Div(a, b);
    /// <summary>constant / b.</summary>
    public static Variable operator /(double a, Variable b) => T.Div(a, b);
    /// <summary>Elementwise negation.</summary>
    public static Variable operator -(Variable x) => T.Neg(x);
    /// <summary>Elementwise a &lt; b (1 or 0).</summary>
    public static Variable operator <(Variable a, Variable b) => T.Less(a, b);
    /// <summary>Elementwise a &gt; b (1 or 0).</summary>
    public static Variable operator >(Variable a, Variable b) => T.Greater(a, b);
    /// <summary>Elementwise a &lt;= b (1 or 0).</summary>
    public static Variable operator <=(Variable a, Variable b) => T.LessEqual(a, b);
    /// <summary>Elementwise a &gt;= b (1 or 0).</summary>
    public static Variable operator >=(Variable a, Variable b) => T.GreaterEqual(a, b);
    /// <summary>Elementwise a &lt; constant.</summary>
    public static Variable operator <(Variable a, double b) => T.Less(a, b);
    /// <summary>Elementwise a &gt; constant.</summary>
    public static Variable operator >(Variable a, double b) => T.Greater(a, b);
    /// <summary>Elementwise a &lt;= constant.</summary>
    public static Variable operator <=(Variable a, double b) => T.LessEqual(a, b);
    /// <summary>Elementwise a &gt;= constant.</summary>
    public static Variable operator >=(Variable a, double b) => T.GreaterEqual(a, b);

    /// <summary>Elementwise equality (1 or 0); Variables themselves compare by reference with ==.</summary>
    public Variable Eq(Variable other) => T.Equal(this, other);
    /// <summary>Elementwise equality with a constant.</summary>
    public Variable Eq(double other) => T.Equal(this, other);
    /// <summary>Elementwise inequality (1 or 0).</summary>
    public Variable Neq(Variable other) => T.NotEqual(this, other);
    /// <summary>Elementwise inequality with a constant.</summary>
    public Variable Neq(double other) => T.NotEqual(this, other);
    /// <summary>Elementwise a &lt; b.</summary>
    public Variable Lt(Variable other) => T.Less(this, other);
    /// <summary>Elementwise a &lt;= b.</summary>
    public Variable Le(Variable other) => T.LessEqual(this, other);
    /// <summary>Elementwise a &gt; b.</summary>
    public Variable Gt(Variable other) => T.Greater(this, other);
    /// <summary>Elementwise a &gt;= b.</summary>
    public Variable Ge(Variable other) => T.GreaterEqual(this, other);
}
