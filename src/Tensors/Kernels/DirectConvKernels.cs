using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

/// <summary>
/// Register-tiled micro-kernels of the direct convolution (<see cref="DirectConv2D"/>): each
/// computes a block of filters x consecutive "wide" output positions as a sum over filter taps
/// of broadcast weight times a shifted run of the padded input. Fully unrolled so the JIT keeps
/// every accumulator in a vector register (24 of them: AVX-512VL gives 32 ymm registers). With
/// <c>accumulate</c> the tile adds to what <c>dst</c> holds (a later block of taps).
/// </summary>
internal static unsafe class DirectConvKernels
{
    /// <summary>Wide output positions per tile.</summary>
    public const int TileWidth = 24;

    /// <summary>Filters per full tile.</summary>
    public const int TileFilters = 8;

    /// <summary>Wide output positions of the one-filter tile <see cref="Tile1x96"/>.</summary>
    public const int WideTileWidth = 96;

    /// <summary>8 filters x 24 positions. <paramref name="src"/> points at the padded input at the
    /// tile's first position, <paramref name="offsets"/>[k] is tap k's shift, <paramref name="w"/>
    /// holds the block's weights tap-major (8 per tap), <paramref name="dst"/> rows are
    /// <paramref name="ldDst"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile8(float* src, int* offsets, int taps, float* w, float* dst, int ldDst, bool accumulate)
    {
        Vector256<float> a00, a01, a02;
        Vector256<float> a10, a11, a12;
        Vector256<float> a20, a21, a22;
        Vector256<float> a30, a31, a32;
        Vector256<float> a40, a41, a42;
        Vector256<float> a50, a51, a52;
        Vector256<float> a60, a61, a62;
        Vector256<float> a70, a71, a72;
        if (accumulate)
        {
            a00 = Vector256.Load(dst + 0 * (nint)ldDst + 0); a01 = Vector256.Load(dst + 0 * (nint)ldDst + 8); a02 = Vector256.Load(dst + 0 * (nint)ldDst + 16);
            a10 = Vector256.Load(dst + 1 * (nint)ldDst + 0); a11 = Vector256.Load(dst + 1 * (nint)ldDst + 8); a12 = Vector256.Load(dst + 1 * (nint)ldDst + 16);
            a20 = Vector256.Load(dst + 2 * (nint)ldDst + 0); a21 = Vector256.Load(dst + 2 * (nint)ldDst + 8); a22 = Vector256.Load(dst + 2 * (nint)ldDst + 16);
            a30 = Vector256.Load(dst + 3 * (nint)ldDst + 0); a31 = Vector256.Load(dst + 3 * (nint)ldDst + 8); a32 = Vector256.Load(dst + 3 * (nint)ldDst + 16);
            a40 = Vector256.Load(dst + 4 * (nint)ldDst + 0); a41 = Vector256.Load(dst + 4 * (nint)ldDst + 8); a42 = Vector256.Load(dst + 4 * (nint)ldDst + 16);
            a50 = Vector256.Load(dst + 5 * (nint)ldDst + 0); a51 = Vector256.Load(dst + 5 * (nint)ldDst + 8); a52 = Vector256.Load(dst + 5 * (nint)ldDst + 16);
            a60 = Vector256.Load(dst + 6 * (nint)ldDst + 0); a61 = Vector256.Load(dst + 6 * (nint)ldDst + 8); a62 = Vector256.Load(dst + 6 * (nint)ldDst + 16);
            a70 = Vector256.Load(dst + 7 * (nint)ldDst + 0); a71 = Vector256.Load(dst + 7 * (nint)ldDst + 8); a72 = Vector256.Load(dst + 7 * (nint)ldDst + 16);
        }
        else
        {
            a00 = default; a01 = default; a02 = default;
            a10 = default; a11 = default; a12 = default;
            a20 = default; a21 = default; a22 = default;
            a30 = default; a31 = default; a32 = default;
            a40 = default; a41 = default; a42 = default;
            a50 = default; a51 = default; a52 = default;
            a60 = default; a61 = default; a62 = default;
            a70 = default; a71 = default; a72 = default;
        }
        for (int k = 0; k < taps; k++, w += 8)
        {
            float* s = src + offsets[k];
            Vector256<float> x0 = Vector256.Load(s), x1 = Vector256.Load(s + 8), x2 = Vector256.Load(s + 16);
            Vector256<float> b;
            b = Vector256.Create(w[0]); a00 = Vector256.MultiplyAddEstimate(b, x0, a00); a01 = Vector256.MultiplyAddEstimate(b, x1, a01); a02 = Vector256.MultiplyAddEstimate(b, x2, a02);
            b = Vector256.Create(w[1]); a10 = Vector256.MultiplyAddEstimate(b, x0, a10); a11 = Vector256.MultiplyAddEstimate(b, x1, a11); a12 = Vector256.MultiplyAddEstimate(b, x2, a12);
            b = Vector256.Create(w[2]); a20 = Vector256.MultiplyAddEstimate(b, x0, a20); a21 = Vector256.MultiplyAddEstimate(b, x1, a21); a22 = Vector256.MultiplyAddEstimate(b, x2, a22);
            b = Vector256.Create(w[3]); a30 = Vector256.MultiplyAddEstimate(b, x0, a30); a31 = Vector256.MultiplyAddEstimate(b, x1, a31); a32 = Vector256.MultiplyAddEstimate(b, x2, a32);
            b = Vector256.Create(w[4]); a40 = Vector256.MultiplyAddEstimate(b, x0, a40); a41 = Vector256.MultiplyAddEstimate(b, x1, a41); a42 = Vector256.MultiplyAddEstimate(b, x2, a42);
            b = Vector256.Create(w[5]); a50 = Vector256.MultiplyAddEstimate(b, x0, a50); a51 = Vector256.MultiplyAddEstimate(b, x1, a51); a52 = Vector256.MultiplyAddEstimate(b, x2, a52);
            b = Vector256.Create(w[6]); a60 = Vector256.MultiplyAddEstimate(b, x0, a60); a61 = Vector256.MultiplyAddEstimate(b, x1, a61); a62 = Vector256.MultiplyAddEstimate(b, x2, a62);
            b = Vector256.Create(w[7]); a70 = Vector256.MultiplyAddEstimate(b, x0, a70); a71 = Vector256.MultiplyAddEstimate(b, x1, a71); a72 = Vector256.MultiplyAddEstimate(b, x2, a72);
        }
        a00.Store(dst + 0 * (nint)ldDst + 0); a01.Store(dst + 0 * (nint)ldDst + 8); a02.Store(dst + 0 * (nint)ldDst + 16);
        a10.Store(dst + 1 * (nint)ldDst + 0); a11.Store(dst + 1 * (nint)ldDst + 8); a12.Store(dst + 1 * (nint)ldDst + 16);
        a20.Store(dst + 2 * (nint)ldDst + 0); a21.Store(dst + 2 * (nint)ldDst + 8); a22.Store(dst + 2 * (nint)ldDst + 16);
        a30.Store(dst + 3 * (nint)ldDst + 0); a31.Store(dst + 3 * (nint)ldDst + 8); a32.Store(dst + 3 * (nint)ldDst + 16);
        a40.Store(dst + 4 * (nint)ldDst + 0); a41.Store(dst + 4 * (nint)ldDst + 8); a42.Store(dst + 4 * (nint)ldDst + 16);
        a50.Store(dst + 5 * (nint)ldDst + 0); a51.Store(dst + 5 * (nint)ldDst + 8); a52.Store(dst + 5 * (nint)ldDst + 16);
        a60.Store(dst + 6 * (nint)ldDst + 0); a61.Store(dst + 6 * (nint)ldDst + 8); a62.Store(dst + 6 * (nint)ldDst + 16);
        a70.Store(dst + 7 * (nint)ldDst + 0); a71.Store(dst + 7 * (nint)ldDst + 8); a72.Store(dst + 7 * (nint)ldDst + 16);
    }

    /// <summary>One filter x 96 positions, for convolutions with fewer than 8 output channels (the
    /// input gradient of a one-channel layer); weights are one per tap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile1x96(float* src, int* offsets, int taps, float* w, float* dst, bool accumulate)
    {
        Vector256<float> a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11;
        if (accumulate)
        {
            a0 = Vector256.Load(dst + 0); a1 = Vector256.Load(dst + 8); a2 = Vector256.Load(dst + 16); a3 = Vector256.Load(dst + 24); a4 = Vector256.Load(dst + 32); a5 = Vector256.Load(dst + 40); a6 = Vector256.Load(dst + 48); a7 = Vector256.Load(dst + 56); a8 = Vector256.Load(dst + 64); a9 = Vector256.Load(dst + 72); a10 = Vector256.Load(dst + 80); a11 = Vector256.Load(dst + 88);
        }
        else
        {
            a0 = default; a1 = default; a2 = default; a3 = default; a4 = default; a5 = default; a6 = default; a7 = default; a8 = default; a9 = default; a10 = default; a11 = default;
        }
        for (int k = 0; k < taps; k++)
        {
            float* s = src + offsets[k];
            Vector256<float> b = Vector256.Create(w[k]);
            a0 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 0), a0);
            a1 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 8), a1);
            a2 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 16), a2);
            a3 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 24), a3);
            a4 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 32), a4);
            a5 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 40), a5);
            a6 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 48), a6);
            a7 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 56), a7);
            a8 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 64), a8);
            a9 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 72), a9);
            a10 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 80), a10);
            a11 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 88), a11);
        }
        a0.Store(dst + 0); a1.Store(dst + 8); a2.Store(dst + 16); a3.Store(dst + 24); a4.Store(dst + 32); a5.Store(dst + 40); a6.Store(dst + 48); a7.Store(dst + 56); a8.Store(dst + 64); a9.Store(dst + 72); a10.Store(dst + 80); a11.Store(dst + 88);
    }

    /// <summary>One filter x 24 positions: the remainder after <see cref="Tile1x96"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile1(float* src, int* offsets, int taps, float* w, float* dst, bool accumulate)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default;
        Vector256<float> c0 = default, c1 = default, c2 = default;
        if (accumulate)
        {
            a0 = Vector256.Load(dst);
            a1 = Vector256.Load(dst + 8);
            a2 = Vector256.Load(dst + 16);
        }
        int k = 0;
        // Two independent accumulator sets hide the FMA latency in this narrow tile.
        for (; k + 1 < taps; k += 2)
        {
            float* s = src + offsets[k];
            float* t = src + offsets[k + 1];
            Vector256<float> b = Vector256.Create(w[k]), d = Vector256.Create(w[k + 1]);
            a0 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s), a0);
            a1 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 8), a1);
            a2 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 16), a2);
            c0 = Vector256.MultiplyAddEstimate(d, Vector256.Load(t), c0);
            c1 = Vector256.MultiplyAddEstimate(d, Vector256.Load(t + 8), c1);
            c2 = Vector256.MultiplyAddEstimate(d, Vector256.Load(t + 16), c2);
        }
        if (k < taps)
        {
            float* s = src + offsets[k];
            Vector256<float> b = Vector256.Create(w[k]);
            a0 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s), a0);
            a1 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 8), a1);
            a2 = Vector256.MultiplyAddEstimate(b, Vector256.Load(s + 16), a2);
        }
        (a0 + c0).Store(dst);
        (a1 + c1).Store(dst + 8);
        (a2 + c2).Store(dst + 16);
    }
}
