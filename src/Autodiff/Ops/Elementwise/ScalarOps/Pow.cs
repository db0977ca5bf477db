namespace NeuralCore.Autodiff.Ops;

/// <summary>Power a ^ b.</summary>
public sealed class Pow : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Pow Instance = new();

    /// <inheritdoc/>
    public override string Name => "pow";
    /// <inheritdoc/>
    public override int Arity => 2;
    /// <inheritdoc/>
    public override string? Symbol => "**";
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => Math.Pow(a, b);

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Pow, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        var b = inputs[1]; return [gz * b * T.Pow(a, b - 1.0), gz * z * T.Log(a)];
    }
}
