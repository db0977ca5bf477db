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
    private const long ParallelThreshold = 64L * 64 * 64;

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
            case GemmKernelKind.Vector512:
                Execute<float, SgemmKernel512>(ref p, threads, GemmBlocking.For<float, SgemmKernel512>(256, 168, 2048));
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
                Execute<double, DgemmKernel512>(ref p, threads, GemmBlocking.For<double, DgemmKernel512>(256, 168, 1024));
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

    /// <summary>A GEMM split into parts: contiguous bands of rows or of columns of C, one per thread.</summary>
    private struct GemmJob<T> where T : unmanaged
    {
        public GemmProblem<T> Problem;
        public GemmBlocking Blocking;
        public int Band;
        public bool SplitRows;
    }

    private static unsafe void Execute<T, TKernel>(ref GemmProblem<T> p, int threads, GemmBlocking blocking)
        where T : unmanaged, INumber<T> where TKernel : IGemmMicroKernel<T>
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        int rowBand = GemmBlocking.RoundUp((p.M + threads - 1) / threads, mr);
        int colBand = GemmBlocking.RoundUp((p.N + threads - 1) / threads, nr);
        int rowParts = (p.M + rowBand - 1) / rowBand, colParts = (p.N + colBand - 1) / colBand;
        if (threads == 1 || (rowParts == 1 && colParts == 1))
        {
            GemmDriver.Run<T, TKernel>(in p, 0, p.M, 0, p.N, blocking);
            return;
        }
        // A row split makes every thread pack all of B; a column split makes every thread pack all
        // of A, whose packing transposes and so costs more per element: prefer rows unless B is
        // much larger than A or there are too few rows to go round.
        bool splitRows = rowParts >= colParts && (p.N <= 4 * p.M || colParts < threads);
        var job = new GemmJob<T> { Problem = p, Blocking = blocking, Band = splitRows ? rowBand : colBand, SplitRows = splitRows };
        GemmWorkers.Run(splitRows ? rowParts : colParts, &RunPart<T, TKernel>, Unsafe.AsPointer(ref job));
    }

    private static unsafe void RunPart<T, TKernel>(int part, void* state)
        where T : unmanaged, INumber<T> where TKernel : IGemmMicroKernel<T>
    {
        ref GemmJob<T> job = ref Unsafe.AsRef<GemmJob<T>>(state);
        ref GemmProblem<T> p = ref job.Problem;
        int start = part * job.Band;
        if (job.SplitRows)
            GemmDriver.Run<T, TKernel>(in p, start, Math.Min(p.M, start + job.Band), 0, p.N, job.Blocking);
        else
            GemmDriver.Run<T, TKernel>(in p, 0, p.M, start, Math.Min(p.N, start + job.Band), job.Blocking);
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
