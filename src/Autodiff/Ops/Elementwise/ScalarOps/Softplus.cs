namespace NeuralCore.Autodiff.Ops;

/// <summary>Softplus log(1 + e^a), computed stably.</summary>
public sealed class Softplus : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Softplus Instance = new();

    /// <inheritdoc/>
    public override string Name => "softplus";
    /// <inheritdoc/>
    public override int Arity => 1;

    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => a > 30 ? a : a < -30 ? Math.Exp(a) : Math.Log(1 + Math.Exp(a));

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Softplus, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = z; return [gz * T.Sigmoid(a)];
    }
}
