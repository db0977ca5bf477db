namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// Reshape to a target whose entries are constants, -1 (inferred, at most one) or run-time extents of
/// other variables (e.g. <c>x.Shape[0]</c>, so the batch size can stay unknown). Inputs after the first
/// are used only for their shapes.
/// </summary>
public sealed class ReshapeOp : Op
{
    private readonly DimList _target;

    internal ReshapeOp(DimList target) => _target = target;

    /// <summary>Builds <c>reshape(x, dims)</c>.</summary>
    public static Variable Build(Variable x, IReadOnlyList<Dim> dims)
    {
        var inputs = new List<Variable> { x };
        var list = DimList.Build(dims, inputs);
        return new ReshapeOp(list).MakeNode([.. inputs])[0];
    }

    /// <summary>Number of output axes.</summary>
    public int OutputRank => _target.Count;

    /// <inheritdoc/>
    public override string Name => "reshape";

    /// <inheritdoc/>
    public override bool IsShapeOnlyInput(int inputIndex) => inputIndex > 0;

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        var x = inputs[0];
        var shape = _target.StaticShape(inputs);
        int infer = -1;
        long known = 1;
        bool allKnown = true;
        for (int k = 0; k < shape.Length; k++)
        {
            if (shape[k] == -1)
            {
                if (infer >= 0) throw Fail($"more than one -1 in target {TensorType.FormatShape(shape)}");
                infer = k;
            }
            else if (shape[k] is int d)
            {
                if (d < 0) throw Fail($"negative extent in target {TensorType.FormatShape(shape)}");
                known *= d;
            }
            else allKnown = false;
        }
        long? size = null;
        if (x.Type.IsFullyKnown)
        {
            size = 1;
            foreach (var d in x.Type.Shape) size *= d!.Value;
        }
        if (size is long n && allKnown)
        {
            if (infer >= 0)
            {
                if (known == 0 || n % known != 0) throw Fail($"cannot reshape {x.Type.ShapeString} ({n} elements) to {TensorType.FormatShape(shape)}");
                shape[infer] = (int)(n / known);
            }
            else if (known != n) throw Fail($"cannot reshape {x.Type.ShapeString} ({n} elements) to {TensorType.FormatShape(shape)} ({known} elements)");
        }
        else if (infer >= 0) shape[infer] = null;
        return [new TensorType(x.DType, shape)];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        var x = inputShapes[0];
        var dims = _target.Resolve(inputShapes);
        int infer = Array.IndexOf(dims, -1);
        long known = 1;
        for (int k = 0; k < dims.Length; k++) if (k != infer) known *= dims[k];
        if (infer >= 0)
        {
            if (known == 0 || x.Size % known != 0)
                throw new ShapeMismatchException(Name, $"cannot reshape {x} ({x.Size} elements) to {Shape.Format(dims)}", x);
            dims[infer] = (int)(x.Size / known);
        }
        else if (known != x.Size)
            throw new ShapeMismatchException(Name, $"cannot reshape {x} ({x.Size} elements) to {Shape.Format(dims)} ({known} elements)", x);
        outputShapes[0] = new Shape(dims);
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs) => TensorCopy.Copy(inputs[0], outputs[0]);

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var result = new Variable?[node.InputArray.Length];
        if (outputGradients[0] is { } g) result[0] = Build(g, node.InputArray[0].Shape.ToArray());
        return result;
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"reshape({inputs[0]}, {_target.Format(inputs)})";

    /// <inheritdoc/>
    public override string ToString() => $"reshape{{{_target}}}";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((ReshapeOp)other)._target.Equals(_target);

    /// <inheritdoc/>
    protected override int PropsHash() => _target.GetHashCode();
}
