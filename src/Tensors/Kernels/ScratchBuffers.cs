namespace NeuralCore.Tensors;

/// <summary>
/// Per-thread scratch arrays that kernels reuse across calls, so that hot paths allocate nothing
/// after warm-up. Each thread owns its own arrays (thread-pool threads live long, so the arrays
/// survive between calls); a kernel uses distinct <see cref="Slot"/>s for buffers that must be
/// alive at the same time on the same thread, including the calling thread, which also runs
/// iterations of a parallel loop.
/// </summary>
internal static class ScratchBuffers<T>
{
    /// <summary>Named slots: one buffer per purpose per thread.</summary>
    internal enum Slot
    {
        /// <summary>im2col matrix (worker).</summary>
        Columns,
        /// <summary>Gathered or GEMM-result matrix (worker).</summary>
        Matrix,
        /// <summary>Zero-padded input planes (worker).</summary>
        Padded,
        /// <summary>Rearranged (flipped or transposed) weights (caller).</summary>
        Weights,
        /// <summary>Per-worker partial filter gradients (caller).</summary>
        Partials,
        /// <summary>Zero-padded gradient planes (worker).</summary>
        PaddedGradient,
    }

    private const int SlotCount = 6;

    [ThreadStatic] private static T[]?[]? s_slots;

    /// <summary>This thread's array for <paramref name="slot"/> with room for at least
    /// <paramref name="length"/> elements; contents are unspecified.</summary>
    internal static T[] Get(Slot slot, int length)
    {
        var slots = s_slots ??= new T[]?[SlotCount];
        var a = slots[(int)slot];
        if (a is null || a.Length < length)
        {
            // Grow geometrically so that slowly increasing shapes do not reallocate every call.
            int size = a is null ? length : Math.Max(length, (int)Math.Min(int.MaxValue, 2L * a.Length));
            a = GC.AllocateUninitializedArray<T>(size, pinned: false);
            slots[(int)slot] = a;
        }
        return a;
    }
}
