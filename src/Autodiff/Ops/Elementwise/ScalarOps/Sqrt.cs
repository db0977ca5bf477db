namespace NeuralCore.Autodiff.Ops;

/// <summary>Square root.</summary>
public sealed class Sqrt : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Sqrt Instance = new();

    /// <inheritdoc/>
    public override string Name => "sqrt";
    /// <inheritdoc/>
    public override int Arity => 1;

    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => Math.Sqrt(a);

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Sqrt, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = a; return [gz / (2.0 * z)];
    }
}
