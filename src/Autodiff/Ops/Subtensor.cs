namespace NeuralCore.Autodiff.Ops;

/// <summary>Basic indexing and slicing with constant indices (Theano's Subtensor); axes beyond the index list are kept whole.</summary>
public sealed class SubtensorOp : Op
{
    private readonly Slice[] _index;

    /// <summary>Creates the op for the given per-axis entries.</summary>
    public SubtensorOp(params Slice[] index) => _index = (Slice[])index.Clone();

    /// <summary>The per-axis entries.</summary>
    public IReadOnlyList<Slice> Index => _index;

    /// <inheritdoc/>
    public override string Name => "subtensor";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        var x = inputs[0];
        if (_index.Length > x.Rank) throw Fail($"{_index.Length} indices for shape {x.Type.ShapeString}");
        return [new TensorType(x.DType, StaticShape(x.Type))];
    }

    internal int?[] StaticShape(TensorType x)
    {
        var shape = new List<int?>();
        for (int a = 0; a < x.Rank; a++)
        {
            var d = x.Shape[a];
            if (a >= _index.Length || _index[a].IsAll) { shape.Add(d); continue; }
            var s = _index[a];
            if (d is int n)
            {
                try { var r = s.Resolve(n, a, x.ShapeString); if (!s.IsIndex) shape.Add(r.Count); }
                catch (ArgumentOutOfRangeException e) { throw Fail(e.Message.Split(" (Parameter")[0]); }
            }
            else if (!s.IsIndex) shape.Add(null);
        }
        return [.. shape];
    }

    /// <summary>Offset, strides and extents of the selected region within a row-major tensor of <paramref name="shape"/>.</summary>
    internal void Layout(Shape shape, out int offset, out int[] strides, out int[] extents, out int[] keptExtents)
    {
        var rowMajor = shape.Strides();
        offset = 0;
        strides = new int[shape.Rank];
        extents = new int[shape.Rank];
        var kept = new List<int>();
        for (int a = 0; a < shape.Rank; a++)
        {
            var s = a < _index.Length ? _index[a] : Slice.All;
            var (start, count, step) = s.Resolve(shape[a], a, shape.ToString());
            offset += start * rowMajor[a];
            strides[a] = rowMajor[a] * step;
            extents[a] = count;
            if (!s.IsIndex) kept.Add(count);
        }
        keptExtents = [.. kept];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        Layout(inputShapes[0], out _, out _, out _, out var kept);
        outputShapes[0] = new Shape(kept);
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        var x = inputs[0];
        Span<int> strides = stackalloc int[x.Rank], extents = stackalloc int[x.Rank];
        int offset = LayoutInto(x.Shape, strides, extents);
        switch (x.DType)
        {
            case DType.Float32: StridedCopy.Gather(((Tensor<float>)x).AsReadOnlySpan(), offset, strides, extents, ((Tensor<float>)outputs[0]).AsSpan()); break;
            case DType.Float64: StridedCopy.Gather(((Tensor<double>)x).AsReadOnlySpan(), offset, strides, extents, ((Tensor<double>)outputs[0]).AsSpan()); break;
            default: StridedCopy.Gather(((Tensor<int>)x).AsReadOnlySpan(), offset, strides, extents, ((Tensor<int>)outputs[0]).AsSpan()); break;
        }
    }

    /// <summary>Allocation-free layout (indexed axes get extent 1): returns the offset.</summary>
    internal int LayoutInto(Shape shape, Span<int> strides, Span<int> extents)
    {
        int offset = 0, stride = 1;
        for (int a = shape.Rank - 1; a >= 0; a--)
        {
            var s = a < _index.Length ? _index[a] : Slice.All;
            int start, count, step;
            if (s.IsAll) (start, count, step) = (0, shape[a], 1);
            else (start, count, step) = s.Resolve(shape[a], a, "");
            offset += start * stride;
            strides[a] = stride * step;
            extents[a] = count;
            stride *= shape[a];
        }
        return offset;
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var g = outputGradients[0];
        var x = node.InputArray[0];
        if (g is null || !x.DType.IsFloat()) return [null];
        return [new IncSubtensorOp(_index, set: false).Apply1(T.ZerosLike(x), g)];
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"{inputs[0]}[{string.Join(", ", _index)}]";

    /// <inheritdoc/>
    public override string ToString() => $"subtensor{{{string.Join(", ", _index)}}}";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((SubtensorOp)other)._index.AsSpan().SequenceEqual(_index);

    /// <inheritdoc/>
    protected override int PropsHash()
    {
        var h = new HashCode();
        foreach (var s in _index) h.Add(s);
        return h.ToHashCode();
    }
}
