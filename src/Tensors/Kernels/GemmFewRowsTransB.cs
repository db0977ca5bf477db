using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralCore.Tensors;

/// <summary>
/// C = alpha · A · Bᵀ + beta · C when A has only a few rows (at most <see cref="MaxRows"/>): backpropagation through a
/// dense layer at a small minibatch, dX = dY · Wᵀ. Every element of C is then a dot product of a row of A and a row of
/// B, both contiguous, so B is streamed once in place. The packed GEMM would first copy B into panels with a
/// transposing gather, which at so few rows costs more than the multiply-adds (a third of a batch-10 training step of
/// the lecture network went to packing). Register tile: 2 rows of A by 4 rows of B in eight zmm accumulators, each
/// summed horizontally once at the end of its dot product. Float with AVX-512 only; other cases take the packed GEMM.
/// Every element is summed in the same order whatever the thread count.
/// </summary>
internal static unsafe class GemmFewRowsTransB
{
    /// <summary>The most rows of A this path takes.</summary>
    public const int MaxRows = 16;

    private const int RowTile = 2, ColumnTile = 4;
    // Columns of C a thread claims at a time: enough to amortise the claim, small enough to balance two threads.
    private const int ColumnsPerClaim = 16 * ColumnTile;

    /// <summary>Whether this path computes <paramref name="p"/> with kernels of <paramref name="kind"/>.</summary>
    public static bool Applies(in GemmProblem<float> p, GemmKernelKind kind)
        => kind == GemmKernelKind.Vector512 && Avx512F.IsSupported && !p.TransA && p.TransB && p.M <= MaxRows;

    /// <summary>Computes the product on up to <paramref name="threads"/> threads.</summary>
    public static void Run(in GemmProblem<float> p, int threads)
    {
        int claims = (p.N + ColumnsPerClaim - 1) / ColumnsPerClaim;
        int parties = Math.Min(threads, claims);
        if (parties > 1)
        {
            var job = new Job { Problem = p, Claims = claims };
            if (GemmWorkers.TryRun(parties, &RunPart, &job))
                return;
        }
        Columns(in p, 0, p.N);
    }

    private struct Job
    {
        public GemmProblem<float> Problem;
        public int Claims;
        public int Next;
    }

    // Work is claimed, not assigned: GemmWorkers may cancel a worker that has not started, and the parts that run
    // must then do its share.
    private static void RunPart(int part, void* state)
    {
        var job = (Job*)state;
        for (int claim; (claim = Interlocked.Increment(ref job->Next) - 1) < job->Claims;)
        {
            int n0 = claim * ColumnsPerClaim;
            Columns(in job->Problem, n0, Math.Min(job->Problem.N, n0 + ColumnsPerClaim));
        }
    }

    private static void Columns(in GemmProblem<float> p, int n0, int n1)
    {
        for (int n = n0; n < n1; n += ColumnTile)
        {
            int columns = Math.Min(ColumnTile, n1 - n);
            for (int m = 0; m < p.M; m += RowTile)
            {
                int rows = Math.Min(RowTile, p.M - m);
                if (rows == RowTile && columns == ColumnTile)
                    Tile(in p, m, n);
                else
                    for (int i = 0; i < rows; i++)
                        for (int j = 0; j < columns; j++)
                            Store(in p, m + i, n + j, Dot(p.A + (m + i) * p.Lda, p.B + (n + j) * p.Ldb, p.K));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(in GemmProblem<float> p, int m, int n)
    {
        float* a0 = p.A + m * p.Lda, a1 = a0 + p.Lda;
        float* b0 = p.B + n * p.Ldb, b1 = b0 + p.Ldb, b2 = b1 + p.Ldb, b3 = b2 + p.Ldb;
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        int k = 0, depth = p.K;
        for (; k + 16 <= depth; k += 16)
        {
            var x0 = Avx512F.LoadVector512(a0 + k);
            var x1 = Avx512F.LoadVector512(a1 + k);
            var y = Avx512F.LoadVector512(b0 + k);
            c00 = Avx512F.FusedMultiplyAdd(x0, y, c00);
            c10 = Avx512F.FusedMultiplyAdd(x1, y, c10);
            y = Avx512F.LoadVector512(b1 + k);
            c01 = Avx512F.FusedMultiplyAdd(x0, y, c01);
            c11 = Avx512F.FusedMultiplyAdd(x1, y, c11);
            y = Avx512F.LoadVector512(b2 + k);
            c02 = Avx512F.FusedMultiplyAdd(x0, y, c02);
            c12 = Avx512F.FusedMultiplyAdd(x1, y, c12);
            y = Avx512F.LoadVector512(b3 + k);
            c03 = Avx512F.FusedMultiplyAdd(x0, y, c03);
            c13 = Avx512F.FusedMultiplyAdd(x1, y, c13);
        }
        if (k + 8 <= depth)
        {
            // Eight more: 256-bit loads widened with zeros into the same accumulators.
            var x0 = Widen(a0 + k);
            var x1 = Widen(a1 + k);
            var y = Widen(b0 + k);
            c00 = Avx512F.FusedMultiplyAdd(x0, y, c00);
            c10 = Avx512F.FusedMultiplyAdd(x1, y, c10);
            y = Widen(b1 + k);
            c01 = Avx512F.FusedMultiplyAdd(x0, y, c01);
            c11 = Avx512F.FusedMultiplyAdd(x1, y, c11);
            y = Widen(b2 + k);
            c02 = Avx512F.FusedMultiplyAdd(x0, y, c02);
            c12 = Avx512F.FusedMultiplyAdd(x1, y, c12);
            y = Widen(b3 + k);
            c03 = Avx512F.FusedMultiplyAdd(x0, y, c03);
            c13 = Avx512F.FusedMultiplyAdd(x1, y, c13);
            k += 8;
        }
        Store(in p, m, n, Vector512.Sum(c00) + Tail(a0, b0, k, depth));
        Store(in p, m, n + 1, Vector512.Sum(c01) + Tail(a0, b1, k, depth));
        Store(in p, m, n + 2, Vector512.Sum(c02) + Tail(a0, b2, k, depth));
        Store(in p, m, n + 3, Vector512.Sum(c03) + Tail(a0, b3, k, depth));
        Store(in p, m + 1, n, Vector512.Sum(c10) + Tail(a1, b0, k, depth));
        Store(in p, m + 1, n + 1, Vector512.Sum(c11) + Tail(a1, b1, k, depth));
        Store(in p, m + 1, n + 2, Vector512.Sum(c12) + Tail(a1, b2, k, depth));
        Store(in p, m + 1, n + 3, Vector512.Sum(c13) + Tail(a1, b3, k, depth));
    }

    // The edges of C (an odd last row, the last columns): one dot product at a time, summed as the tile sums.
    private static float Dot(float* a, float* b, int depth)
    {
        Vector512<float> sum = default;
        int k = 0;
        for (; k + 16 <= depth; k += 16)
            sum = Avx512F.FusedMultiplyAdd(Avx512F.LoadVector512(a + k), Avx512F.LoadVector512(b + k), sum);
        if (k + 8 <= depth)
        {
            sum = Avx512F.FusedMultiplyAdd(Widen(a + k), Widen(b + k), sum);
            k += 8;
        }
        return Vector512.Sum(sum) + Tail(a, b, k, depth);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Widen(float* x) => Vector512.Create(Avx.LoadVector256(x), Vector256<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail(float* a, float* b, int k, int depth)
    {
        float sum = 0;
        for (; k < depth; k++) sum += a[k] * b[k];
        return sum;
    }

    // beta = 0 never reads C (BLAS semantics), so NaN or garbage there does not leak into the result.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(in GemmProblem<float> p, int m, int n, float sum)
    {
        float* c = p.C + m * p.Ldc + n;
        *c = p.Beta == 0 ? p.Alpha * sum : p.Alpha * sum + p.Beta * *c;
    }
}
