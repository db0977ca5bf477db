using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Ops;

/// <summary>Converts to another dtype (float to int truncates toward zero). The gradient flows back between float types.</summary>
public sealed class Cast : ScalarOp
{
    /// <summary>Creates a cast to <paramref name="target"/>.</summary>
    public Cast(DType target) => Target = target;

    /// <summary>The output dtype.</summary>
    public DType Target { get; }

    /// <inheritdoc/>
    public override string Name => "cast";
    /// <inheritdoc/>
    public override int Arity => 1;
    /// <inheritdoc/>
    public override bool SupportsInt => true;
    /// <inheritdoc/>
    public override DType OutputDType(DType inputDType) => Target;
    /// <inheritdoc/>
    public override double Evaluate(double a, double b, double c) => Target == DType.Int32 ? Math.Truncate(a) : Target == DType.Float32 ? (float)a : a;
    /// <inheritdoc/>
    public override int EvaluateInt(int a, int b, int c) => a;

    /// <inheritdoc/>
    public override bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        var src = inputs[0];
        switch (output.DType)
        {
            case DType.Float32: Convert(src, ((Tensor<float>)output).AsSpan()); break;
            case DType.Float64: Convert(src, ((Tensor<double>)output).AsSpan()); break;
            default: Convert(src, ((Tensor<int>)output).AsSpan()); break;
        }
        return true;
    }

    private static void Convert<TOut>(Tensor src, Span<TOut> dst) where TOut : System.Numerics.INumber<TOut>
    {
        switch (src.DType)
        {
            case DType.Float32: { var s = ((Tensor<float>)src).AsReadOnlySpan(); for (int i = 0; i < dst.Length; i++) dst[i] = TOut.CreateTruncating(s[i]); break; }
            case DType.Float64: { var s = ((Tensor<double>)src).AsReadOnlySpan(); for (int i = 0; i < dst.Length; i++) dst[i] = TOut.CreateTruncating(s[i]); break; }
            default: { var s = ((Tensor<int>)src).AsReadOnlySpan(); for (int i = 0; i < dst.Length; i++) dst[i] = TOut.CreateTruncating(s[i]); break; }
        }
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient)
        => inputs[0].DType.IsFloat() && Target.IsFloat() ? [T.Cast(outputGradient, inputs[0].DType)] : [null];

    /// <inheritdoc/>
    protected override bool PropsEqual(ScalarOp other) => ((Cast)other).Target == Target;
    /// <inheritdoc/>
    protected override int PropsHash() => (int)Target;
    /// <inheritdoc/>
    public override string ToString() => $"cast{{{Target.Name()}}}";
}
