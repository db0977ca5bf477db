using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Ops;

/// <summary>Index of the maximum along one axis (first one on ties), as int32; no gradient.</summary>
public sealed class ArgMaxOp : Op
{
    /// <summary>Creates the op for a non-negative <paramref name="axis"/>.</summary>
    public ArgMaxOp(int axis, bool keepDims = false)
    {
        Axis = axis;
        KeepDims = keepDims;
    }

    /// <summary>The reduced axis.</summary>
    public int Axis { get; }

    /// <summary>Whether the axis stays as extent 1.</summary>
    public bool KeepDims { get; }

    /// <inheritdoc/>
    public override string Name => "argmax";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        var x = inputs[0];
        if (Axis < 0 || Axis >= x.Rank) throw Fail($"axis {Axis} is out of range for shape {x.Type.ShapeString}");
        var shape = new List<int?>();
        for (int i = 0; i < x.Rank; i++)
            if (i != Axis) shape.Add(x.Type.Shape[i]);
            else if (KeepDims) shape.Add(1);
        return [new TensorType(DType.Int32, shape.ToArray())];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        var x = inputShapes[0];
        if (x[Axis] == 0) throw new ShapeMismatchException(Name, $"cannot take the argmax of the empty axis {Axis} of shape {x}", x);
        var dims = new List<int>();
        for (int i = 0; i < x.Rank; i++)
            if (i != Axis) dims.Add(x[i]);
            else if (KeepDims) dims.Add(1);
        outputShapes[0] = new Shape(dims.ToArray());
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        var y = (Tensor<int>)outputs[0];
        switch (inputs[0].DType)
        {
            case DType.Float32: Reductions.ArgMax((Tensor<float>)inputs[0], Axis, y); break;
            case DType.Float64: Reductions.ArgMax((Tensor<double>)inputs[0], Axis, y); break;
            default: Reductions.ArgMax((Tensor<int>)inputs[0], Axis, y); break;
        }
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients) => [null];

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"argmax({inputs[0]}, axis={Axis})";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((ArgMaxOp)other).Axis == Axis && ((ArgMaxOp)other).KeepDims == KeepDims;

    /// <inheritdoc/>
    protected override int PropsHash() => HashCode.Combine(Axis, KeepDims);
}
