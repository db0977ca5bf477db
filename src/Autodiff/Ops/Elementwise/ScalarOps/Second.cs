namespace NeuralCore.Autodiff.Ops;

/// <summary>fill(a, b): b broadcast to the shape of a (Theano's second); the gradient of broadcasting.</summary>
public sealed class Second : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Second Instance = new();

    /// <inheritdoc/>
    public override string Name => "second";
    /// <inheritdoc/>
    public override int Arity => 2;
    /// <inheritdoc/>
    public override bool SupportsInt => true;
    /// <inheritdoc/>
    public override int EvaluateInt(int a, int b, int c) => b;
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => b;

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Second, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = a; _ = z; return [null, gz];
    }
}
