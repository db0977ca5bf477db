namespace NeuralCore.Autodiff.Ops;

/// <summary>Logistic sigmoid 1 / (1 + e^-a).</summary>
public sealed class Sigmoid : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Sigmoid Instance = new();

    /// <inheritdoc/>
    public override string Name => "sigmoid";
    /// <inheritdoc/>
    public override int Arity => 1;

    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => a >= 0 ? 1 / (1 + Math.Exp(-a)) : Math.Exp(a) / (1 + Math.Exp(a));

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Sigmoid, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = a; return [T.Elementwise(SigmoidGrad.Instance, z, gz)];
    }
}
