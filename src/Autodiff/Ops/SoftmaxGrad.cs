namespace NeuralCore.Autodiff.Ops;

/// <summary>Gradient of softmax: dx = y * (dy - sum(dy * y, axis)), given the softmax output y and dy.</summary>
public sealed class SoftmaxGradOp : Op
{
    /// <summary>Creates the op for a non-negative <paramref name="axis"/>.</summary>
    public SoftmaxGradOp(int axis) => Axis = axis;

    /// <summary>The softmax axis.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override string Name => "softmax_grad";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs) => [inputs[0].Type];

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        if (inputShapes[0] != inputShapes[1]) throw new ShapeMismatchException(Name, $"y {inputShapes[0]} and dy {inputShapes[1]} differ", inputShapes.ToArray());
        outputShapes[0] = inputShapes[0];
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (inputs[0].DType == DType.Float32) SoftmaxKernels.SoftmaxBackward((Tensor<float>)inputs[0], (Tensor<float>)inputs[1], Axis, (Tensor<float>)outputs[0]);
        else SoftmaxKernels.SoftmaxBackward((Tensor<double>)inputs[0], (Tensor<double>)inputs[1], Axis, (Tensor<double>)outputs[0]);
    }

    /// <summary>The definition in elementwise ops and a reduction.</summary>
    internal Variable Expand(Variable y, Variable dy) => y * (dy - T.Sum(dy * y, [Axis], keepDims: true));

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
        => outputGradients[0] is { } g ? GradUtil.ThroughExpansion(node, v => Expand(v[0], v[1]), g) : [null, null];

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((SoftmaxGradOp)other).Axis == Axis;

    /// <inheritdoc/>
    protected override int PropsHash() => Axis;
}
