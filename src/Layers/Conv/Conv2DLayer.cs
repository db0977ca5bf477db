using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// 2-D convolution layer (Lasagne's <c>Conv2DLayer</c>): output = nonlinearity(conv(x, W) + b) on NCHW data.
/// Shape rule: (batch, numFilters, out_h, out_w) with out = ceil((in + 2·pad - filter + 1) / stride).
/// Parameters: W (numFilters, channels, fh, fw) GlorotUniform, trainable and regularizable;
/// b (numFilters,) or untied (numFilters, out_h, out_w), zeros, trainable. Filters are flipped by default
/// (true convolution, <c>flip_filters=True</c>).
/// </summary>
public sealed class Conv2DLayer : BaseConvLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one, output (batch, channels, rows, columns).</param>
    /// <param name="numFilters">Number of filters (output channels).</param>
    /// <param name="filterSize">Filter extent: one int or (rows, columns).</param>
    /// <param name="stride">Stride: one int or (rows, columns); 1 when null.</param>
    /// <param name="pad">Padding: <see cref="ConvPad.Valid"/> (default), <see cref="ConvPad.Full"/>, <see cref="ConvPad.Same"/> or ints.</param>
    /// <param name="untieBiases">One bias per filter and output position instead of per filter.</param>
    /// <param name="W">Filter spec; GlorotUniform when null.</param>
    /// <param name="b">Bias spec; zeros when null, <see cref="ParamSpec.None"/> for no bias.</param>
    /// <param name="nonlinearity">Activation; null means rectify (Lasagne's default).</param>
    /// <param name="flipFilters">True (default) for a true convolution, false for cross-correlation.</param>
    /// <param name="name">Optional layer name.</param>
    public Conv2DLayer(Layer incoming, int numFilters, Size2 filterSize, Size2? stride = null, ConvPad? pad = null, bool untieBiases = false,
        ParamSpec? W = null, ParamSpec? b = null, Func<Variable, Variable>? nonlinearity = null, bool flipFilters = true, string? name = null)
        : base(incoming, numFilters, [filterSize.H, filterSize.W], [(stride ?? 1).H, (stride ?? 1).W], pad ?? ConvPad.Valid, untieBiases,
            W, b, nonlinearity, flipFilters, spatialDims: 2, name)
    {
        ValidateOutputShape();
    }

    /// <summary>The kernel options: stride, padding and flip.</summary>
    public Conv2DOptions Options => new(Stride[0], Stride[1], PadAmounts[0], PadAmounts[1], 1, 1, FlipFilters);

    /// <inheritdoc/>
    protected override Variable Convolve(Variable input) => T.Conv2D(input, W, Options);
}
