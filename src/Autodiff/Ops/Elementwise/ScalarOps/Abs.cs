namespace NeuralCore.Autodiff.Ops;

/// <summary>Absolute value.</summary>
public sealed class Abs : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Abs Instance = new();

    /// <inheritdoc/>
    public override string Name => "abs";
    /// <inheritdoc/>
    public override int Arity => 1;
    /// <inheritdoc/>
    public override bool SupportsInt => true;
    /// <inheritdoc/>
    public override int EvaluateInt(int a, int b, int c) => Math.Abs(a);
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => Math.Abs(a);

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Abs, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = z; return [gz * T.Sign(a)];
    }
}
