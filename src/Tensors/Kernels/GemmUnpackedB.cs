using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralCore.Tensors;

/// <summary>
/// GEMM for a short op(A), at most one micro-kernel's rows (a minibatch of 10 times a dense layer's
/// weights), with B not transposed: the micro-kernel reads B where it is stored instead of from a
/// packed copy. With so few rows every value of B meets a single row panel, so packing it would read
/// and write all of B for one use; at batch 10 that copy took longer than the multiply-adds. op(A)
/// (at most MR x k) is packed whole by every thread; the columns of C are handed out to the threads
/// in groups of micro-tiles, each computed over the whole depth in one kernel call, so the result does
/// not depend on the number of threads.
/// </summary>
internal static unsafe class GemmUnpackedB
{
    // Bounds the per-thread buffers: packed A (MR x k) and one zero-padded edge strip (k x NR).
    private const int MaxDepth = 8192;

    /// <summary>Whether <paramref name="p"/> takes this path with <typeparamref name="TKernel"/>.</summary>
    public static bool Applies<T, TKernel>(in GemmProblem<T> p)
        where T : unmanaged where TKernel : IGemmMicroKernel<T>
        => !p.TransB && p.M <= TKernel.Rows && p.N >= TKernel.Columns && p.K <= MaxDepth;

    /// <summary>Computes C on up to <paramref name="threads"/> threads.</summary>
    public static void Run<T, TKernel>(in GemmProblem<T> p, int threads)
        where T : unmanaged, INumber<T> where TKernel : IGemmMicroKernel<T>
    {
        int tiles = (p.N + TKernel.Columns - 1) / TKernel.Columns;
        int parties = Math.Min(threads, tiles);
        // About four groups per thread, so a thread slowed down by other processes leaves little behind.
        int tilesPerGroup = (tiles + 4 * parties - 1) / (4 * parties);
        var job = new Job<T> { Problem = p, TilesPerGroup = tilesPerGroup, Groups = (tiles + tilesPerGroup - 1) / tilesPerGroup };
        if (parties > 1 && GemmWorkers.TryRun(parties, &RunPart<T, TKernel>, &job))
            return;
        RunPart<T, TKernel>(0, &job);
    }

    /// <summary>One thread's share: packs op(A), then claims groups of column tiles until none is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPart<T, TKernel>(int part, void* state)
        where T : unmanaged, INumber<T> where TKernel : IGemmMicroKernel<T>
    {
        var job = (Job<T>*)state;
        ref readonly GemmProblem<T> p = ref job->Problem;
        int mr = TKernel.Rows, nr = TKernel.Columns, k = p.K;
        int perLine = 64 / sizeof(T);
        nint aLength = GemmBlocking.RoundUp(mr * k, perLine), stripLength = GemmBlocking.RoundUp(k * nr, perLine);
        T* packedA = (T*)GemmDriver.Buffer((aLength + stripLength + mr * nr) * sizeof(T));
        T* strip = packedA + aLength;
        T* edgeTile = strip + stripLength;
        GemmPacking.PackA(p.TransA, p.A, p.Lda, 0, p.M, 0, k, p.Alpha, mr, packedA);
        bool fullRows = p.M == mr;
        for (int group; (group = GemmSharedJob<T>.Claim(ref job->GroupsClaimed, job->Groups)) >= 0;)
        {
            int end = Math.Min(p.N, (group + 1) * job->TilesPerGroup * nr);
            for (int j = group * job->TilesPerGroup * nr; j < end; j += nr)
            {
                int cols = Math.Min(nr, end - j);
                T* tileC = p.C + j;
                if (cols < nr)
                {
                    // The last columns: a zero-padded copy, so the kernel never reads past B's rows.
                    GemmPacking.PackB(false, p.B, p.Ldb, 0, k, j, cols, nr, strip);
                    TKernel.Run(k, packedA, strip, nr, edgeTile, nr, T.Zero);
                    GemmDriver.MergeEdge(edgeTile, nr, tileC, p.Ldc, p.M, cols, p.Beta);
                }
                else if (fullRows)
                    TKernel.Run(k, packedA, p.B + j, p.Ldb, tileC, p.Ldc, p.Beta);
                else
                {
                    TKernel.Run(k, packedA, p.B + j, p.Ldb, edgeTile, nr, T.Zero);
                    GemmDriver.MergeEdge(edgeTile, nr, tileC, p.Ldc, p.M, nr, p.Beta);
                }
            }
        }
    }

    /// <summary>A call shared by its threads through a pointer: the problem and the column-group counter.</summary>
    private struct Job<T> where T : unmanaged
    {
        public GemmProblem<T> Problem;
        public int TilesPerGroup, Groups, GroupsClaimed;
    }
}
