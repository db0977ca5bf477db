using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralCore.Tensors;

/// <summary>
/// Small helpers shared by the convolution and pooling kernels: the element-type check, the
/// destination check, the typed GEMM call and the split of a batch over worker threads.
/// </summary>
internal static class ConvSupport
{
    /// <summary>Throws unless <typeparamref name="T"/> is float or double.</summary>
    public static void RequireFloatingPoint<T>(string op)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"{op}: element type {typeof(T).Name} is not supported; use float or double");
    }

    /// <summary>Throws unless <paramref name="result"/> has the expected shape and shares no
    /// storage with an operand (the kernels read operands while they write the result).</summary>
    public static void CheckResult<T>(string op, Tensor<T> result, Shape expected, Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
    {
        if (result.Shape != expected)
            throw new ShapeMismatchException(op, $"result shape {result.Shape} should be {expected} for operands {a.Shape} and {b.Shape}", a.Shape, b.Shape, result.Shape);
        if (result.SharesStorageWith(a) || result.SharesStorageWith(b))
            throw new ArgumentException($"{op}: the result tensor {result.Shape} must not share storage with an operand ({a.Shape}, {b.Shape})");
    }

    /// <summary><see cref="CheckResult{T}(string, Tensor{T}, Shape, Tensor{T}, Tensor{T})"/> for an
    /// expected 4-D shape given by its extents: the expected Shape is only built to report a mismatch,
    /// so a warmed-up kernel call allocates nothing.</summary>
    public static void CheckResult<T>(string op, Tensor<T> result, int d0, int d1, int d2, int d3, Tensor<T> a, Tensor<T> b) where T : unmanaged, INumber<T>
    {
        if (!Is(result.Shape, d0, d1, d2, d3))
            CheckResult(op, result, new Shape(d0, d1, d2, d3), a, b);
        else if (result.SharesStorageWith(a) || result.SharesStorageWith(b))
            throw new ArgumentException($"{op}: the result tensor {result.Shape} must not share storage with an operand ({a.Shape}, {b.Shape})");
    }

    /// <summary>True when <paramref name="s"/> is (d0, d1, d2, d3).</summary>
    public static bool Is(Shape s, int d0, int d1, int d2, int d3) => s.Rank == 4 && s[0] == d0 && s[1] == d1 && s[2] == d2 && s[3] == d3;

    /// <summary>C = op(A) · op(B) + beta · C through <see cref="Gemm"/> for float or double.</summary>
    public static void Gemm<T>(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float))
            NeuralCore.Tensors.Gemm.Sgemm(transA, transB, m, n, k, 1f, MemoryMarshal.Cast<T, float>(a), lda,
                MemoryMarshal.Cast<T, float>(b), ldb, float.CreateTruncating(beta), MemoryMarshal.Cast<T, float>(c), ldc);
        else
            NeuralCore.Tensors.Gemm.Dgemm(transA, transB, m, n, k, 1d, MemoryMarshal.Cast<T, double>(a), lda,
                MemoryMarshal.Cast<T, double>(b), ldb, double.CreateTruncating(beta), MemoryMarshal.Cast<T, double>(c), ldc);
    }

    /// <summary>Number of workers for <paramref name="items"/> independent items.</summary>
    public static int Workers(int items) => Math.Max(1, Math.Min(Parallelism.MaxThreads, items));

    /// <summary>Number of chunks for <paramref name="items"/> independent items: up to four per thread,
    /// claimed dynamically, so that a thread the OS deschedules on a busy machine leaves its share to
    /// the others instead of making them wait (one chunk per thread when single-threaded).</summary>
    public static int Chunks(int items)
        => Parallelism.MaxThreads == 1 ? 1 : Math.Max(1, Math.Min(4 * Parallelism.MaxThreads, items));

    /// <summary>First item of worker <paramref name="worker"/> when <paramref name="items"/> are split
    /// into <paramref name="workers"/> contiguous, nearly equal ranges.</summary>
    public static int RangeStart(int items, int workers, int worker) => (int)((long)items * worker / workers);

    /// <summary>The largest of the <see cref="RangeStart"/> ranges: per-thread scratch is sized for it, so
    /// that a thread never grows its buffers when it later claims a larger range than before.</summary>
    public static int LargestRange(int items, int workers) => (items + workers - 1) / workers;

    /// <summary>Runs <paramref name="work"/>.Run(worker) for every worker index without allocating:
    /// the kernels' hot paths pass a struct holding their arguments instead of a closure.</summary>
    public static void Run<TWork>(int workers, in TWork work) where TWork : struct, IChunkWork
    {
        if (workers <= 1) work.Run(0);
        else ParallelChunks.Run(work, workers);
    }
}
