namespace NeuralCore.Autodiff.Ops;

/// <summary>The int32 vector 0, 1, ..., n-1 where n is the run-time extent of an axis of the input
/// (so <c>x[T.Arange(x.Shape[0]), y]</c> works for any batch size).</summary>
public sealed class ArangeOp : Op
{
    /// <summary>Creates the op for axis <paramref name="axis"/> of its input.</summary>
    public ArangeOp(int axis) => Axis = axis;

    /// <summary>The axis whose extent is the length.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override string Name => "arange";

    /// <inheritdoc/>
    public override bool IsShapeOnlyInput(int inputIndex) => true;

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        if (Axis < 0 || Axis >= inputs[0].Rank) throw Fail($"axis {Axis} is out of range for shape {inputs[0].Type.ShapeString}");
        return [new TensorType(DType.Int32, inputs[0].Type.Shape[Axis])];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
        => outputShapes[0] = new Shape(inputShapes[0][Axis]);

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        var y = ((Tensor<int>)outputs[0]).AsSpan();
        for (int i = 0; i < y.Length; i++) y[i] = i;
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients) => [null];

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"arange({inputs[0]}.shape[{Axis}])";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((ArangeOp)other).Axis == Axis;

    /// <inheritdoc/>
    protected override int PropsHash() => Axis;
}
