namespace NeuralCore.Autodiff.Ops;

/// <summary>where(cond, a, b): a where cond is nonzero, else b.</summary>
public sealed class Switch : ScalarOp
{
    /// <summary>The shared instance.</summary>
    public static readonly Switch Instance = new();

    /// <inheritdoc/>
    public override string Name => "switch";
    /// <inheritdoc/>
    public override int Arity => 3;
    /// <inheritdoc/>
    public override bool SupportsInt => true;
    /// <inheritdoc/>
    public override int EvaluateInt(int a, int b, int c) => a != 0 ? b : c;
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => a != 0 ? b : c;

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => KernelDispatch.Run(KernelDispatch.Kind.Where, inputs, output);

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
    {
        var a = inputs[0]; var gz = outputGradient; var z = output;
        _ = z; var zero = T.ZerosLike(gz); return [null, T.Switch(a, gz, zero), T.Switch(a, zero, gz)];
    }
}
