using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralCore.Tensors;

/// <summary>One GEMM call C = alpha · op(A) · op(B) + beta · C over pinned row-major storage.</summary>
internal unsafe struct GemmProblem<T> where T : unmanaged
{
    public T* A, B, C;
    public nint Lda, Ldb, Ldc;
    public int M, N, K;
    public T Alpha, Beta;
    public bool TransA, TransB;
}

/// <summary>
/// Cache blocking of the packed GEMM: a Kc x Nc block of op(B) is packed once (it lives in L3) and
/// reused by every Mc x Kc block of op(A), which stays in L2 while each Kc x NR micro-panel of B is
/// swept across all its MR-row panels (the micro-kernels prefetch B ahead, so a panel larger than
/// L1 streams without stalls; a large Kc means fewer passes over the C tiles). Mc is a multiple of
/// the kernel's MR, Nc of its NR.
/// </summary>
internal readonly record struct GemmBlocking(int Kc, int Mc, int Nc)
{
    /// <summary>Rounds the block sizes to whole micro-tiles of <typeparamref name="TKernel"/>.</summary>
    public static GemmBlocking For<T, TKernel>(int kc, int mc, int nc)
        where T : unmanaged where TKernel : IGemmMicroKernel<T>
        => new(kc, RoundUp(mc, TKernel.Rows), RoundUp(nc, TKernel.Columns));

    public static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}

/// <summary>
/// A multi-threaded GEMM call shared by its threads through a pointer: the problem, the packed B
/// block every thread reads, and the work counters. The counters only ever grow over the whole
/// call (phase after phase), so a thread that starts late finds the finished phases exhausted and
/// skips them instead of waiting at a barrier for threads that have long moved on.
/// </summary>
internal unsafe struct GemmSharedJob<T> where T : unmanaged
{
    public GemmProblem<T> Problem;
    public GemmBlocking Blocking;
    public int Parties;
    public T* PackedB;
    public int PanelsClaimed, PanelsPacked, ItemsClaimed, ItemsDone;
    public int Aborted;

    /// <summary>Takes the next unit below <paramref name="limit"/> from a counter, or returns -1 when
    /// none is left; never moves the counter past the limit, so units of the next phase stay free.</summary>
    public static int Claim(ref int counter, int limit)
    {
        while (true)
        {
            int current = Volatile.Read(ref counter);
            if (current >= limit)
                return -1;
            if (Interlocked.CompareExchange(ref counter, current + 1, current) == current)
                return current;
        }
    }

    /// <summary>Waits until <paramref name="counter"/> reaches <paramref name="target"/>, spinning
    /// (a yielding thread on a busy machine can lose its core for a whole time slice) and only
    /// yielding after about a millisecond.</summary>
    public void WaitFor(ref int counter, int target)
    {
        for (int spins = 0; Volatile.Read(ref counter) < target; spins++)
        {
            if (Volatile.Read(ref Aborted) != 0)
                throw new InvalidOperationException("gemm: another thread of this call failed");
            if (spins < 20_000)
                Thread.SpinWait(4);
            else
                Thread.Yield();
        }
    }
}

/// <summary>
/// The GotoBLAS/BLIS loop nest around a micro-kernel: blocks of N (Nc), K (Kc) and M (Mc), packing
/// of each block, and the sweep of micro-tiles. One call computes a rectangle of C on the calling
/// thread with that thread's packing buffers.
/// </summary>
internal static unsafe class GemmDriver
{
    private const int Alignment = 64;

    // Packing buffers of this thread, kept across calls so a warmed-up GEMM allocates nothing.
    // Pinned so the packed panels can be addressed by pointer without fixed blocks.
    [ThreadStatic] private static byte[]? t_buffer;

    /// <summary>Computes all of C on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TKernel>(in GemmProblem<T> p, GemmBlocking blocking)
        where T : unmanaged, INumber<T> where TKernel : IGemmMicroKernel<T>
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        var (aLength, bLength) = BufferLengths<T, TKernel>(in p, blocking);
        T* packedA = (T*)Buffer((aLength + bLength + mr * nr) * sizeof(T));
        T* packedB = packedA + aLength;
        T* edgeTile = packedB + bLength;

        for (int jc = 0; jc < p.N; jc += blocking.Nc)
        {
            int nc = Math.Min(blocking.Nc, p.N - jc);
            for (int pc = 0; pc < p.K; pc += blocking.Kc)
            {
                int kc = Math.Min(blocking.Kc, p.K - pc);
                GemmPacking.PackB(p.TransB, p.B, p.Ldb, pc, kc, jc, nc, nr, packedB);
                for (int ic = 0; ic < p.M; ic += blocking.Mc)
                {
                    int mc = Math.Min(blocking.Mc, p.M - ic);
                    GemmPacking.PackA(p.TransA, p.A, p.Lda, ic, mc, pc, kc, p.Alpha, mr, packedA);
                    Sweep<T, TKernel>(in p, packedA, packedB, edgeTile, ic, mc, jc, 0, nc, pc, kc);
                }
            }
        }
    }

    /// <summary>
    /// One thread's share of a multi-threaded GEMM (BLIS style). For each Kc x Nc block of B (a
    /// phase), the threads claim and pack panels of it into one shared buffer until all are packed;
    /// then they claim work items (an Mc block of rows, times a range of B panels), each packing its
    /// own A block, and wait until every item is done before B is overwritten. Claiming work
    /// dynamically keeps every core busy when one of them is slowed down by other processes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunShared<T, TKernel>(GemmSharedJob<T>* job)
        where T : unmanaged, INumber<T> where TKernel : IGemmMicroKernel<T>
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        ref readonly GemmProblem<T> p = ref job->Problem;
        GemmBlocking blocking = job->Blocking;
        int parties = job->Parties;
        var (aLength, _) = BufferLengths<T, TKernel>(in p, blocking);
        T* packedA = (T*)Buffer((aLength + mr * nr) * sizeof(T));
        T* edgeTile = packedA + aLength;
        T* packedB = job->PackedB;
        int rowBlocks = (p.M + blocking.Mc - 1) / blocking.Mc;
        int panelBase = 0, itemBase = 0;

        for (int jc = 0; jc < p.N; jc += blocking.Nc)
        {
            int nc = Math.Min(blocking.Nc, p.N - jc);
            int panels = (nc + nr - 1) / nr;
            // Few row blocks (a short, wide C): also split the B panels, into about four items per
            // thread, so every thread gets work and the last item is a small part of it.
            int panelGroups = Math.Min(panels, Math.Max(1, (4 * parties + rowBlocks - 1) / rowBlocks));
            int panelsPerGroup = (panels + panelGroups - 1) / panelGroups;
            int items = rowBlocks * panelGroups;
            for (int pc = 0; pc < p.K; pc += blocking.Kc)
            {
                int kc = Math.Min(blocking.Kc, p.K - pc);
                for (int claim; (claim = GemmSharedJob<T>.Claim(ref job->PanelsClaimed, panelBase + panels)) >= 0;)
                {
                    int panel = claim - panelBase;
                    GemmPacking.PackB(p.TransB, p.B, p.Ldb, pc, kc, jc + panel * nr, Math.Min(nr, nc - panel * nr), nr,
                        packedB + (nint)panel * nr * kc);
                    Interlocked.Increment(ref job->PanelsPacked);
                }
                job->WaitFor(ref job->PanelsPacked, panelBase + panels);

                int packedRowBlock = -1;
                for (int claim; (claim = GemmSharedJob<T>.Claim(ref job->ItemsClaimed, itemBase + items)) >= 0;)
                {
                    int item = claim - itemBase;
                    int rowBlock = item / panelGroups, group = item % panelGroups;
                    int ic = rowBlock * blocking.Mc, mc = Math.Min(blocking.Mc, p.M - ic);
                    if (rowBlock != packedRowBlock)
                    {
                        GemmPacking.PackA(p.TransA, p.A, p.Lda, ic, mc, pc, kc, p.Alpha, mr, packedA);
                        packedRowBlock = rowBlock;
                    }
                    int jr0 = group * panelsPerGroup * nr, jr1 = Math.Min(nc, jr0 + panelsPerGroup * nr);
                    Sweep<T, TKernel>(in p, packedA, packedB, edgeTile, ic, mc, jc, jr0, jr1, pc, kc);
                    Interlocked.Increment(ref job->ItemsDone);
                }
                job->WaitFor(ref job->ItemsDone, itemBase + items);
                panelBase += panels;
                itemBase += items;
            }
        }
    }

    /// <summary>Lengths of the packed A block and the packed B block for a problem, rounded to
    /// whole cache lines so each buffer starts aligned.</summary>
    public static (nint A, nint B) BufferLengths<T, TKernel>(in GemmProblem<T> p, GemmBlocking blocking)
        where T : unmanaged where TKernel : IGemmMicroKernel<T>
    {
        int kcMax = Math.Min(blocking.Kc, p.K);
        int mcMax = GemmBlocking.RoundUp(Math.Min(blocking.Mc, p.M), TKernel.Rows);
        int ncMax = GemmBlocking.RoundUp(Math.Min(blocking.Nc, p.N), TKernel.Columns);
        int perLine = Alignment / sizeof(T);
        return (GemmBlocking.RoundUp(mcMax * kcMax, perLine), GemmBlocking.RoundUp(ncMax * kcMax, perLine));
    }

    /// <summary>Pointer to this thread's packing buffer of at least <paramref name="bytes"/> bytes,
    /// aligned to a cache line; grown (and then kept) when too small.</summary>
    public static byte* Buffer(nint bytes)
    {
        byte[]? buffer = t_buffer;
        if (buffer is null || buffer.Length < bytes + Alignment)
            t_buffer = buffer = GC.AllocateUninitializedArray<byte>((int)(bytes + Alignment), pinned: true);
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (byte*)(((nint)start + Alignment - 1) & ~(nint)(Alignment - 1));
    }

    /// <summary>The micro-tiles of C rows [ic, ic + mc) x columns jc + [jr0, jr1) for one packed A
    /// block and one packed B block (depth pc .. pc + kc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sweep<T, TKernel>(in GemmProblem<T> p, T* packedA, T* packedB, T* edgeTile,
        int ic, int mc, int jc, int jr0, int jr1, int pc, int kc)
        where T : unmanaged, INumber<T> where TKernel : IGemmMicroKernel<T>
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        // beta scales C once, on the first pass over K; later passes accumulate.
        T beta = pc == 0 ? p.Beta : T.One;
        for (int jr = jr0; jr < jr1; jr += nr)
        {
            int cols = Math.Min(nr, jr1 - jr);
            T* panelB = packedB + (nint)jr * kc;
            T* tileC = p.C + (nint)ic * p.Ldc + jc + jr;
            for (int ir = 0; ir < mc; ir += mr, tileC += mr * p.Ldc)
            {
                int rows = Math.Min(mr, mc - ir);
                T* panelA = packedA + (nint)ir * kc;
                if (rows == mr && cols == nr)
                    TKernel.Run(kc, panelA, panelB, tileC, p.Ldc, beta);
                else
                {
                    // Edge tile: compute the full (zero padded) tile aside, then merge only the
                    // rows and columns that exist in C.
                    TKernel.Run(kc, panelA, panelB, edgeTile, nr, T.Zero);
                    MergeEdge(edgeTile, nr, tileC, p.Ldc, rows, cols, beta);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MergeEdge<T>(T* tile, int tileStride, T* c, nint ldc, int rows, int cols, T beta)
        where T : unmanaged, INumber<T>
    {
        bool readC = !T.IsZero(beta);
        for (int i = 0; i < rows; i++, c += ldc, tile += tileStride)
            for (int j = 0; j < cols; j++)
                c[j] = readC ? tile[j] + beta * c[j] : tile[j];
    }

}
