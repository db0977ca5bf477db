using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Concatenates its inputs along an axis (Lasagne's <c>ConcatLayer</c>). Shape rule: every input has the
/// same rank and the same extents on the other axes (unknown extents are compatible); the output extent on
/// <see cref="Axis"/> is the sum (null if one is unknown). No parameters.
/// </summary>
public sealed class ConcatLayer : MergeLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="incomings">The layers to concatenate, in order.</param>
    /// <param name="axis">The axis to join along (1 by default: channels/features); negative counts from the end.</param>
    /// <param name="name">Optional layer name.</param>
    public ConcatLayer(IReadOnlyList<Layer> incomings, int axis = 1, string? name = null) : base(incomings, name)
    {
        int rank = InputShapes[0].Count;
        int a = ShapeUtil.Axis(axis, rank);
        if (a < 0) throw ShapeError($"axis {axis} is out of range for {rank}-dimensional inputs", InputShapes);
        Axis = a;
        ValidateOutputShape();
    }

    /// <summary>The axis joined along (non-negative).</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<IReadOnlyList<int?>> inputShapes)
    {
        int rank = inputShapes[0].Count;
        var output = inputShapes[0].ToArray();
        for (int k = 1; k < inputShapes.Count; k++)
        {
            var s = inputShapes[k];
            if (s.Count != rank) throw ShapeError($"all inputs must have the same number of dimensions, input {k} has {s.Count} instead of {rank}", inputShapes);
            for (int i = 0; i < rank; i++)
            {
                if (i == Axis) { output[i] = output[i] + s[i]; continue; }
                if (output[i] is int x && s[i] is int y && x != y)
                    throw ShapeError($"inputs must agree on every axis except {Axis}; input {k} differs on axis {i}", inputShapes);
                output[i] ??= s[i];
            }
        }
        return output;
    }

    /// <inheritdoc/>
    public override Variable GetOutputFor(IReadOnlyList<Variable> inputs, OutputContext context) =>
        inputs.Count == 1 ? inputs[0] : T.Concatenate(inputs, Axis);
}
