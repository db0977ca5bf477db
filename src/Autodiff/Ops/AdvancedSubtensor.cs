namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// Integer-array indexing of the leading axes: with one index vector <c>x[idx]</c> takes rows
/// (out[i, ...] = x[idx[i], ...]); with two, <c>x[rows, cols]</c> picks pairs (out[i, ...] =
/// x[rows[i], cols[i], ...]) — the <c>x[arange(n), y]</c> of cross-entropy. Negative indices count from the end.
/// </summary>
public sealed class AdvancedSubtensorOp : Op
{
    /// <summary>Take rows (one index vector).</summary>
    public static readonly AdvancedSubtensorOp Rows = new(1);
    /// <summary>Pick (row, col) pairs (two index vectors).</summary>
    public static readonly AdvancedSubtensorOp Pairs = new(2);

    private AdvancedSubtensorOp(int indexCount) => IndexCount = indexCount;

    /// <summary>Number of index vectors (1 or 2).</summary>
    public int IndexCount { get; }

    /// <inheritdoc/>
    public override string Name => "advanced_subtensor";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        var x = inputs[0];
        if (inputs.Count != 1 + IndexCount) throw Fail($"expects {IndexCount} index vectors");
        if (x.Rank < IndexCount) throw Fail($"{IndexCount} index vectors for shape {x.Type.ShapeString}");
        int? n = null;
        for (int k = 1; k <= IndexCount; k++)
        {
            var idx = inputs[k];
            if (idx.DType != DType.Int32 || idx.Rank != 1) throw Fail($"indices must be int32 vectors, got {idx.Type}");
            if (n is int a && idx.Type.Shape[0] is int b && a != b) throw Fail($"index vectors have different lengths {a} and {b}");
            n ??= idx.Type.Shape[0];
        }
        var shape = new int?[1 + x.Rank - IndexCount];
        shape[0] = n;
        for (int a = IndexCount; a < x.Rank; a++) shape[1 + a - IndexCount] = x.Type.Shape[a];
        return [new TensorType(x.DType, shape)];
    }

    internal static void CheckIndexShapes(string op, int indexCount, ReadOnlySpan<Shape> shapes, int firstIndex)
    {
        for (int k = 1; k < indexCount; k++)
            if (shapes[firstIndex + k][0] != shapes[firstIndex][0])
                throw new ShapeMismatchException(op, $"index vectors have different lengths: {shapes[firstIndex]} and {shapes[firstIndex + k]}", shapes.ToArray());
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        CheckIndexShapes(Name, IndexCount, inputShapes, 1);
        var x = inputShapes[0];
        var dims = new int[1 + x.Rank - IndexCount];
        dims[0] = inputShapes[1][0];
        for (int a = IndexCount; a < x.Rank; a++) dims[1 + a - IndexCount] = x[a];
        outputShapes[0] = new Shape(dims);
    }

    /// <summary>Flat offset of the block addressed by entry <paramref name="i"/> of the index vectors (checked).</summary>
    internal static int BlockOffset(string op, Shape x, ReadOnlySpan<Tensor> indices, int i, int blockSize)
    {
        int offset = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            int v = ((Tensor<int>)indices[k]).AsReadOnlySpan()[i];
            int extent = x[k];
            if (v < 0) v += extent;
            if ((uint)v >= (uint)extent)
                throw new ArgumentOutOfRangeException(nameof(indices), $"{op}: index {((Tensor<int>)indices[k]).AsReadOnlySpan()[i]} (entry {i} of index vector {k}) is out of range for axis {k} of shape {x}");
            offset = offset * extent + v;
        }
        return offset * blockSize;
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        switch (inputs[0].DType)
        {
            case DType.Float32: Gather((Tensor<float>)inputs[0], inputs[1..], (Tensor<float>)outputs[0]); break;
            case DType.Float64: Gather((Tensor<double>)inputs[0], inputs[1..], (Tensor<double>)outputs[0]); break;
            default: Gather((Tensor<int>)inputs[0], inputs[1..], (Tensor<int>)outputs[0]); break;
        }
    }

    private void Gather<TElement>(Tensor<TElement> x, ReadOnlySpan<Tensor> indices, Tensor<TElement> y) where TElement : unmanaged, System.Numerics.INumber<TElement>
    {
        int n = indices[0].Length, block = x.Shape.SizeOf(IndexCount, x.Rank);
        var src = x.AsReadOnlySpan();
        var dst = y.AsSpan();
        for (int i = 0; i < n; i++) src.Slice(BlockOffset(Name, x.Shape, indices, i, block), block).CopyTo(dst.Slice(i * block, block));
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var result = new Variable?[node.InputArray.Length];
        var g = outputGradients[0];
        var x = node.InputArray[0];
        if (g is null || !x.DType.IsFloat()) return result;
        result[0] = (IndexCount == 1 ? AdvancedIncSubtensorOp.Rows : AdvancedIncSubtensorOp.Pairs).Apply1([T.ZerosLike(x), g, .. node.InputArray.Skip(1)]);
        return result;
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"{inputs[0]}[{string.Join(", ", inputs.Skip(1))}]";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((AdvancedSubtensorOp)other).IndexCount == IndexCount;

    /// <inheritdoc/>
    protected override int PropsHash() => IndexCount;
}
