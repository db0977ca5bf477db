using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralCore.Tensors;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded panel layout the micro-kernels
/// stream through. Transposed operands are read in place here, so a transpose is never
/// materialised: only the reading pattern of the packing loop changes.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs the mc x kc block of alpha · op(A) starting at (row0, depth0) into panels of
    /// <paramref name="panelRows"/> rows. Panel r holds, for each depth step p, the panelRows values
    /// of rows r·panelRows.. at depth p, one after another; rows past mc are zero, so the edge
    /// micro-kernel computes zeros there instead of reading out of bounds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(bool transA, T* a, nint lda, int row0, int mc, int depth0, int kc, T alpha, int panelRows, T* dst)
        where T : unmanaged, INumber<T>
    {
        bool scale = alpha != T.One;
        for (int i = 0; i < mc; i += panelRows, dst += (nint)panelRows * kc)
        {
            int rows = Math.Min(panelRows, mc - i);
            if (rows < panelRows)
                new Span<T>(dst, panelRows * kc).Clear();
            if (transA)
            {
                // op(A)[r, p] = A[p, r]: each depth step is a contiguous run of rows.
                T* src = a + (nint)depth0 * lda + row0 + i;
                for (int p = 0; p < kc; p++, src += lda)
                {
                    T* d = dst + (nint)p * panelRows;
                    for (int r = 0; r < rows; r++)
                        d[r] = scale ? alpha * src[r] : src[r];
                }
            }
            else
                // op(A)[r, p] = A[r, p]: a transposing copy, done a depth step at a time so the
                // writes are contiguous and the rows are read as parallel sequential streams.
                Gather(a + (nint)(row0 + i) * lda + depth0, lda, rows, kc, alpha, panelRows, dst);
        }
    }

    /// <summary>
    /// Packs the kc x nc block of op(B) starting at (depth0, col0) into panels of
    /// <paramref name="panelColumns"/> columns: panel c holds, for each depth step p, the
    /// panelColumns values of that row, zero padded past nc.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T>(bool transB, T* b, nint ldb, int depth0, int kc, int col0, int nc, int panelColumns, T* dst)
        where T : unmanaged, INumber<T>
    {
        for (int j = 0; j < nc; j += panelColumns, dst += (nint)panelColumns * kc)
        {
            int cols = Math.Min(panelColumns, nc - j);
            if (cols < panelColumns)
                new Span<T>(dst, panelColumns * kc).Clear();
            if (transB)
                // op(B)[p, c] = B[c, p]: a transposing copy, like non-transposed A.
                Gather(b + (nint)(col0 + j) * ldb + depth0, ldb, cols, kc, T.One, panelColumns, dst);
            else
            {
                // op(B)[p, c] = B[p, c]: every depth step is a contiguous copy of cols values.
                T* src = b + (nint)depth0 * ldb + col0 + j;
                nint bytes = (nint)cols * sizeof(T);
                for (int p = 0; p < kc; p++, src += ldb)
                    Buffer.MemoryCopy(src, dst + (nint)p * panelColumns, bytes, bytes);
            }
        }
    }

    /// <summary>dst[p · width + r] = scale · src[r · ld + p] for r &lt; count, p &lt; depth: packs
    /// count stored rows into a panel as its columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gather<T>(T* src, nint ld, int count, int depth, T scale, int width, T* dst)
        where T : unmanaged, INumber<T>
    {
        // Depth is cut into chunks so the destination lines every row writes into stay in L1;
        // within a chunk each source row is read as one contiguous run (whole cache lines, used
        // once), which also sidesteps the cache-set aliasing of power-of-two leading dimensions.
        const int Chunk = 64;
        bool scaled = scale != T.One;
        for (int p0 = 0; p0 < depth; p0 += Chunk)
        {
            int steps = Math.Min(Chunk, depth - p0);
            T* row = src + p0;
            T* column = dst + (nint)p0 * width;
            for (int r = 0; r < count; r++, row += ld, column++)
            {
                T* d = column;
                int p = 0;
                if (scaled)
                    for (; p < steps; p++, d += width)
                        *d = scale * row[p];
                else
                {
                    for (; p + 4 <= steps; p += 4, d += 4 * width)
                    {
                        T v0 = row[p], v1 = row[p + 1], v2 = row[p + 2], v3 = row[p + 3];
                        d[0] = v0;
                        d[width] = v1;
                        d[2 * width] = v2;
                        d[3 * width] = v3;
                    }
                    for (; p < steps; p++, d += width)
                        *d = row[p];
                }
            }
        }
    }
}
