namespace NeuralCore.Autodiff.Ops;

/// <summary>Rectifier max(a, 0) with leak: a for a &gt; 0, alpha * a otherwise (alpha = 0 is plain ReLU).</summary>
public sealed class Relu : ScalarOp
{
    /// <summary>Creates a rectifier with leak <paramref name="alpha"/>.</summary>
    public Relu(double alpha = 0) => Alpha = alpha;

    /// <summary>The leak (slope for negative inputs).</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public override string Name => "relu";
    /// <inheritdoc/>
    public override int Arity => 1;
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => a > 0 ? a : Alpha * a;
    /// <inheritdoc/>
    public override float Evaluate(float a, float b, float c) => a > 0 ? a : (float)Alpha * a;

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => output.DType != DType.Int32 && KernelDispatch.Run(KernelDispatch.Kind.Relu, inputs, output, Alpha);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
        => [T.Elementwise(new ReluGrad(Alpha), inputs[0], outputGradient)];

    /// <inheritdoc/>
    protected override bool PropsEqual(ScalarOp other) => ((Relu)other).Alpha.Equals(Alpha);
    /// <inheritdoc/>
    protected override int PropsHash() => Alpha.GetHashCode();
    /// <inheritdoc/>
    public override string ToString() => Alpha == 0 ? "relu" : $"relu{{alpha={Alpha:G4}}}";
}
