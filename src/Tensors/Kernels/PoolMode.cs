namespace NeuralCore.Tensors;

/// <summary>
/// What a pooling window computes (Lasagne/Theano <c>mode</c>).
/// </summary>
public enum PoolMode
{
    /// <summary>The largest input in the window ('max'); padding never wins.</summary>
    Max,

    /// <summary>The window mean where padded zeros count in the divisor ('average_inc_pad').</summary>
    AverageIncludePadding,

    /// <summary>The mean over the real (unpadded) inputs in the window ('average_exc_pad').</summary>
    AverageExcludePadding,
}
