namespace NeuralCore.Autodiff.Ops;

/// <summary>Hyperbolic tangent.</summary>
public sealed class Tanh : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Tanh Instance = new();

    /// <inheritdoc/>
    public override string Name => "tanh";
    /// <inheritdoc/>
    public override int Arity => 1;

    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => Math.Tanh(a);

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Tanh, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = a; return [T.Elementwise(TanhGrad.Instance, z, gz)];
    }
}
