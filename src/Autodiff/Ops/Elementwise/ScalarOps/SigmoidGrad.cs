namespace NeuralCore.Autodiff.Ops;

/// <summary>Fused sigmoid gradient from the output: sigmoid_grad(z, dz) = dz * z * (1 - z).</summary>
public sealed class SigmoidGrad : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly SigmoidGrad Instance = new();

    /// <inheritdoc/>
    public override string Name => "sigmoid_grad";
    /// <inheritdoc/>
    public override int Arity => 2;
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => b * a * (1 - a);
    /// <inheritdoc/>
    public override float Evaluate(float a, float b, float c) => b * a * (1 - a);
    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => output.DType != DType.Int32 && KernelDispatch.Run(KernelDispatch.Kind.SigmoidGrad, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var (z, dz) = (inputs[0], inputs[1]);
        return [outputGradient * dz * (1.0 - 2.0 * z), outputGradient * z * (1.0 - z)];
    }
}
