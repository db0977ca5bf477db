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
/// Cache blocking of the packed GEMM: a Kc x Nc block of op(B) is packed once and reused by every
/// Mc x Kc block of op(A) (which stays in L2) and every micro-panel of B (Kc x NR, which stays in L1
/// while the micro-kernel sweeps the A panels). Mc is a multiple of the kernel's MR, Nc of its NR.
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

    /// <summary>Computes rows [row0, row1) x columns [col0, col1) of C for <paramref name="p"/>.</summary>
    public static void Run<T, TKernel>(in GemmProblem<T> p, int row0, int row1, int col0, int col1, GemmBlocking blocking)
        where T : unmanaged, INumber<T> where TKernel : IGemmMicroKernel<T>
    {
        int mr = TKernel.Rows, nr = TKernel.Columns;
        int kcMax = Math.Min(blocking.Kc, p.K);
        int mcMax = GemmBlocking.RoundUp(Math.Min(blocking.Mc, row1 - row0), mr);
        int ncMax = GemmBlocking.RoundUp(Math.Min(blocking.Nc, col1 - col0), nr);
        int perLine = Alignment / sizeof(T);
        nint aLength = GemmBlocking.RoundUp(mcMax * kcMax, perLine);
        nint bLength = GemmBlocking.RoundUp(ncMax * kcMax, perLine);
        T* packedA = (T*)Buffer((aLength + bLength + mr * nr) * sizeof(T));
        T* packedB = packedA + aLength;
        T* edgeTile = packedB + bLength;

        for (int jc = col0; jc < col1; jc += blocking.Nc)
        {
            int nc = Math.Min(blocking.Nc, col1 - jc);
            for (int pc = 0; pc < p.K; pc += blocking.Kc)
            {
                int kc = Math.Min(blocking.Kc, p.K - pc);
                // beta scales C once, on the first pass over K; later passes accumulate.
                T beta = pc == 0 ? p.Beta : T.One;
                GemmPacking.PackB(p.TransB, p.B, p.Ldb, pc, kc, jc, nc, nr, packedB);
                for (int ic = row0; ic < row1; ic += blocking.Mc)
                {
                    int mc = Math.Min(blocking.Mc, row1 - ic);
                    GemmPacking.PackA(p.TransA, p.A, p.Lda, ic, mc, pc, kc, p.Alpha, mr, packedA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
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
                                // Edge tile: compute the full (zero padded) tile aside, then merge
                                // only the rows and columns that exist in C.
                                TKernel.Run(kc, panelA, panelB, edgeTile, nr, T.Zero);
                                MergeEdge(edgeTile, nr, tileC, p.Ldc, rows, cols, beta);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void MergeEdge<T>(T* tile, int tileStride, T* c, nint ldc, int rows, int cols, T beta)
        where T : unmanaged, INumber<T>
    {
        bool readC = !T.IsZero(beta);
        for (int i = 0; i < rows; i++, c += ldc, tile += tileStride)
            for (int j = 0; j < cols; j++)
                c[j] = readC ? tile[j] + beta * c[j] : tile[j];
    }

    private static byte* Buffer(nint bytes)
    {
        byte[]? buffer = t_buffer;
        if (buffer is null || buffer.Length < bytes + Alignment)
            t_buffer = buffer = GC.AllocateUninitializedArray<byte>((int)(bytes + Alignment), pinned: true);
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (byte*)(((nint)start + Alignment - 1) & ~(nint)(Alignment - 1));
    }
}
