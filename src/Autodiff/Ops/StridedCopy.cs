using System.Numerics;

namespace NeuralCore.Autodiff;

/// <summary>
/// N-d strided gather/scatter between a strided view and contiguous row-major memory: the one loop
/// behind dimshuffle, slicing, concatenation and their gradients.
/// </summary>
internal static class StridedCopy
{
    /// <summary>dst (contiguous, extents) = src[offset + sum(i_k * strides_k)].</summary>
    public static void Gather<T>(ReadOnlySpan<T> src, int offset, ReadOnlySpan<int> strides, ReadOnlySpan<int> extents, Span<T> dst)
    {
        int rank = extents.Length;
        if (dst.Length == 0) return;
        if (rank == 0) { dst[0] = src[offset]; return; }
        int inner = extents[rank - 1], innerStride = strides[rank - 1];
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int s = offset;
        for (int d = 0; d < dst.Length; d += inner)
        {
            if (innerStride == 1) src.Slice(s, inner).CopyTo(dst.Slice(d, inner));
            else for (int j = 0; j < inner; j++) dst[d + j] = src[s + j * innerStride];
            for (int i = rank - 2; i >= 0; i--)
            {
                s += strides[i];
                if (++index[i] < extents[i]) break;
                s -= strides[i] * extents[i];
                index[i] = 0;
            }
        }
    }

    /// <summary>dst[offset + sum(i_k * strides_k)] (+)= src (contiguous, extents).</summary>
    public static void Scatter<T>(ReadOnlySpan<T> src, Span<T> dst, int offset, ReadOnlySpan<int> strides, ReadOnlySpan<int> extents, bool accumulate)
        where T : INumber<T>
    {
        int rank = extents.Length;
        if (src.Length == 0) return;
        if (rank == 0)
        {
            dst[offset] = accumulate ? dst[offset] + src[0] : src[0];
            return;
        }
        int inner = extents[rank - 1], innerStride = strides[rank - 1];
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int s = offset;
        for (int d = 0; d < src.Length; d += inner)
        {
            if (accumulate) for (int j = 0; j < inner; j++) dst[s + j * innerStride] += src[d + j];
            else if (innerStride == 1) src.Slice(d, inner).CopyTo(dst.Slice(s, inner));
            else for (int j = 0; j < inner; j++) dst[s + j * innerStride] = src[d + j];
            for (int i = rank - 2; i >= 0; i--)
            {
                s += strides[i];
                if (++index[i] < extents[i]) break;
                s -= strides[i] * extents[i];
                index[i] = 0;
            }
        }
    }

    /// <summary>Row-major strides of <paramref name="dims"/> into <paramref name="strides"/>.</summary>
    public static void RowMajorStrides(ReadOnlySpan<int> dims, Span<int> strides)
    {
        int s = 1;
        for (int i = dims.Length - 1; i >= 0; i--) { strides[i] = s; s *= dims[i]; }
    }
}
