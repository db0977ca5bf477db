namespace NeuralCore.Autodiff.Ops;

/// <summary>A tensor of a symbolic shape filled with a scalar value (Theano's Alloc). Inputs after the
/// value are used only for their shapes.</summary>
public sealed class AllocOp : Op
{
    private readonly DimList _shape;

    internal AllocOp(DimList shape) => _shape = shape;

    /// <summary>Builds <c>alloc(value, dims)</c>; <paramref name="value"/> must be a scalar.</summary>
    public static Variable Build(Variable value, IReadOnlyList<Dim> dims)
    {
        var inputs = new List<Variable> { value };
        var list = DimList.Build(dims, inputs);
        return new AllocOp(list).MakeNode([.. inputs])[0];
    }

    /// <inheritdoc/>
    public override string Name => "alloc";

    /// <inheritdoc/>
    public override bool IsShapeOnlyInput(int inputIndex) => inputIndex > 0;

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        if (inputs[0].Rank != 0) throw Fail($"the value must be a scalar, got shape {inputs[0].Type.ShapeString}");
        var shape = _shape.StaticShape(inputs);
        foreach (var d in shape) if (d < 0) throw Fail($"negative extent in {TensorType.FormatShape(shape)}");
        return [new TensorType(inputs[0].DType, shape)];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
        => outputShapes[0] = new Shape(_shape.Resolve(inputShapes));

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs) => TensorCopy.Fill(outputs[0], inputs[0].GetDouble(0));

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var result = new Variable?[node.InputArray.Length];
        if (outputGradients[0] is { } g && node.InputArray[0].DType.IsFloat()) result[0] = T.Sum(g);
        return result;
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"alloc({inputs[0]}, {_shape.Format(inputs)})";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((AllocOp)other)._shape.Equals(_shape);

    /// <inheritdoc/>
    protected override int PropsHash() => _shape.GetHashCode();
}
