namespace NeuralCore.Layers;

/// <summary>What a <see cref="Pool2DLayer"/> window computes.</summary>
public enum PoolingMode
{
    /// <summary>The largest value in the window (Lasagne's 'max').</summary>
    Max,
    /// <summary>The window mean with padded zeros counted (Lasagne's 'average_inc_pad').</summary>
    AverageIncludePadding,
    /// <summary>The mean over the real inputs of the window (Lasagne's 'average_exc_pad').</summary>
    AverageExcludePadding,
    /// <summary>L2 pooling √(Σ x²) over the window, Torch's <c>SpatialLPPooling</c> with p = 2 as the Torch MNIST ConvNet uses.</summary>
    L2,
    /// <summary>Root-mean-square pooling √(mean x²) over the real inputs of the window.</summary>
    RootMeanSquare,
}
