namespace NeuralCore.Autodiff.Ops;

/// <summary>Fused tanh gradient from the output: tanh_grad(z, dz) = dz * (1 - z²), one pass instead of three.</summary>
public sealed class TanhGrad : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly TanhGrad Instance = new();

    /// <inheritdoc/>
    public override string Name => "tanh_grad";
    /// <inheritdoc/>
    public override int Arity => 2;
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => b * (1 - a * a);
    /// <inheritdoc/>
    public override float Evaluate(float a, float b, float c) => b * (1 - a * a);
    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => output.DType != DType.Int32 && KernelDispatch.Run(KernelDispatch.Kind.TanhGrad, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var (z, dz) = (inputs[0], inputs[1]);
        return [outputGradient * dz * (-2.0 * z), outputGradient * (1.0 - T.Square(z))];
    }
}
