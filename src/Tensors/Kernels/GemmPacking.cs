using System.Numerics;

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
            {
                // op(A)[r, p] = A[r, p]: read each row contiguously, scatter with stride panelRows.
                for (int r = 0; r < rows; r++)
                {
                    T* src = a + (nint)(row0 + i + r) * lda + depth0;
                    T* d = dst + r;
                    for (int p = 0; p < kc; p++, d += panelRows)
                        *d = scale ? alpha * src[p] : src[p];
                }
            }
        }
    }

    /// <summary>
    /// Packs the kc x nc block of op(B) starting at (depth0, col0) into panels of
    /// <paramref name="panelColumns"/> columns: panel c holds, for each depth step p, the
    /// panelColumns values of that row, zero padded past nc.
    /// </summary>
    public static void PackB<T>(bool transB, T* b, nint ldb, int depth0, int kc, int col0, int nc, int panelColumns, T* dst)
        where T : unmanaged, INumber<T>
    {
        for (int j = 0; j < nc; j += panelColumns, dst += (nint)panelColumns * kc)
        {
            int cols = Math.Min(panelColumns, nc - j);
            if (cols < panelColumns)
                new Span<T>(dst, panelColumns * kc).Clear();
            if (transB)
            {
                // op(B)[p, c] = B[c, p]: read each stored row contiguously, scatter with stride panelColumns.
                for (int col = 0; col < cols; col++)
                {
                    T* src = b + (nint)(col0 + j + col) * ldb + depth0;
                    T* d = dst + col;
                    for (int p = 0; p < kc; p++, d += panelColumns)
                        *d = src[p];
                }
            }
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
}
