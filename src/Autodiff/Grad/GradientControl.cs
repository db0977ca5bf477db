namespace NeuralCore.Autodiff.Ops;

/// <summary>Identity in the forward pass whose gradient is transformed: clipped to [min, max] (Theano's grad_clip)
/// or scaled by a factor (grad_scale).</summary>
public sealed class GradientControlOp : Op
{
    private GradientControlOp(double min, double max, double scale)
    {
        Min = min;
        Max = max;
        Scale = scale;
    }

    /// <summary>Clips the gradient elementwise to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentException">When min &gt; max.</exception>
    public static GradientControlOp Clip(double min, double max)
        => min <= max ? new(min, max, 1) : throw new ArgumentException($"grad_clip: min {min} is greater than max {max}");

    /// <summary>Multiplies the gradient by <paramref name="factor"/>.</summary>
    public static GradientControlOp ScaleBy(double factor) => new(double.NegativeInfinity, double.PositiveInfinity, factor);

    /// <summary>Lower clip bound (-inf when not clipping).</summary>
    public double Min { get; }
    /// <summary>Upper clip bound (+inf when not clipping).</summary>
    public double Max { get; }
    /// <summary>Gradient scale (1 when clipping).</summary>
    public double Scale { get; }

    /// <inheritdoc/>
    public override string Name => Scale == 1 ? "grad_clip" : "grad_scale";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs) => [inputs[0].Type];

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes) => outputShapes[0] = inputShapes[0];

    /// <inheritdoc/>
    public override bool CanRunInPlace(int inputIndex) => true;

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (!ReferenceEquals(inputs[0], outputs[0])) TensorCopy.Copy(inputs[0], outputs[0]);
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        if (outputGradients[0] is not { } g) return [null];
        return [Scale == 1 ? T.Clip(g, Min, Max) : g * Scale];
    }

    /// <inheritdoc/>
    public override string ToString() => Scale == 1 ? $"grad_clip{{{Min:G4}, {Max:G4}}}" : $"grad_scale{{{Scale:G4}}}";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other)
    {
        var o = (GradientControlOp)other;
        return o.Min.Equals(Min) && o.Max.Equals(Max) && o.Scale.Equals(Scale);
    }

    /// <inheritdoc/>
    protected override int PropsHash() => HashCode.Combine(Min, Max, Scale);
}
