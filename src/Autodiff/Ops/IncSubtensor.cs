namespace NeuralCore.Autodiff.Ops;

/// <summary>x with a basic-indexed region incremented by (or set to) y: the gradient of <see cref="SubtensorOp"/>
/// (Theano's IncSubtensor / set_subtensor). y has the region's shape.</summary>
public sealed class IncSubtensorOp : Op
{
    private readonly Slice[] _index;
    private readonly SubtensorOp _sub;

    /// <summary>Creates the op; <paramref name="set"/> replaces the region instead of adding to it.</summary>
    public IncSubtensorOp(Slice[] index, bool set)
    {
        _index = (Slice[])index.Clone();
        _sub = new SubtensorOp(_index);
        Set = set;
    }

    /// <summary>True for set_subtensor, false for inc_subtensor.</summary>
    public bool Set { get; }

    /// <summary>The per-axis entries.</summary>
    public IReadOnlyList<Slice> Index => _index;

    /// <inheritdoc/>
    public override string Name => Set ? "set_subtensor" : "inc_subtensor";

    /// <inheritdoc/>
    public override bool CanRunInPlace(int inputIndex) => inputIndex == 0;

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        var (x, y) = (inputs[0], inputs[1]);
        if (x.DType != y.DType) throw Fail($"dtypes differ: {x.Type} and {y.Type}");
        var region = _sub.StaticShape(x.Type);
        if (y.Rank != region.Length) throw Fail($"value of shape {y.Type.ShapeString} does not fit the region {TensorType.FormatShape(region)} of {x.Type.ShapeString}");
        for (int i = 0; i < region.Length; i++)
            if (region[i] is int a && y.Type.Shape[i] is int b && a != b)
                throw Fail($"value of shape {y.Type.ShapeString} does not fit the region {TensorType.FormatShape(region)} of {x.Type.ShapeString}");
        return [x.Type];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        _sub.Layout(inputShapes[0], out _, out _, out _, out var kept);
        if (new Shape(kept) != inputShapes[1])
            throw new ShapeMismatchException(Name, $"value of shape {inputShapes[1]} does not fit the region {new Shape(kept)} of {inputShapes[0]}", inputShapes.ToArray());
        outputShapes[0] = inputShapes[0];
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        var (x, y, z) = (inputs[0], inputs[1], outputs[0]);
        if (!ReferenceEquals(x, z)) TensorCopy.Copy(x, z);
        Span<int> strides = stackalloc int[x.Rank], extents = stackalloc int[x.Rank];
        int offset = _sub.LayoutInto(x.Shape, strides, extents);
        switch (x.DType)
        {
            case DType.Float32: StridedCopy.Scatter(((Tensor<float>)y).AsReadOnlySpan(), ((Tensor<float>)z).AsSpan(), offset, strides, extents, !Set); break;
            case DType.Float64: StridedCopy.Scatter(((Tensor<double>)y).AsReadOnlySpan(), ((Tensor<double>)z).AsSpan(), offset, strides, extents, !Set); break;
            default: StridedCopy.Scatter(((Tensor<int>)y).AsReadOnlySpan(), ((Tensor<int>)z).AsSpan(), offset, strides, extents, !Set); break;
        }
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var g = outputGradients[0];
        if (g is null || !g.DType.IsFloat()) return [null, null];
        var gy = _sub.Apply1(g);
        var gx = Set ? new IncSubtensorOp(_index, set: true).Apply1(g, T.ZerosLike(gy)) : g;
        return [gx, gy];
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"{Name}({inputs[0]}[{string.Join(", ", _index)}], {inputs[1]})";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((IncSubtensorOp)other).Set == Set && ((IncSubtensorOp)other)._index.AsSpan().SequenceEqual(_index);

    /// <inheritdoc/>
    protected override int PropsHash() => HashCode.Combine(Set, _sub.GetHashCode());
}
