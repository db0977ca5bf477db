namespace NeuralCore.PeerBenchmarks;

/// <summary>One valid, stride-1 convolution of the CNN samples: batch, channels in -> out,
/// square kernel, square input.</summary>
public sealed record ConvCase(int Batch, int InChannels, int OutChannels, int Kernel, int Size) : IFlopCount
{
    /// <summary>Output height and width ('valid' padding, stride 1).</summary>
    public int OutSize => Size - Kernel + 1;

    /// <summary>The layers of the MNIST CNN samples (batch 128 with 3x3 kernels, batch 500 with 5x5).</summary>
    public static IEnumerable<ConvCase> Samples() =>
    [
        new(128, 1, 16, 3, 28),
        new(128, 16, 16, 3, 26),
        new(128, 16, 32, 3, 12),
        new(128, 32, 32, 3, 10),
        new(500, 1, 32, 5, 28),
        new(500, 32, 32, 5, 12),
    ];

    /// <summary>Multiply-adds of the forward pass, times 2; backward data and backward filter cost
    /// the same each, so forward+backward is 3 times the forward.</summary>
    public double Flops(string category)
    {
        double forward = 2.0 * Batch * OutChannels * InChannels * Kernel * Kernel * OutSize * OutSize;
        return category.Contains("backward", StringComparison.OrdinalIgnoreCase) ? 3 * forward : forward;
    }

    /// <inheritdoc />
    public override string ToString() => $"b{Batch} {InChannels}->{OutChannels} {Kernel}x{Kernel} on {Size}x{Size}";
}
