using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

/// <summary>
/// Register-tiled micro-kernels of the direct input gradient (<see cref="DirectConv2D"/>): for one
/// filter tap, dx[c, t + shift] += Σ_f w[f, c, tap] · gy[f, t] over a run of wide positions t,
/// i.e. the product Wᵀ · gy of im2col-based convolution fused with its col2im scatter, so that the
/// column matrix is never stored. gy is laid out in wide rows that are zero in the wasted columns.
/// </summary>
internal static unsafe class DirectConvDataKernels
{
    /// <summary>Input channels per full tile.</summary>
    public const int TileChannels = 8;

    /// <summary>Wide positions per tile.</summary>
    public const int TileWidth = 24;

    /// <summary>Wide positions of the one-channel tile <see cref="Tile1x96"/>.</summary>
    public const int WideTileWidth = 96;

    /// <summary>8 channels x 24 positions. <paramref name="gy"/>: the first filter's wide row at the
    /// tile's position (rows <paramref name="ldGy"/> apart); <paramref name="w"/>: for each filter
    /// the 8 channels' weights of this tap; <paramref name="dst"/>: the first channel's padded
    /// gradient at position + shift (planes <paramref name="plane"/> apart), added to.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile8(float* gy, int ldGy, int filters, float* w, float* dst, int plane)
    {
        Vector256<float> a00 = default, a01 = default, a02 = default;
        Vector256<float> a10 = default, a11 = default, a12 = default;
        Vector256<float> a20 = default, a21 = default, a22 = default;
        Vector256<float> a30 = default, a31 = default, a32 = default;
        Vector256<float> a40 = default, a41 = default, a42 = default;
        Vector256<float> a50 = default, a51 = default, a52 = default;
        Vector256<float> a60 = default, a61 = default, a62 = default;
        Vector256<float> a70 = default, a71 = default, a72 = default;
        for (int f = 0; f < filters; f++, gy += ldGy, w += 8)
        {
            Vector256<float> y0 = Vector256.Load(gy), y1 = Vector256.Load(gy + 8), y2 = Vector256.Load(gy + 16);
            Vector256<float> b;
            b = Vector256.Create(w[0]); a00 = Vector256.MultiplyAddEstimate(b, y0, a00); a01 = Vector256.MultiplyAddEstimate(b, y1, a01); a02 = Vector256.MultiplyAddEstimate(b, y2, a02);
            b = Vector256.Create(w[1]); a10 = Vector256.MultiplyAddEstimate(b, y0, a10); a11 = Vector256.MultiplyAddEstimate(b, y1, a11); a12 = Vector256.MultiplyAddEstimate(b, y2, a12);
            b = Vector256.Create(w[2]); a20 = Vector256.MultiplyAddEstimate(b, y0, a20); a21 = Vector256.MultiplyAddEstimate(b, y1, a21); a22 = Vector256.MultiplyAddEstimate(b, y2, a22);
            b = Vector256.Create(w[3]); a30 = Vector256.MultiplyAddEstimate(b, y0, a30); a31 = Vector256.MultiplyAddEstimate(b, y1, a31); a32 = Vector256.MultiplyAddEstimate(b, y2, a32);
            b = Vector256.Create(w[4]); a40 = Vector256.MultiplyAddEstimate(b, y0, a40); a41 = Vector256.MultiplyAddEstimate(b, y1, a41); a42 = Vector256.MultiplyAddEstimate(b, y2, a42);
            b = Vector256.Create(w[5]); a50 = Vector256.MultiplyAddEstimate(b, y0, a50); a51 = Vector256.MultiplyAddEstimate(b, y1, a51); a52 = Vector256.MultiplyAddEstimate(b, y2, a52);
            b = Vector256.Create(w[6]); a60 = Vector256.MultiplyAddEstimate(b, y0, a60); a61 = Vector256.MultiplyAddEstimate(b, y1, a61); a62 = Vector256.MultiplyAddEstimate(b, y2, a62);
            b = Vector256.Create(w[7]); a70 = Vector256.MultiplyAddEstimate(b, y0, a70); a71 = Vector256.MultiplyAddEstimate(b, y1, a71); a72 = Vector256.MultiplyAddEstimate(b, y2, a72);
        }
        float* d0 = dst + 0 * (nint)plane; (Vector256.Load(d0 + 0) + a00).Store(d0 + 0); (Vector256.Load(d0 + 8) + a01).Store(d0 + 8); (Vector256.Load(d0 + 16) + a02).Store(d0 + 16);
        float* d1 = dst + 1 * (nint)plane; (Vector256.Load(d1 + 0) + a10).Store(d1 + 0); (Vector256.Load(d1 + 8) + a11).Store(d1 + 8); (Vector256.Load(d1 + 16) + a12).Store(d1 + 16);
        float* d2 = dst + 2 * (nint)plane; (Vector256.Load(d2 + 0) + a20).Store(d2 + 0); (Vector256.Load(d2 + 8) + a21).Store(d2 + 8); (Vector256.Load(d2 + 16) + a22).Store(d2 + 16);
        float* d3 = dst + 3 * (nint)plane; (Vector256.Load(d3 + 0) + a30).Store(d3 + 0); (Vector256.Load(d3 + 8) + a31).Store(d3 + 8); (Vector256.Load(d3 + 16) + a32).Store(d3 + 16);
        float* d4 = dst + 4 * (nint)plane; (Vector256.Load(d4 + 0) + a40).Store(d4 + 0); (Vector256.Load(d4 + 8) + a41).Store(d4 + 8); (Vector256.Load(d4 + 16) + a42).Store(d4 + 16);
        float* d5 = dst + 5 * (nint)plane; (Vector256.Load(d5 + 0) + a50).Store(d5 + 0); (Vector256.Load(d5 + 8) + a51).Store(d5 + 8); (Vector256.Load(d5 + 16) + a52).Store(d5 + 16);
        float* d6 = dst + 6 * (nint)plane; (Vector256.Load(d6 + 0) + a60).Store(d6 + 0); (Vector256.Load(d6 + 8) + a61).Store(d6 + 8); (Vector256.Load(d6 + 16) + a62).Store(d6 + 16);
        float* d7 = dst + 7 * (nint)plane; (Vector256.Load(d7 + 0) + a70).Store(d7 + 0); (Vector256.Load(d7 + 8) + a71).Store(d7 + 8); (Vector256.Load(d7 + 16) + a72).Store(d7 + 16);
    }

    /// <summary>One channel x 96 positions (channels left over after the blocks of 8, e.g. the
    /// input gradient of a one-channel layer); weights are one per filter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile1x96(float* gy, int ldGy, int filters, float* w, float* dst)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default;
        for (int f = 0; f < filters; f++, gy += ldGy)
        {
            Vector256<float> b = Vector256.Create(w[f]);
            a0 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 0), a0);
            a1 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 8), a1);
            a2 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 16), a2);
            a3 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 24), a3);
            a4 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 32), a4);
            a5 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 40), a5);
            a6 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 48), a6);
            a7 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 56), a7);
            a8 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 64), a8);
            a9 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 72), a9);
            a10 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 80), a10);
            a11 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 88), a11);
        }
        (Vector256.Load(dst + 0) + a0).Store(dst + 0); (Vector256.Load(dst + 8) + a1).Store(dst + 8); (Vector256.Load(dst + 16) + a2).Store(dst + 16); (Vector256.Load(dst + 24) + a3).Store(dst + 24); (Vector256.Load(dst + 32) + a4).Store(dst + 32); (Vector256.Load(dst + 40) + a5).Store(dst + 40); (Vector256.Load(dst + 48) + a6).Store(dst + 48); (Vector256.Load(dst + 56) + a7).Store(dst + 56); (Vector256.Load(dst + 64) + a8).Store(dst + 64); (Vector256.Load(dst + 72) + a9).Store(dst + 72); (Vector256.Load(dst + 80) + a10).Store(dst + 80); (Vector256.Load(dst + 88) + a11).Store(dst + 88);
    }

    /// <summary>One channel x 24 positions: the remainder after <see cref="Tile1x96"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile1(float* gy, int ldGy, int filters, float* w, float* dst)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default;
        for (int f = 0; f < filters; f++, gy += ldGy)
        {
            Vector256<float> b = Vector256.Create(w[f]);
            a0 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy), a0);
            a1 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 8), a1);
            a2 = Vector256.MultiplyAddEstimate(b, Vector256.Load(gy + 16), a2);
        }
        (Vector256.Load(dst) + a0).Store(dst);
        (Vector256.Load(dst + 8) + a1).Store(dst + 8);
        (Vector256.Load(dst + 16) + a2).Store(dst + 16);
    }
}
