namespace NeuralCore.Autodiff.Ops;

/// <summary>Elementwise maximum (ties send the gradient to the first input).</summary>
public sealed class Maximum : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Maximum Instance = new();

    /// <inheritdoc/>
    public override string Name => "maximum";
    /// <inheritdoc/>
    public override int Arity => 2;
    /// <inheritdoc/>
    public override bool SupportsInt => true;
    /// <inheritdoc/>
    public override int EvaluateInt(int a, int b, int c) => Math.Max(a, b);
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => Math.Max(a, b);

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Maximum, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = z; var b = inputs[1]; return [gz * T.GreaterEqual(a, b), gz * T.Less(a, b)];
    }
}
