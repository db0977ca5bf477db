using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// 1-D convolution layer (Lasagne's <c>Conv1DLayer</c>) on (batch, channels, length) data:
/// output = nonlinearity(conv(x, W) + b), computed as a 2-D convolution with a height-1 filter.
/// Shape rule: (batch, numFilters, out) with out = ceil((length + 2·pad - filter + 1) / stride).
/// Parameters: W (numFilters, channels, filter) GlorotUniform; b (numFilters,) or untied (numFilters, out).
/// Filters are flipped by default (true convolution).
/// </summary>
public sealed class Conv1DLayer : BaseConvLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one, output (batch, channels, length).</param>
    /// <param name="numFilters">Number of filters (output channels).</param>
    /// <param name="filterSize">Filter length.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="pad">Padding: valid (default), full, same or an int.</param>
    /// <param name="untieBiases">One bias per filter and output position.</param>
    /// <param name="W">Filter spec; GlorotUniform when null.</param>
    /// <param name="b">Bias spec; zeros when null, <see cref="ParamSpec.None"/> for no bias.</param>
    /// <param name="nonlinearity">Activation; null means rectify (Lasagne's default).</param>
    /// <param name="flipFilters">True (default) for a true convolution.</param>
    /// <param name="name">Optional layer name.</param>
    public Conv1DLayer(Layer incoming, int numFilters, int filterSize, int stride = 1, ConvPad? pad = null, bool untieBiases = false,
        ParamSpec? W = null, ParamSpec? b = null, Func<Variable, Variable>? nonlinearity = null, bool flipFilters = true, string? name = null)
        : base(incoming, numFilters, [filterSize], [stride], pad ?? ConvPad.Valid, untieBiases, W, b, nonlinearity, flipFilters, spatialDims: 1, name)
    {
        ValidateOutputShape();
    }

    /// <inheritdoc/>
    protected override Variable Convolve(Variable input)
    {
        // (b, c, l) -> (b, c, 1, l); filters (f, c, k) -> (f, c, 1, k); the result drops the unit axis again.
        var x4 = ShapeUtil.Shuffle(input, 0, 1, -1, 2);
        var w4 = ShapeUtil.Shuffle(W, 0, 1, -1, 2);
        var options = new Conv2DOptions(1, Stride[0], 0, PadAmounts[0], 1, 1, FlipFilters);
        var y = T.Conv2D(x4, w4, options);
        return ShapeUtil.Shuffle(y, 0, 1, 3);
    }
}
