namespace NeuralCore.Autodiff.Ops;

/// <summary>log(1 + a), accurate for small a.</summary>
public sealed class Log1p : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Log1p Instance = new();

    /// <inheritdoc/>
    public override string Name => "log1p";
    /// <inheritdoc/>
    public override int Arity => 1;

    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => Math.Abs(a) < 1e-4 ? a - a * a / 2 + a * a * a / 3 : Math.Log(1 + a);

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Log1p, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = z; return [gz / (1.0 + a)];
    }
}
