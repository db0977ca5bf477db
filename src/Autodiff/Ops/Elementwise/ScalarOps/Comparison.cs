namespace NeuralCore.Autodiff.Ops;

/// <summary>The comparison a <see cref="Comparison"/> performs.</summary>
public enum ComparisonKind
{
    /// <summary>a == b</summary>
    Equal,
    /// <summary>a != b</summary>
    NotEqual,
    /// <summary>a &lt; b</summary>
    Less,
    /// <summary>a &lt;= b</summary>
    LessEqual,
    /// <summary>a &gt; b</summary>
    Greater,
    /// <summary>a &gt;= b</summary>
    GreaterEqual,
}

/// <summary>Elementwise comparison returning 1 or 0 in the input dtype (no gradient).</summary>
public sealed class Comparison : ScalarOp
{
    /// <summary>Creates the comparison of the given kind.</summary>
    public Comparison(ComparisonKind kind) => Kind = kind;

    /// <summary>Which comparison.</summary>
    public ComparisonKind Kind { get; }

    /// <inheritdoc/>
    public override string Name => Kind switch
    {
        ComparisonKind.Equal => "eq",
        ComparisonKind.NotEqual => "neq",
        ComparisonKind.Less => "lt",
        ComparisonKind.LessEqual => "le",
        ComparisonKind.Greater => "gt",
        _ => "ge",
    };

    /// <inheritdoc/>
    public override string? Symbol => Kind switch
    {
        ComparisonKind.Equal => "==",
        ComparisonKind.NotEqual => "!=",
        ComparisonKind.Less => "<",
        ComparisonKind.LessEqual => "<=",
        ComparisonKind.Greater => ">",
        _ => ">=",
    };

    /// <inheritdoc/>
    public override int Arity => 2;
    /// <inheritdoc/>
    public override bool SupportsInt => true;

    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => Test(a, b) ? 1 : 0;
    /// <inheritdoc/>
    public override float Evaluate(float a, float b, float c) => Test(a, b) ? 1 : 0;
    /// <inheritdoc/>
    public override int EvaluateInt(int a, int b, int c) => Test(a, b) ? 1 : 0;

    private bool Test(double a, double b) => Kind switch
    {
        ComparisonKind.Equal => a == b,
        ComparisonKind.NotEqual => a != b,
        ComparisonKind.Less => a < b,
        ComparisonKind.LessEqual => a <= b,
        ComparisonKind.Greater => a > b,
        _ => a >= b,
    };

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(Kind switch
    {
        ComparisonKind.Equal => KernelDispatch.Kind.Equal,
        ComparisonKind.NotEqual => KernelDispatch.Kind.NotEqual,
        ComparisonKind.Less => KernelDispatch.Kind.Less,
        ComparisonKind.LessEqual => KernelDispatch.Kind.LessEqual,
        ComparisonKind.Greater => KernelDispatch.Kind.Greater,
        _ => KernelDispatch.Kind.GreaterEqual,
    }, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient) => [null, null];

    /// <inheritdoc/>
    protected override bool PropsEqual(ScalarOp other) => ((Comparison)other).Kind == Kind;
    /// <inheritdoc/>
    protected override int PropsHash() => (int)Kind;
}
