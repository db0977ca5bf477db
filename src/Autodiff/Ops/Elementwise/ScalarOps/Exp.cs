namespace NeuralCore.Autodiff.Ops;

/// <summary>Exponential e^a.</summary>
public sealed class Exp : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Exp Instance = new();

    /// <inheritdoc/>
    public override string Name => "exp";
    /// <inheritdoc/>
    public override int Arity => 1;

    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => Math.Exp(a);

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Exp, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = a; return [gz * z];
    }
}
