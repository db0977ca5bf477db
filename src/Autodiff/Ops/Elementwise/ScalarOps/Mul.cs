namespace NeuralCore.Autodiff.Ops;

/// <summary>Multiplication a * b.</summary>
public sealed class Mul : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Mul Instance = new();

    /// <inheritdoc/>
    public override string Name => "mul";
    /// <inheritdoc/>
    public override int Arity => 2;
    /// <inheritdoc/>
    public override string? Symbol => "*";
    /// <inheritdoc/>
    public override bool SupportsInt => true;
    /// <inheritdoc/>
    public override int EvaluateInt(int a, int b, int c) => a * b;
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => a * b;

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Mul, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = z; return [gz * inputs[1], gz * a];
    }
}
