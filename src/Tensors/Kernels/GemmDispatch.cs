using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralCore.Tensors;

/// <summary>Which micro-kernel family runs a GEMM; <see cref="Auto"/> picks the widest the CPU accelerates.</summary>
internal enum GemmKernelKind
{
    Auto,
    Vector512,
    Vector256,
    Vector128,
    Scalar,
}

// Argument checks, kernel selection and the split of one call across threads.
public static partial class Gemm
{
    // Below this many multiply-adds the wake-up of a worker costs more than it saves.
    private const long ParallelThreshold = 128L * 128 * 128;

    private static int ThreadsFor(int m, int n, int k)
        => (long)m * n * k < ParallelThreshold ? 1 : Parallelism.MaxThreads;

    /// <summary>The kernel family <see cref="GemmKernelKind.Auto"/> resolves to on this CPU.</summary>
    internal static GemmKernelKind BestKernel { get; } =
        Vector512.IsHardwareAccelerated ? GemmKernelKind.Vector512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmKernelKind.Vector256
        : Vector128.IsHardwareAccelerated ? GemmKernelKind.Vector128
        : GemmKernelKind.Scalar;

    /// <summary>GEMM with an explicit kernel family and thread count (tests exercise every path).</summary>
    internal static unsafe void Compute<T>(GemmKernelKind kind, int threads, string operation, bool transA, bool transB,
        int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, INumber<T>
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"{operation}: sizes must not be negative: m = {m}, n = {n}, k = {k}");
        CheckOperand(operation, "A", "lda", a.Length, transA ? k : m, transA ? m : k, lda);
        CheckOperand(operation, "B", "ldb", b.Length, transB ? n : k, transB ? k : n, ldb);
        CheckOperand(operation, "C", "ldc", c.Length, m, n, ldc);
        if (m == 0 || n == 0)
            return;
        if (k == 0 || T.IsZero(alpha))
        {
            ScaleRows(c, m, n, ldc, beta);
            return;
        }
        fixed (T* pa = a, pb = b, pc = c)
        {
            var problem = new GemmProblem<T>
            {
                A = pa, B = pb, C = pc, Lda = lda, Ldb = ldb, Ldc = ldc,
                M = m, N = n, K = k, Alpha = alpha, Beta = beta, TransA = transA, TransB = transB,
            };
            if (kind == GemmKernelKind.Auto)
                kind = BestKernel;
            threads = Math.Max(1, threads);
            if (typeof(T) == typeof(float))
                ExecuteSingle(ref Unsafe.As<GemmProblem<T>, GemmProblem<float>>(ref problem), kind, threads);
            else if (typeof(T) == typeof(double))
                ExecuteDouble(ref Unsafe.As<GemmProblem<T>, GemmProblem<double>>(ref problem), kind, threads);
            else
                throw new NotSupportedException($"{operation}: element type {typeof(T).Name} is not supported; use float or double");
        }
    }

    private static void ExecuteSingle(ref GemmProblem<float> p, GemmKernelKind kind, int threads)
    {
        switch (kind)
        {
            case GemmKernelKind.Vector512 when GemmFewRowsTransB.Applies(in p, kind):
                GemmFewRowsTransB.Run(in p, threads);
                break;
            case GemmKernelKind.Vector512:
                Execute<float, SgemmKernel512>(ref p, threads, GemmBlocking.For<float, SgemmKernel512>(512, 84, 2048));
                break;
            case GemmKernelKind.Vector256:
                Execute<float, SgemmKernel256>(ref p, threads, GemmBlocking.For<float, SgemmKernel256>(256, 96, 2048));
                break;
            case GemmKernelKind.Vector128:
                Execute<float, SgemmKernel128>(ref p, threads, GemmBlocking.For<float, SgemmKernel128>(256, 96, 2048));
                break;
            default:
                Execute<float, ScalarGemmKernel<float>>(ref p, threads, GemmBlocking.For<float, ScalarGemmKernel<float>>(256, 64, 512));
                break;
        }
    }

    private static void ExecuteDouble(ref GemmProblem<double> p, GemmKernelKind kind, int threads)
    {
        switch (kind)
        {
            case GemmKernelKind.Vector512:
                Execute<double, DgemmKernel512>(ref p, threads, GemmBlocking.For<double, DgemmKernel512>(256, 84, 1024));
                break;
            case GemmKernelKind.Vector256:
                Execute<double, DgemmKernel256>(ref p, threads, GemmBlocking.For<double, DgemmKernel256>(256, 96, 1024));
                break;
            case GemmKernelKind.Vector128:
                Execute<double, DgemmKernel128>(ref p, threads, GemmBlocking.For<double, DgemmKernel128>(256, 96, 1024));
                break;
            default:
                Execute<double, ScalarGemmKernel<double>>(ref p, threads, GemmBlocking.For<double, ScalarGemmKernel<double>>(256, 64, 512));
                break;
        }
    }

    private static unsafe void Execute<T, TKernel>(ref GemmProblem<T> p, int threads, GemmBlocking blocking)
        where T : unmanaged, INumber<T> where TKernel : IGemmMicroKernel<T>
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        int rowBlocks = (p.M + blocking.Mc - 1) / blocking.Mc;
        // Same number of row blocks, but of even height (256 rows: 70, 70, 70, 46 rather than 84,
        // 84, 84, 4), so the blocks handed to different threads cost about the same.
        blocking = blocking with { Mc = GemmBlocking.RoundUp((p.M + rowBlocks - 1) / rowBlocks, mr) };
        int panels = (Math.Min(p.N, blocking.Nc) + nr - 1) / nr;
        int parties = (int)Math.Min(threads, (long)rowBlocks * panels);
        if (parties > 1)
        {
            // The shared packed B block lives in the calling thread's buffer, after the A block and
            // edge tile that this thread uses as part 0 of the job.
            var (aLength, bLength) = GemmDriver.BufferLengths<T, TKernel>(in p, blocking);
            nint edgeLength = GemmBlocking.RoundUp(mr * nr, 64 / sizeof(T));
            T* buffer = (T*)GemmDriver.Buffer((aLength + edgeLength + bLength) * sizeof(T));
            var job = new GemmSharedJob<T> { Problem = p, Blocking = blocking, Parties = parties, PackedB = buffer + aLength + edgeLength };
            if (GemmWorkers.TryRun(parties, &RunSharedPart<T, TKernel>, &job))
                return;
        }
        GemmDriver.Run<T, TKernel>(in p, blocking);
    }

    private static unsafe void RunSharedPart<T, TKernel>(int part, void* state)
        where T : unmanaged, INumber<T> where TKernel : IGemmMicroKernel<T>
    {
        var job = (GemmSharedJob<T>*)state;
        try
        {
            GemmDriver.RunShared<T, TKernel>(job);
        }
        catch
        {
            // The other threads would otherwise wait forever for the work this one claimed.
            Volatile.Write(ref job->Aborted, 1);
            throw;
        }
    }

    private static void CheckOperand(string operation, string matrix, string ldName, int length, int rows, int cols, int ld)
    {
        if (rows == 0 || cols == 0)
            return;
        if (ld < cols)
            throw new ArgumentException($"{operation}: {ldName} = {ld} is smaller than the row length {cols} of {matrix} (stored {rows} x {cols})", ldName);
        long needed = (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw new ArgumentException($"{operation}: {matrix} holds {length} elements but a stored {rows} x {cols} matrix with {ldName} = {ld} needs {needed}", matrix.ToLowerInvariant());
    }

    private static void ScaleRows<T>(Span<T> c, int m, int n, int ldc, T beta) where T : unmanaged, INumber<T>
    {
        if (beta == T.One)
            return;
        for (int i = 0; i < m; i++)
        {
            Span<T> row = c.Slice(i * ldc, n);
            if (T.IsZero(beta))
                row.Clear();
            else
                for (int j = 0; j < row.Length; j++)
                    row[j] *= beta;
        }
    }
}
