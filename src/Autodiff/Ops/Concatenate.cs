namespace NeuralCore.Autodiff.Ops;

/// <summary>Joins tensors of equal rank and dtype along one axis (Theano's Join); the other axes must agree.</summary>
public sealed class ConcatenateOp : Op
{
    /// <summary>Creates the op joining along <paramref name="axis"/> (non-negative).</summary>
    public ConcatenateOp(int axis) => Axis = axis;

    /// <summary>The joined axis.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override string Name => "concatenate";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        if (inputs.Count == 0) throw Fail("needs at least one input");
        var first = inputs[0];
        if (Axis < 0 || Axis >= first.Rank) throw Fail($"axis {Axis} is out of range for shape {first.Type.ShapeString}");
        var shape = first.Type.ShapeArray.ToArray();
        int? total = 0;
        foreach (var v in inputs)
        {
            if (v.DType != first.DType || v.Rank != first.Rank) throw Fail($"inputs must have the same dtype and rank: {string.Join(", ", inputs.Select(i => i.Type))}");
            for (int a = 0; a < v.Rank; a++)
            {
                if (a == Axis) continue;
                if (shape[a] is int x && v.Type.Shape[a] is int y && x != y)
                    throw Fail($"shapes {Shapes(inputs)} differ on axis {a} (only axis {Axis} may differ)");
                shape[a] ??= v.Type.Shape[a];
            }
            total = total is int t && v.Type.Shape[Axis] is int d ? t + d : null;
        }
        shape[Axis] = total;
        return [new TensorType(first.DType, shape)];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        var first = inputShapes[0];
        int total = 0;
        foreach (var s in inputShapes)
        {
            for (int a = 0; a < s.Rank; a++)
                if (a != Axis && s[a] != first[a])
                    throw new ShapeMismatchException(Name, $"shapes {string.Join(", ", inputShapes.ToArray())} differ on axis {a} (only axis {Axis} may differ)", inputShapes.ToArray());
            total += s[Axis];
        }
        outputShapes[0] = first.With(Axis, total);
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        switch (outputs[0].DType)
        {
            case DType.Float32: Join<float>(inputs, (Tensor<float>)outputs[0]); break;
            case DType.Float64: Join<double>(inputs, (Tensor<double>)outputs[0]); break;
            default: Join<int>(inputs, (Tensor<int>)outputs[0]); break;
        }
    }

    private void Join<TElement>(ReadOnlySpan<Tensor> inputs, Tensor<TElement> output) where TElement : unmanaged, System.Numerics.INumber<TElement>
    {
        // Row-major: every input is [outer, n_i * inner]; the output row is the inputs' rows side by side.
        var shape = output.Shape;
        int outer = shape.SizeOf(0, Axis), inner = shape.SizeOf(Axis + 1, shape.Rank), rowLength = shape[Axis] * inner;
        var dst = output.AsSpan();
        int offset = 0;
        foreach (var t in inputs)
        {
            var src = ((Tensor<TElement>)t).AsReadOnlySpan();
            int chunk = t.Shape[Axis] * inner;
            for (int o = 0; o < outer; o++) src.Slice(o * chunk, chunk).CopyTo(dst.Slice(o * rowLength + offset, chunk));
            offset += chunk;
        }
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var g = outputGradients[0];
        var result = new Variable?[node.InputArray.Length];
        if (g is null) return result;
        for (int i = 0; i < result.Length; i++)
            if (node.InputArray[i].DType.IsFloat())
                result[i] = new SplitPartOp(Axis, i).Apply1([g, .. node.InputArray]);
        return result;
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"concatenate([{string.Join(", ", inputs)}], axis={Axis})";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((ConcatenateOp)other).Axis == Axis;

    /// <inheritdoc/>
    protected override int PropsHash() => Axis;
}
