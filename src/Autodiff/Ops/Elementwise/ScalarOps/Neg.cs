namespace NeuralCore.Autodiff.Ops;

/// <summary>Negation -a.</summary>
public sealed class Neg : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Neg Instance = new();

    /// <inheritdoc/>
    public override string Name => "neg";
    /// <inheritdoc/>
    public override int Arity => 1;
    /// <inheritdoc/>
    public override string? Symbol => "-";
    /// <inheritdoc/>
    public override bool SupportsInt => true;
    /// <inheritdoc/>
    public override int EvaluateInt(int a, int b, int c) => -a;
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => -a;

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Neg, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = a; _ = z; return [T.Neg(gz)];
    }
}
