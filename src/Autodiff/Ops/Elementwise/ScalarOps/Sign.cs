namespace NeuralCore.Autodiff.Ops;

/// <summary>Sign: -1, 0 or 1 (zero gradient).</summary>
public sealed class Sign : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Sign Instance = new();

    /// <inheritdoc/>
    public override string Name => "sign";
    /// <inheritdoc/>
    public override int Arity => 1;
    /// <inheritdoc/>
    public override bool SupportsInt => true;
    /// <inheritdoc/>
    public override int EvaluateInt(int a, int b, int c) => Math.Sign(a);
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => a > 0 ? 1 : a < 0 ? -1 : 0;

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Sign, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = a; _ = z; _ = gz; return [null];
    }
}
