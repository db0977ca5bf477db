using System.Numerics;

namespace NeuralCore.Tensors;

/// <summary>Axis permutation (transpose/dimshuffle) as a copy into a destination tensor.</summary>
public static class Transposition
{
    /// <summary>The shape of <paramref name="shape"/> permuted by <paramref name="axes"/>.</summary>
    /// <exception cref="ArgumentException">When <paramref name="axes"/> is not a permutation of 0..Rank-1.</exception>
    public static Shape PermutedShape(Shape shape, ReadOnlySpan<int> axes)
    {
        if (axes.Length != shape.Rank)
            throw new ShapeMismatchException("permute", $"{axes.Length} axes given for shape {shape} of rank {shape.Rank}", shape);
        Span<bool> seen = stackalloc bool[axes.Length];
        var dims = new int[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            int a = axes[i];
            if ((uint)a >= (uint)axes.Length || seen[a])
                throw new ShapeMismatchException("permute", $"axes ({string.Join(", ", axes.ToArray())}) are not a permutation of the axes of shape {shape}", shape);
            seen[a] = true;
            dims[i] = shape[a];
        }
        return new Shape(dims);
    }

    /// <summary>Writes <paramref name="source"/> with axes permuted into <paramref name="destination"/>:
    /// destination axis i is source axis <paramref name="axes"/>[i].</summary>
    public static void Permute<T>(Tensor<T> source, ReadOnlySpan<int> axes, Tensor<T> destination) where T : unmanaged, INumber<T>
    {
        var expected = PermutedShape(source.Shape, axes);
        if (destination.Shape != expected)
            throw new ShapeMismatchException("permute", $"destination shape {destination.Shape} should be {expected}", source.Shape, destination.Shape);
        int rank = axes.Length;
        var src = source.AsReadOnlySpan();
        var dst = destination.AsSpan();
        if (rank == 0 || src.Length == 0) { src.CopyTo(dst); return; }

        // Source strides reordered to destination axis order; then walk the destination row-major.
        var srcStrides = source.Shape.Strides();
        Span<int> stride = stackalloc int[rank];
        Span<int> extent = stackalloc int[rank];
        for (int i = 0; i < rank; i++) { stride[i] = srcStrides[axes[i]]; extent[i] = expected[i]; }

        if (rank == 2 || (rank >= 2 && IsTrailing2DTranspose(axes)))
        {
            // Blocked 2-D transpose over the last two axes, for every leading index.
            int rows = extent[rank - 2], cols = extent[rank - 1];
            int outer = dst.Length / (rows * cols);
            Span<int> idx = stackalloc int[Math.Max(rank - 2, 1)];
            idx.Clear();
            for (int o = 0; o < outer; o++)
            {
                int srcBase = 0;
                for (int i = 0; i < rank - 2; i++) srcBase += idx[i] * stride[i];
                Transpose2D(src[srcBase..], stride[rank - 2], stride[rank - 1], dst.Slice(o * rows * cols, rows * cols), rows, cols);
                for (int i = rank - 3; i >= 0; i--) { if (++idx[i] < extent[i]) break; idx[i] = 0; }
            }
            return;
        }

        Span<int> index = stackalloc int[rank];
        index.Clear();
        int srcOffset = 0;
        int inner = extent[rank - 1], innerStride = stride[rank - 1];
        for (int d = 0; d < dst.Length; d += inner)
        {
            for (int j = 0; j < inner; j++) dst[d + j] = src[srcOffset + j * innerStride];
            for (int i = rank - 2; i >= 0; i--)
            {
                srcOffset += stride[i];
                if (++index[i] < extent[i]) break;
                srcOffset -= stride[i] * extent[i];
                index[i] = 0;
            }
        }
    }

    private static bool IsTrailing2DTranspose(ReadOnlySpan<int> axes)
    {
        int r = axes.Length;
        for (int i = 0; i < r - 2; i++) if (axes[i] != i) return false;
        return axes[r - 2] == r - 1 && axes[r - 1] == r - 2;
    }

    private static void Transpose2D<T>(ReadOnlySpan<T> src, int rowStride, int colStride, Span<T> dst, int rows, int cols)
    {
        const int Block = 32;
        for (int i0 = 0; i0 < rows; i0 += Block)
        {
            int i1 = Math.Min(rows, i0 + Block);
            for (int j0 = 0; j0 < cols; j0 += Block)
            {
                int j1 = Math.Min(cols, j0 + Block);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++)
                        dst[i * cols + j] = src[i * rowStride + j * colStride];
            }
        }
    }
}
