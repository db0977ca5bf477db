namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// Part <see cref="Part"/> of its first input split along <see cref="Axis"/> into pieces shaped like the
/// remaining (shape-only) inputs: the gradient of <see cref="ConcatenateOp"/>.
/// </summary>
public sealed class SplitPartOp : Op
{
    /// <summary>Creates the op taking piece <paramref name="part"/> along <paramref name="axis"/>.</summary>
    public SplitPartOp(int axis, int part)
    {
        Axis = axis;
        Part = part;
    }

    /// <summary>The split axis.</summary>
    public int Axis { get; }

    /// <summary>Which piece (index into the shape inputs).</summary>
    public int Part { get; }

    /// <inheritdoc/>
    public override string Name => "split_part";

    /// <inheritdoc/>
    public override bool IsShapeOnlyInput(int inputIndex) => inputIndex > 0;

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        var like = inputs[1 + Part];
        return [new TensorType(inputs[0].DType, like.Type.ShapeArray)];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        int total = 0;
        for (int i = 1; i < inputShapes.Length; i++) total += inputShapes[i][Axis];
        if (total != inputShapes[0][Axis])
            throw new ShapeMismatchException(Name, $"pieces of total extent {total} do not split axis {Axis} of {inputShapes[0]}", inputShapes.ToArray());
        outputShapes[0] = inputShapes[1 + Part];
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        int offset = 0;
        for (int i = 0; i < Part; i++) offset += inputs[1 + i].Shape[Axis];
        switch (outputs[0].DType)
        {
            case DType.Float32: Take((Tensor<float>)inputs[0], offset, (Tensor<float>)outputs[0]); break;
            case DType.Float64: Take((Tensor<double>)inputs[0], offset, (Tensor<double>)outputs[0]); break;
            default: Take((Tensor<int>)inputs[0], offset, (Tensor<int>)outputs[0]); break;
        }
    }

    private void Take<TElement>(Tensor<TElement> whole, int offset, Tensor<TElement> part) where TElement : unmanaged, System.Numerics.INumber<TElement>
    {
        var shape = whole.Shape;
        int outer = shape.SizeOf(0, Axis), inner = shape.SizeOf(Axis + 1, shape.Rank), rowLength = shape[Axis] * inner;
        int chunk = part.Shape[Axis] * inner;
        var src = whole.AsReadOnlySpan();
        var dst = part.AsSpan();
        for (int o = 0; o < outer; o++) src.Slice(o * rowLength + offset * inner, chunk).CopyTo(dst.Slice(o * chunk, chunk));
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var result = new Variable?[node.InputArray.Length];
        if (outputGradients[0] is not { } g) return result;
        var pieces = new Variable[node.InputArray.Length - 1];
        for (int i = 0; i < pieces.Length; i++)
            pieces[i] = i == Part ? g : T.Cast(T.ZerosLike(node.InputArray[1 + i]), g.DType);
        result[0] = new ConcatenateOp(Axis).Apply1(pieces);
        return result;
    }

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((SplitPartOp)other).Axis == Axis && ((SplitPartOp)other).Part == Part;

    /// <inheritdoc/>
    protected override int PropsHash() => HashCode.Combine(Axis, Part);
}
