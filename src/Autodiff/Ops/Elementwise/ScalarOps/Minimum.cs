namespace NeuralCore.Autodiff.Ops;

/// <summary>Elementwise minimum (ties send the gradient to the first input).</summary>
public sealed class Minimum : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Minimum Instance = new();

    /// <inheritdoc/>
    public override string Name => "minimum";
    /// <inheritdoc/>
    public override int Arity => 2;
    /// <inheritdoc/>
    public override bool SupportsInt => true;
    /// <inheritdoc/>
    public override int EvaluateInt(int a, int b, int c) => Math.Min(a, b);
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => Math.Min(a, b);

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Minimum, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = z; var b = inputs[1]; return [gz * T.LessEqual(a, b), gz * T.Greater(a, b)];
    }
}
