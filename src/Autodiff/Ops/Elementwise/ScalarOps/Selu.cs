namespace NeuralCore.Autodiff.Ops;

/// <summary>Scaled exponential linear unit (Klambauer et al.).</summary>
public sealed class Selu : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Selu Instance = new();

    /// <inheritdoc/>
    public override string Name => "selu";
    /// <inheritdoc/>
    public override int Arity => 1;
    internal const double Alpha = 1.6732632423543772848170429916717;
    internal const double Scale = 1.0507009873554804934193349852946;
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => a > 0 ? Scale * a : Scale * Alpha * (Math.Exp(a) - 1);

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Selu, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        return [gz * T.Switch(T.Greater(a, 0.0), T.Constant(Scale, a.DType), z + Scale * Alpha)];
    }
}
