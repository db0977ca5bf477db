namespace NeuralCore.Tensors;

/// <summary>
/// A register-tiled GEMM micro-kernel: computes one <see cref="Rows"/> x <see cref="Columns"/> tile of
/// C from a packed A micro-panel (kc steps of Rows values) and a packed B micro-panel (kc steps of
/// Columns values). Implemented by structs so the blocked driver is specialised per kernel and the
/// call is direct.
/// </summary>
internal unsafe interface IGemmMicroKernel<T> where T : unmanaged
{
    /// <summary>Rows of the C tile (MR): the A values broadcast per step.</summary>
    static abstract int Rows { get; }

    /// <summary>Columns of the C tile (NR): the B values loaded as vectors per step.</summary>
    static abstract int Columns { get; }

    /// <summary>Whether the vector width the kernel uses is accelerated on this CPU.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>C tile = A panel · B panel + beta · C tile (C is not read when beta is zero).</summary>
    static abstract void Run(int kc, T* a, T* b, T* c, nint ldc, T beta);
}
