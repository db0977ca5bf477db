namespace NeuralCore.Tensors;

/// <summary>
/// Geometry and mode of 2-D pooling over the last two axes of an NCHW tensor, with the semantics
/// of Lasagne's <c>Pool2DLayer</c> (Theano <c>pool_2d</c>).
/// </summary>
/// <param name="PoolH">Window height.</param>
/// <param name="PoolW">Window width.</param>
/// <param name="StrideH">Vertical step between windows (Lasagne's default is the pool size).</param>
/// <param name="StrideW">Horizontal step between windows.</param>
/// <param name="PadH">Rows of padding above and below; must be smaller than the window height.</param>
/// <param name="PadW">Columns of padding left and right; must be smaller than the window width.</param>
/// <param name="IgnoreBorder">True: only windows that fit inside the padded input.
/// False: partial windows at the bottom/right border are pooled too (then padding must be 0).</param>
/// <param name="Mode">Max or one of the two averages.</param>
public readonly record struct Pool2DOptions(int PoolH, int PoolW, int StrideH, int StrideW, int PadH = 0, int PadW = 0,
    bool IgnoreBorder = true, PoolMode Mode = PoolMode.Max)
{
    /// <summary>Non-overlapping square windows (stride = pool size), no padding, Lasagne's
    /// <c>MaxPool2DLayer(pool_size)</c> defaults.</summary>
    public static Pool2DOptions Square(int poolSize, PoolMode mode = PoolMode.Max)
        => new(poolSize, poolSize, poolSize, poolSize, Mode: mode);
}
