using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralCore.Tensors;

namespace NeuralCore.Tensors.Tests;

/// <summary>The convolution kernels' strided transpose (16 x 16 register blocks plus scalar edges)
/// against a plain loop, for sizes around and across the block size and padded strides.</summary>
public unsafe class BlockTransposeTests
{
    [Property(MaxTest = 80)]
    public Property MatchesPlainLoop() => Prop.ForAll(
        Gen.Choose(1, 70).Two().ToArbitrary(),
        Gen.Choose(0, 5).Two().ToArbitrary(),
        (size, pad) =>
        {
            var (rows, columns) = size;
            int srcStride = columns + pad.Item1, dstStride = rows + pad.Item2;
            var src = new float[rows * srcStride];
            for (int i = 0; i < src.Length; i++) src[i] = i * 0.5f - 3;
            const float Untouched = -1234.5f;
            var dst = new float[columns * dstStride];
            Array.Fill(dst, Untouched);
            fixed (float* s = src, d = dst) BlockTranspose.Transpose(s, srcStride, rows, columns, d, dstStride);
            for (int c = 0; c < columns; c++)
                for (int r = 0; r < dstStride; r++)
                {
                    float expected = r < rows ? src[r * srcStride + c] : Untouched; // the stride padding is left alone
                    if (dst[c * dstStride + r] != expected) return false;
                }
            return true;
        });
}
