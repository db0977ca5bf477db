namespace NeuralCore.Tensors;

/// <summary>
/// Named padding modes of a convolution, as in Lasagne's <c>pad</c> argument.
/// </summary>
public enum ConvPadding
{
    /// <summary>No padding: the filter only visits positions where it fits entirely ('valid').</summary>
    Valid,

    /// <summary>Pad by half the (dilated) filter size so that with stride 1 the output has the
    /// input's size ('same'); needs odd filter sizes.</summary>
    Same,

    /// <summary>Pad by the (dilated) filter size minus one so that every partial overlap is
    /// visited ('full'): the output grows by filter size minus one.</summary>
    Full,
}
