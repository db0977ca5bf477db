namespace NeuralCore.Autodiff.Ops;

/// <summary>Exponential linear unit: a for a &gt; 0, alpha * (e^a - 1) otherwise.</summary>
public sealed class Elu : ScalarOp
{
    /// <summary>Creates an ELU with scale <paramref name="alpha"/> for negative inputs.</summary>
    public Elu(double alpha = 1) => Alpha = alpha;

    /// <summary>The scale of the negative part.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public override string Name => "elu";
    /// <inheritdoc/>
    public override int Arity => 1;
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => a > 0 ? a : Alpha * (Math.Exp(a) - 1);

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => output.DType != DType.Int32 && KernelDispatch.Run(KernelDispatch.Kind.Elu, inputs, output, Alpha);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
        => [outputGradient * T.Switch(T.Greater(inputs[0], 0.0), T.OnesLike(output), output + Alpha)];

    /// <inheritdoc/>
    protected override bool PropsEqual(ScalarOp other) => ((Elu)other).Alpha.Equals(Alpha);
    /// <inheritdoc/>
    protected override int PropsHash() => Alpha.GetHashCode();
    /// <inheritdoc/>
    public override string ToString() => Alpha == 1 ? "elu" : $"elu{{alpha={Alpha:G4}}}";
}
