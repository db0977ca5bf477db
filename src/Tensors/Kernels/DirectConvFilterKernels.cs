using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

/// <summary>
/// Register-tiled micro-kernels of the direct filter gradient (<see cref="DirectConv2D"/>):
/// dW[f, k] += Σ over images and wide positions t of gy[f, t] · x[t + shift(k)], where gy is the
/// output gradient laid out in wide rows (zero in the wasted columns) and x the padded input. Each
/// accumulator is a vector of partial sums over t, reduced once per group of images.
/// </summary>
internal static unsafe class DirectConvFilterKernels
{
    /// <summary>Filters per full tile.</summary>
    public const int TileFilters = 4;

    /// <summary>Filter taps per full tile.</summary>
    public const int TileTaps = 6;

    /// <summary>4 filters x 6 taps. <paramref name="gy"/>: the first filter's wide gradient row of
    /// the first image (rows <paramref name="ldGy"/> apart, images <paramref name="gyImage"/> apart);
    /// <paramref name="x"/>: the first padded image (images <paramref name="xImage"/> apart);
    /// <paramref name="offsets"/>: the 6 taps' shifts; <paramref name="length"/>: wide positions,
    /// a multiple of 8; <paramref name="dw"/>: the tile's corner in dW, rows <paramref name="ldW"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile4x6(float* gy, int ldGy, int gyImage, float* x, int xImage, int images, int* offsets, int length, float* dw, int ldW)
    {
        Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default, a04 = default, a05 = default;
        Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
        Vector256<float> a20 = default, a21 = default, a22 = default, a23 = default, a24 = default, a25 = default;
        Vector256<float> a30 = default, a31 = default, a32 = default, a33 = default, a34 = default, a35 = default;
        nint o0 = offsets[0], o1 = offsets[1], o2 = offsets[2], o3 = offsets[3], o4 = offsets[4], o5 = offsets[5];
        for (int image = 0; image < images; image++, gy += gyImage, x += xImage)
        {
            float* g0 = gy, g1 = gy + ldGy, g2 = gy + 2 * ldGy, g3 = gy + 3 * ldGy;
            for (int t = 0; t < length; t += 8)
            {
                Vector256<float> y0 = Vector256.Load(g0 + t), y1 = Vector256.Load(g1 + t), y2 = Vector256.Load(g2 + t), y3 = Vector256.Load(g3 + t);
                float* s = x + t;
                Vector256<float> v;
                v = Vector256.Load(s + o0); a00 = Vector256.MultiplyAddEstimate(y0, v, a00); a10 = Vector256.MultiplyAddEstimate(y1, v, a10); a20 = Vector256.MultiplyAddEstimate(y2, v, a20); a30 = Vector256.MultiplyAddEstimate(y3, v, a30);
                v = Vector256.Load(s + o1); a01 = Vector256.MultiplyAddEstimate(y0, v, a01); a11 = Vector256.MultiplyAddEstimate(y1, v, a11); a21 = Vector256.MultiplyAddEstimate(y2, v, a21); a31 = Vector256.MultiplyAddEstimate(y3, v, a31);
                v = Vector256.Load(s + o2); a02 = Vector256.MultiplyAddEstimate(y0, v, a02); a12 = Vector256.MultiplyAddEstimate(y1, v, a12); a22 = Vector256.MultiplyAddEstimate(y2, v, a22); a32 = Vector256.MultiplyAddEstimate(y3, v, a32);
                v = Vector256.Load(s + o3); a03 = Vector256.MultiplyAddEstimate(y0, v, a03); a13 = Vector256.MultiplyAddEstimate(y1, v, a13); a23 = Vector256.MultiplyAddEstimate(y2, v, a23); a33 = Vector256.MultiplyAddEstimate(y3, v, a33);
                v = Vector256.Load(s + o4); a04 = Vector256.MultiplyAddEstimate(y0, v, a04); a14 = Vector256.MultiplyAddEstimate(y1, v, a14); a24 = Vector256.MultiplyAddEstimate(y2, v, a24); a34 = Vector256.MultiplyAddEstimate(y3, v, a34);
                v = Vector256.Load(s + o5); a05 = Vector256.MultiplyAddEstimate(y0, v, a05); a15 = Vector256.MultiplyAddEstimate(y1, v, a15); a25 = Vector256.MultiplyAddEstimate(y2, v, a25); a35 = Vector256.MultiplyAddEstimate(y3, v, a35);
            }
        }
        dw[0 * (nint)ldW + 0] += Vector256.Sum(a00); dw[0 * (nint)ldW + 1] += Vector256.Sum(a01); dw[0 * (nint)ldW + 2] += Vector256.Sum(a02); dw[0 * (nint)ldW + 3] += Vector256.Sum(a03); dw[0 * (nint)ldW + 4] += Vector256.Sum(a04); dw[0 * (nint)ldW + 5] += Vector256.Sum(a05);
        dw[1 * (nint)ldW + 0] += Vector256.Sum(a10); dw[1 * (nint)ldW + 1] += Vector256.Sum(a11); dw[1 * (nint)ldW + 2] += Vector256.Sum(a12); dw[1 * (nint)ldW + 3] += Vector256.Sum(a13); dw[1 * (nint)ldW + 4] += Vector256.Sum(a14); dw[1 * (nint)ldW + 5] += Vector256.Sum(a15);
        dw[2 * (nint)ldW + 0] += Vector256.Sum(a20); dw[2 * (nint)ldW + 1] += Vector256.Sum(a21); dw[2 * (nint)ldW + 2] += Vector256.Sum(a22); dw[2 * (nint)ldW + 3] += Vector256.Sum(a23); dw[2 * (nint)ldW + 4] += Vector256.Sum(a24); dw[2 * (nint)ldW + 5] += Vector256.Sum(a25);
        dw[3 * (nint)ldW + 0] += Vector256.Sum(a30); dw[3 * (nint)ldW + 1] += Vector256.Sum(a31); dw[3 * (nint)ldW + 2] += Vector256.Sum(a32); dw[3 * (nint)ldW + 3] += Vector256.Sum(a33); dw[3 * (nint)ldW + 4] += Vector256.Sum(a34); dw[3 * (nint)ldW + 5] += Vector256.Sum(a35);
    }

    /// <summary>4 filters x 1 tap (taps left over after the blocks of 6); arguments as
    /// <see cref="Tile4x6"/> with one offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile4x1(float* gy, int ldGy, int gyImage, float* x, int xImage, int images, nint offset, int length, float* dw, int ldW)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int image = 0; image < images; image++, gy += gyImage, x += xImage)
        {
            float* s = x + offset;
            for (int t = 0; t < length; t += 8)
            {
                Vector256<float> v = Vector256.Load(s + t);
                a0 = Vector256.MultiplyAddEstimate(Vector256.Load(gy + t), v, a0);
                a1 = Vector256.MultiplyAddEstimate(Vector256.Load(gy + ldGy + t), v, a1);
                a2 = Vector256.MultiplyAddEstimate(Vector256.Load(gy + 2 * ldGy + t), v, a2);
                a3 = Vector256.MultiplyAddEstimate(Vector256.Load(gy + 3 * ldGy + t), v, a3);
            }
        }
        dw[0] += Vector256.Sum(a0);
        dw[ldW] += Vector256.Sum(a1);
        dw[2 * (nint)ldW] += Vector256.Sum(a2);
        dw[3 * (nint)ldW] += Vector256.Sum(a3);
    }

    /// <summary>1 filter x 1 tap (filters left over after the blocks of 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile1x1(float* gy, int gyImage, float* x, int xImage, int images, nint offset, int length, float* dw)
    {
        Vector256<float> a0 = default, a1 = default;
        for (int image = 0; image < images; image++, gy += gyImage, x += xImage)
        {
            float* s = x + offset;
            int t = 0;
            for (; t + 16 <= length; t += 16)
            {
                a0 = Vector256.MultiplyAddEstimate(Vector256.Load(gy + t), Vector256.Load(s + t), a0);
                a1 = Vector256.MultiplyAddEstimate(Vector256.Load(gy + t + 8), Vector256.Load(s + t + 8), a1);
            }
            if (t < length)
                a0 = Vector256.MultiplyAddEstimate(Vector256.Load(gy + t), Vector256.Load(s + t), a0);
        }
        dw[0] += Vector256.Sum(a0 + a1);
    }
}
