namespace NeuralCore.Tensors;

/// <summary>
/// The one knob for how many threads the kernels use. Every multi-threaded kernel (GEMM,
/// convolution, pooling, large elementwise ops, reductions) reads <see cref="MaxThreads"/>.
/// </summary>
public static class Parallelism
{
    private static int s_maxThreads = Environment.ProcessorCount;

    /// <summary>Maximum number of threads a kernel may use; defaults to the processor count.
    /// Set to 1 for single-threaded execution.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When set below 1.</exception>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            s_maxThreads = value;
        }
    }
}
