namespace NeuralCore.Autodiff.Ops;

/// <summary>Clips to [min, max]; the gradient passes where min &lt;= a &lt;= max.</summary>
public sealed class Clip : ScalarOp
{
    /// <summary>Creates a clip to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentException">When min &gt; max.</exception>
    public Clip(double min, double max)
    {
        if (min > max) throw new ArgumentException($"clip: min {min} is greater than max {max}");
        Min = min;
        Max = max;
    }

    /// <summary>Lower bound.</summary>
    public double Min { get; }
    /// <summary>Upper bound.</summary>
    public double Max { get; }

    /// <inheritdoc/>
    public override string Name => "clip";
    /// <inheritdoc/>
    public override int Arity => 1;
    /// <inheritdoc/>
    public override bool SupportsInt => true;
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => a < Min ? Min : a > Max ? Max : a;
    /// <inheritdoc/>
    public override int EvaluateInt(int a, int b, int c) => (int)Evaluate(a, b, c);

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => output.DType != DType.Int32 && KernelDispatch.Run(KernelDispatch.Kind.Clip, inputs, output, Min, Max);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
        => [outputGradient * T.GreaterEqual(inputs[0], Min) * T.LessEqual(inputs[0], Max)];

    /// <inheritdoc/>
    protected override bool PropsEqual(ScalarOp other) => ((Clip)other).Min.Equals(Min) && ((Clip)other).Max.Equals(Max);
    /// <inheritdoc/>
    protected override int PropsHash() => HashCode.Combine(Min, Max);
    /// <inheritdoc/>
    public override string ToString() => $"clip{{{Min:G4}, {Max:G4}}}";
}
