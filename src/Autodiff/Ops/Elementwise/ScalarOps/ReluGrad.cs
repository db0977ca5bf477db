namespace NeuralCore.Autodiff.Ops;

/// <summary>Fused rectifier gradient from the input: relu_grad(x, dz) = dz where x &gt; 0, else alpha * dz.</summary>
public sealed class ReluGrad : ScalarOp
{
    /// <summary>Creates the gradient of a rectifier with leak <paramref name="alpha"/>.</summary>
    public ReluGrad(double alpha = 0) => Alpha = alpha;

    /// <summary>The leak.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public override string Name => "relu_grad";
    /// <inheritdoc/>
    public override int Arity => 2;
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => a > 0 ? b : Alpha * b;
    /// <inheritdoc/>
    public override float Evaluate(float a, float b, float c) => a > 0 ? b : (float)Alpha * b;
    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => output.DType != DType.Int32 && KernelDispatch.Run(KernelDispatch.Kind.ReluGrad, inputs, output, Alpha);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
        => [null, T.Elementwise(this, inputs[0], outputGradient)];

    /// <inheritdoc/>
    protected override bool PropsEqual(ScalarOp other) => ((ReluGrad)other).Alpha.Equals(Alpha);
    /// <inheritdoc/>
    protected override int PropsHash() => Alpha.GetHashCode();
    /// <inheritdoc/>
    public override string ToString() => Alpha == 0 ? "relu_grad" : $"relu_grad{{alpha={Alpha:G4}}}";
}
