namespace NeuralCore.Tensors;

/// <summary>Which convolution kernel runs; <see cref="Auto"/> chooses per shape.</summary>
internal enum ConvAlgorithm
{
    /// <summary>Pick the fastest kernel for the shape.</summary>
    Auto,
    /// <summary>im2col followed by GEMM (every shape).</summary>
    Im2ColGemm,
    /// <summary>Direct SIMD kernel over padded planes (float, stride 1).</summary>
    Direct,
    /// <summary>Direct kernels with the filters (forward, filter gradient) or channels (input
    /// gradient) in the vector lanes (float, stride 1, 16·k of them), where they apply.</summary>
    FilterLanes,
}
