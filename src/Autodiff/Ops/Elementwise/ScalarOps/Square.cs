namespace NeuralCore.Autodiff.Ops;

/// <summary>Square a * a.</summary>
public sealed class Square : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Square Instance = new();

    /// <inheritdoc/>
    public override string Name => "sqr";
    /// <inheritdoc/>
    public override int Arity => 1;
    /// <inheritdoc/>
    public override bool SupportsInt => true;
    /// <inheritdoc/>
    public override int EvaluateInt(int a, int b, int c) => a * a;
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => a * a;

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Square, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = z; return [gz * (2.0 * a)];
    }
}
