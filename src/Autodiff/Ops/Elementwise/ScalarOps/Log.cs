namespace NeuralCore.Autodiff.Ops;

/// <summary>Natural logarithm.</summary>
public sealed class Log : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Log Instance = new();

    /// <inheritdoc/>
    public override string Name => "log";
    /// <inheritdoc/>
    public override int Arity => 1;

    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => Math.Log(a);

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Log, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = z; return [gz / a];
    }
}
