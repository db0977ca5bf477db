namespace NeuralCore.Autodiff.Ops;

/// <summary>Numerically stable log-softmax along one axis: x - logsumexp(x).</summary>
public sealed class LogSoftmaxOp : Op
{
    /// <summary>Creates the op for a non-negative <paramref name="axis"/>.</summary>
    public LogSoftmaxOp(int axis) => Axis = axis;

    /// <summary>The normalized axis.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override string Name => "log_softmax";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        var x = inputs[0];
        if (!x.DType.IsFloat()) throw Fail($"needs a float input, got {x.Type}");
        if (Axis < 0 || Axis >= x.Rank) throw Fail($"axis {Axis} is out of range for shape {x.Type.ShapeString}");
        return [x.Type];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes) => outputShapes[0] = inputShapes[0];

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (inputs[0].DType == DType.Float32) SoftmaxKernels.LogSoftmax((Tensor<float>)inputs[0], Axis, (Tensor<float>)outputs[0]);
        else SoftmaxKernels.LogSoftmax((Tensor<double>)inputs[0], Axis, (Tensor<double>)outputs[0]);
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
        => outputGradients[0] is { } g ? [new LogSoftmaxGradOp(Axis).Apply1(node.Output, g)] : [null];

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"log_softmax({inputs[0]})";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((LogSoftmaxOp)other).Axis == Axis;

    /// <inheritdoc/>
    protected override int PropsHash() => Axis;
}
