using NeuralCore.Autodiff;
using NeuralCore.Layers.Init;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// Multiplies by a learned scale (Lasagne's <c>ScaleLayer</c>): output = x · scales, broadcast along the
/// shared axes. Shape rule: the input shape. Parameter scales has the input's extents on the non-shared
/// axes (default: all axes except 1), ones by default, trainable, not regularizable.
/// </summary>
public sealed class ScaleLayer : Layer
{
    private readonly int[] _paramAxes;

    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="scales">Scale spec; ones when null.</param>
    /// <param name="sharedAxes">Axes the scale is shared across; null = Lasagne's 'auto' (all but axis 1).</param>
    /// <param name="name">Optional layer name.</param>
    public ScaleLayer(Layer incoming, ParamSpec? scales = null, IReadOnlyList<int>? sharedAxes = null, string? name = null) : base(incoming, name)
    {
        (_paramAxes, var shape) = PerFeatureParameter(sharedAxes, "scale");
        Scales = AddRequiredParam(scales ?? new Init.Constant(1.0), shape, "scales", ParamTags.Trainable);
        ValidateOutputShape();
    }

    /// <summary>The scales.</summary>
    public SharedVariable Scales { get; }

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context) =>
        input * ShapeUtil.Broadcast(Scales, input.Rank, _paramAxes);
}
