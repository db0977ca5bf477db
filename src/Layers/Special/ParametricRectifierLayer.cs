using NeuralCore.Autodiff;
using NeuralCore.Layers.Init;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// Parametric rectifier, PReLU (Lasagne's <c>ParametricRectifierLayer</c>, He et al. 2015):
/// output = max(0, x) + alpha · min(0, x), with a learned slope alpha per feature (broadcast along the
/// shared axes). Shape rule: the input shape. Parameter alpha: input extents on the non-shared axes
/// (default all but axis 1), Constant(0.25) by default, trainable, not regularizable.
/// </summary>
public sealed class ParametricRectifierLayer : Layer
{
    private readonly int[] _paramAxes;

    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="alpha">Slope spec; 0.25 when null.</param>
    /// <param name="sharedAxes">Axes the slope is shared across; null = Lasagne's 'auto' (all but axis 1).</param>
    /// <param name="name">Optional layer name.</param>
    public ParametricRectifierLayer(Layer incoming, ParamSpec? alpha = null, IReadOnlyList<int>? sharedAxes = null, string? name = null) : base(incoming, name)
    {
        (_paramAxes, var shape) = PerFeatureParameter(sharedAxes, "alpha");
        Alpha = AddRequiredParam(alpha ?? new Init.Constant(0.25), shape, "alpha", ParamTags.Trainable);
        ValidateOutputShape();
    }

    /// <summary>The learned negative slopes.</summary>
    public SharedVariable Alpha { get; }

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        var a = ShapeUtil.Broadcast(Alpha, input.Rank, _paramAxes);
        return T.Relu(input) + a * T.Minimum(input, 0.0);
    }
}
