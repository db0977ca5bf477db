namespace NeuralCore.Layers.Data;

/// <summary>How image tensors are shaped.</summary>
public enum ImageLayout
{
    /// <summary>(N, 1, height, width): one channel, for convolutional networks (Lasagne's layout).</summary>
    Image,
    /// <summary>(N, height * width): one row per image, for dense networks.</summary>
    Flat,
}
