using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Reshapes its input (Lasagne's <c>ReshapeLayer</c>): output = x.reshape(shape) where entries are fixed
/// extents, one -1 inferred from the element count, or <see cref="ReshapeDim.Input"/>(i) for "the extent of
/// input axis i" (so the batch size can stay symbolic: <c>[ReshapeDim.Input(0), -1]</c>).
/// Shape rule: the resolved target (null where it depends on unknown input extents). No parameters.
/// </summary>
public sealed class ReshapeLayer : Layer
{
    private readonly ReshapeDim[] _shape;

    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="shape">The target shape.</param>
    /// <param name="name">Optional layer name.</param>
    /// <exception cref="ArgumentException">When the target has several -1, a reference to a missing axis, or cannot hold the input.</exception>
    public ReshapeLayer(Layer incoming, IReadOnlyList<ReshapeDim> shape, string? name = null) : base(incoming, name)
    {
        ArgumentNullException.ThrowIfNull(shape);
        _shape = shape.ToArray();
        int inferred = 0;
        foreach (var d in _shape)
        {
            if (d.IsInputReference && (d.Value < 0 || d.Value >= InputShape.Count))
                throw ShapeError($"target shape {Format()} refers to input axis {d.Value}, which does not exist", InputShape);
            if (!d.IsInputReference && d.Value == -1) inferred++;
            else if (!d.IsInputReference && d.Value <= 0)
                throw ShapeError($"target shape {Format()} has a non-positive extent {d.Value}", InputShape);
        }
        if (inferred > 1) throw ShapeError($"target shape {Format()} can only have one -1", InputShape);
        ValidateOutputShape();
    }

    /// <summary>The target shape as given.</summary>
    public IReadOnlyList<ReshapeDim> TargetShape => _shape;

    private string Format() => "(" + string.Join(", ", _shape) + ")";

    /// <inheritdoc/>
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape)
    {
        var output = new int?[_shape.Length];
        // Element counts of input and output without the referenced input axes (they cancel out).
        var referenced = new bool[inputShape.Count];
        int minusOne = -1;
        for (int i = 0; i < _shape.Length; i++)
        {
            var d = _shape[i];
            if (d.IsInputReference) { output[i] = inputShape[d.Value]; referenced[d.Value] = true; }
            else if (d.Value == -1) minusOne = i;
            else output[i] = d.Value;
        }
        long? inputRest = 1;
        for (int i = 0; i < inputShape.Count; i++)
            if (!referenced[i]) inputRest = inputShape[i] is int e && inputRest is long r ? r * e : null;
        long outputRest = 1;
        for (int i = 0; i < _shape.Length; i++)
            if (!_shape[i].IsInputReference && i != minusOne) outputRest *= _shape[i].Value;
        if (inputRest is long known)
        {
            if (minusOne >= 0)
            {
                if (known % outputRest != 0)
                    throw ShapeError($"cannot reshape to {Format()}: {known} elements are not divisible by {outputRest}", inputShape);
                output[minusOne] = (int)(known / outputRest);
            }
            else if (known != outputRest)
                throw ShapeError($"cannot reshape to {Format()}: the input has {known} elements per referenced position, the target {outputRest}", inputShape);
        }
        return output;
    }

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        var dims = new Dim[_shape.Length];
        for (int i = 0; i < dims.Length; i++)
            dims[i] = _shape[i].IsInputReference ? ShapeUtil.DimOf(input, InputShape, _shape[i].Value) : _shape[i].Value;
        return input.Reshape(dims);
    }
}
