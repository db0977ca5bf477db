using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Ops;

/// <summary>Identity whose gradient is zero (Theano's zero_grad / consider_constant).</summary>
public sealed class ZeroGradOp : Op
{
    /// <inheritdoc/>
    public override string Name => "zero_grad";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs) => [inputs[0].Type];

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes) => outputShapes[0] = inputShapes[0];

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs) => TensorCopy.Copy(inputs[0], outputs[0]);

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients) => [null];
}
