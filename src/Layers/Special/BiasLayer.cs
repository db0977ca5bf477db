using NeuralCore.Autodiff;
using NeuralCore.Layers.Init;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// Adds a learned bias (Lasagne's <c>BiasLayer</c>): output = x + b, with b broadcast along the shared
/// axes. Shape rule: the input shape. Parameter b has the input's extents on the non-shared axes
/// (default: all axes except 1, i.e. one bias per channel/unit), zeros by default, trainable, not regularizable.
/// </summary>
public sealed class BiasLayer : Layer
{
    private readonly int[] _paramAxes;

    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="b">Bias spec; zeros when null. <see cref="ParamSpec.None"/> makes the layer an identity.</param>
    /// <param name="sharedAxes">Axes the bias is shared across; null = Lasagne's 'auto' (all but axis 1).</param>
    /// <param name="name">Optional layer name.</param>
    public BiasLayer(Layer incoming, ParamSpec? b = null, IReadOnlyList<int>? sharedAxes = null, string? name = null) : base(incoming, name)
    {
        (_paramAxes, var shape) = PerFeatureParameter(sharedAxes, "bias");
        B = AddParam(b ?? new Init.Constant(0.0), shape, "b", ParamTags.Trainable);
        ValidateOutputShape();
    }

    /// <summary>The bias, or null when created with <see cref="ParamSpec.None"/>.</summary>
    public SharedVariable? B { get; }

    /// <summary>The input axes the bias varies along.</summary>
    public IReadOnlyList<int> ParameterAxes => _paramAxes;

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context) =>
        B is null ? input : input + ShapeUtil.Broadcast(B, input.Rank, _paramAxes);
}
