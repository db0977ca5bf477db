using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Ops;

/// <summary>The run-time extent of one axis of the input as an int32 scalar (Theano's Shape_i).</summary>
public sealed class ShapeOfOp : Op
{
    /// <summary>Creates the op for <paramref name="axis"/>.</summary>
    public ShapeOfOp(int axis) => Axis = axis;

    /// <summary>The axis.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override string Name => "shape";

    /// <inheritdoc/>
    public override bool IsShapeOnlyInput(int inputIndex) => true;

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        if (Axis < 0 || Axis >= inputs[0].Rank) throw Fail($"axis {Axis} is out of range for shape {inputs[0].Type.ShapeString}");
        return [new TensorType(DType.Int32)];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes) => outputShapes[0] = Shape.Scalar;

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
        => ((Tensor<int>)outputs[0]).AsSpan()[0] = inputs[0].Shape[Axis];

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients) => [null];

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"{inputs[0]}.shape[{Axis}]";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((ShapeOfOp)other).Axis == Axis;

    /// <inheritdoc/>
    protected override int PropsHash() => Axis;
}
