namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// x with the blocks addressed by integer index vectors incremented by y (repeated indices
/// accumulate): the gradient of <see cref="AdvancedSubtensorOp"/>. Inputs: x, y, then 1 or 2 index vectors.
/// </summary>
public sealed class AdvancedIncSubtensorOp : Op
{
    /// <summary>Increment rows.</summary>
    public static readonly AdvancedIncSubtensorOp Rows = new(1);
    /// <summary>Increment (row, col) pairs.</summary>
    public static readonly AdvancedIncSubtensorOp Pairs = new(2);

    private AdvancedIncSubtensorOp(int indexCount) => IndexCount = indexCount;

    /// <summary>Number of index vectors (1 or 2).</summary>
    public int IndexCount { get; }

    /// <inheritdoc/>
    public override string Name => "advanced_inc_subtensor";

    private AdvancedSubtensorOp Forward => IndexCount == 1 ? AdvancedSubtensorOp.Rows : AdvancedSubtensorOp.Pairs;

    /// <inheritdoc/>
    public override bool CanRunInPlace(int inputIndex) => inputIndex == 0;

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        var (x, y) = (inputs[0], inputs[1]);
        if (x.DType != y.DType) throw Fail($"dtypes differ: {x.Type} and {y.Type}");
        var selected = Forward.InferTypes([x, .. inputs.Skip(2)])[0];
        if (y.Rank != selected.Rank) throw Fail($"value of shape {y.Type.ShapeString} does not fit the selection {selected.ShapeString} of {x.Type.ShapeString}");
        return [x.Type];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        AdvancedSubtensorOp.CheckIndexShapes(Name, IndexCount, inputShapes, 2);
        var x = inputShapes[0];
        var dims = new int[1 + x.Rank - IndexCount];
        dims[0] = inputShapes[2][0];
        for (int a = IndexCount; a < x.Rank; a++) dims[1 + a - IndexCount] = x[a];
        if (new Shape(dims) != inputShapes[1])
            throw new ShapeMismatchException(Name, $"value of shape {inputShapes[1]} does not fit the selection {new Shape(dims)} of {x}", inputShapes.ToArray());
        outputShapes[0] = x;
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (!ReferenceEquals(inputs[0], outputs[0])) TensorCopy.Copy(inputs[0], outputs[0]);
        switch (inputs[0].DType)
        {
            case DType.Float32: Scatter((Tensor<float>)inputs[1], inputs[2..], (Tensor<float>)outputs[0]); break;
            case DType.Float64: Scatter((Tensor<double>)inputs[1], inputs[2..], (Tensor<double>)outputs[0]); break;
            default: Scatter((Tensor<int>)inputs[1], inputs[2..], (Tensor<int>)outputs[0]); break;
        }
    }

    private void Scatter<TElement>(Tensor<TElement> y, ReadOnlySpan<Tensor> indices, Tensor<TElement> z) where TElement : unmanaged, System.Numerics.INumber<TElement>
    {
        int n = indices[0].Length, block = z.Shape.SizeOf(IndexCount, z.Rank);
        var src = y.AsReadOnlySpan();
        var dst = z.AsSpan();
        for (int i = 0; i < n; i++)
        {
            var d = dst.Slice(AdvancedSubtensorOp.BlockOffset(Name, z.Shape, indices, i, block), block);
            var s = src.Slice(i * block, block);
            for (int j = 0; j < block; j++) d[j] += s[j];
        }
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var result = new Variable?[node.InputArray.Length];
        if (outputGradients[0] is not { } g || !g.DType.IsFloat()) return result;
        result[0] = g;
        result[1] = Forward.Apply1([g, .. node.InputArray.Skip(2)]);
        return result;
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"inc_subtensor({inputs[0]}[{string.Join(", ", inputs.Skip(2))}], {inputs[1]})";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((AdvancedIncSubtensorOp)other).IndexCount == IndexCount;

    /// <inheritdoc/>
    protected override int PropsHash() => IndexCount;
}
