namespace NeuralCore.Layers;

/// <summary>
/// 2-D max pooling (Lasagne's <c>MaxPool2DLayer</c>), a <see cref="Pool2DLayer"/> with mode max:
/// output = the maximum of each window over the last two axes; the stride defaults to the pool size.
/// Shape rule: as <see cref="Pool2DLayer"/>. No parameters.
/// </summary>
public sealed class MaxPool2DLayer : Pool2DLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="poolSize">Window extent: one int or (rows, columns).</param>
    /// <param name="stride">Step between windows; the pool size when null.</param>
    /// <param name="pad">Zeros per side; none when null.</param>
    /// <param name="ignoreBorder">True (default): only complete windows.</param>
    /// <param name="name">Optional layer name.</param>
    public MaxPool2DLayer(Layer incoming, Size2 poolSize, Size2? stride = null, Size2? pad = null, bool ignoreBorder = true, string? name = null)
        : base(incoming, poolSize, stride, pad, ignoreBorder, PoolingMode.Max, name) { }
}
