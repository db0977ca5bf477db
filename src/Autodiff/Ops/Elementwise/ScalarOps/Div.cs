namespace NeuralCore.Autodiff.Ops;

/// <summary>True division a / b (float only).</summary>
public sealed class Div : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Div Instance = new();

    /// <inheritdoc/>
    public override string Name => "div";
    /// <inheritdoc/>
    public override int Arity => 2;
    /// <inheritdoc/>
    public override string? Symbol => "/";
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => a / b;

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Div, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = z; var b = inputs[1]; return [gz / b, T.Neg(gz * a / T.Square(b))];
    }
}
