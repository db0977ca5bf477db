using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Ops;

/// <summary>The number of elements of the input over some axes (product of their run-time extents), as a
/// scalar of the input's float dtype; used by the gradient of mean. Depends only on the input's shape.</summary>
public sealed class ElementCountOp : Op
{
    private readonly int[] _axes;

    /// <summary>Creates the op for the given axes of the input.</summary>
    public ElementCountOp(int[] axes) => _axes = (int[])axes.Clone();

    /// <inheritdoc/>
    public override string Name => "element_count";

    /// <inheritdoc/>
    public override bool IsShapeOnlyInput(int inputIndex) => true;

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs) => [new TensorType(inputs[0].DType)];

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes) => outputShapes[0] = Shape.Scalar;

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        long n = 1;
        foreach (var a in _axes) n *= inputs[0].Shape[a];
        TensorCopy.Fill(outputs[0], n);
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients) => [null];

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"count({inputs[0]}, axis=({string.Join(", ", _axes)}))";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((ElementCountOp)other)._axes.AsSpan().SequenceEqual(_axes);

    /// <inheritdoc/>
    protected override int PropsHash() => _axes.Length == 0 ? 0 : HashCode.Combine(_axes.Length, _axes[0], _axes[^1]);
}
