using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

/// <summary>A compile-time count of output positions per tile: the JIT specialises a kernel for each
/// struct and drops the accumulators it does not use, so one source serves every row remainder.</summary>
internal interface IPositionCount
{
    /// <summary>Positions per tile, 1..12.</summary>
    static abstract int Value { get; }
}

#pragma warning disable CS1591 // the counts are self-describing
internal struct P1 : IPositionCount { public static int Value => 1; }
internal struct P2 : IPositionCount { public static int Value => 2; }
internal struct P3 : IPositionCount { public static int Value => 3; }
internal struct P4 : IPositionCount { public static int Value => 4; }
internal struct P5 : IPositionCount { public static int Value => 5; }
internal struct P6 : IPositionCount { public static int Value => 6; }
internal struct P7 : IPositionCount { public static int Value => 7; }
internal struct P8 : IPositionCount { public static int Value => 8; }
internal struct P9 : IPositionCount { public static int Value => 9; }
internal struct P10 : IPositionCount { public static int Value => 10; }
internal struct P11 : IPositionCount { public static int Value => 11; }
internal struct P12 : IPositionCount { public static int Value => 12; }
#pragma warning restore CS1591

/// <summary>
/// Micro-kernels of <see cref="FilterLaneConv2D"/>: filters in the vector lanes (16 per zmm), output
/// positions of one row in the tile, one broadcast input value per position and tap. Unlike the
/// wide-row kernels of <see cref="DirectConvKernels"/>, only real output positions are computed.
/// Up to 24 zmm accumulators stay in registers (AVX-512 has 32).
/// </summary>
internal static unsafe class FilterLaneConvKernels
{
    /// <summary>Most positions per tile.</summary>
    public const int MaxPositions = 12;

    /// <summary>32 filters (one block of <paramref name="w"/>'s columns) x TP.Value consecutive
    /// output positions of one row: for every tap k, broadcast the input at <paramref name="src"/> +
    /// offsets[k] + p and multiply by that tap's filter vector. Writes position p's filters at dst + p·ldDst, or adds them to
    /// what is there with <paramref name="accumulate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile32<TP>(float* src, int* offsets, int taps, float* w, nint wStride, float* dst, nint ldDst, bool accumulate)
        where TP : struct, IPositionCount
    {
        Vector512<float> a0l = default, a0h = default;
        Vector512<float> a1l = default, a1h = default;
        Vector512<float> a2l = default, a2h = default;
        Vector512<float> a3l = default, a3h = default;
        Vector512<float> a4l = default, a4h = default;
        Vector512<float> a5l = default, a5h = default;
        Vector512<float> a6l = default, a6h = default;
        Vector512<float> a7l = default, a7h = default;
        Vector512<float> a8l = default, a8h = default;
        Vector512<float> a9l = default, a9h = default;
        Vector512<float> a10l = default, a10h = default;
        Vector512<float> a11l = default, a11h = default;
        for (int k = 0; k < taps; k++, w += wStride)
        {
            float* s = src + offsets[k];
            Vector512<float> wl = Vector512.Load(w); Vector512<float> wh = Vector512.Load(w + 16);
            Vector512<float> x;
            x = Vector512.Create(s[0]); a0l = Vector512.MultiplyAddEstimate(x, wl, a0l); a0h = Vector512.MultiplyAddEstimate(x, wh, a0h);
            if (TP.Value > 1) { x = Vector512.Create(s[1]); a1l = Vector512.MultiplyAddEstimate(x, wl, a1l); a1h = Vector512.MultiplyAddEstimate(x, wh, a1h); }
            if (TP.Value > 2) { x = Vector512.Create(s[2]); a2l = Vector512.MultiplyAddEstimate(x, wl, a2l); a2h = Vector512.MultiplyAddEstimate(x, wh, a2h); }
            if (TP.Value > 3) { x = Vector512.Create(s[3]); a3l = Vector512.MultiplyAddEstimate(x, wl, a3l); a3h = Vector512.MultiplyAddEstimate(x, wh, a3h); }
            if (TP.Value > 4) { x = Vector512.Create(s[4]); a4l = Vector512.MultiplyAddEstimate(x, wl, a4l); a4h = Vector512.MultiplyAddEstimate(x, wh, a4h); }
            if (TP.Value > 5) { x = Vector512.Create(s[5]); a5l = Vector512.MultiplyAddEstimate(x, wl, a5l); a5h = Vector512.MultiplyAddEstimate(x, wh, a5h); }
            if (TP.Value > 6) { x = Vector512.Create(s[6]); a6l = Vector512.MultiplyAddEstimate(x, wl, a6l); a6h = Vector512.MultiplyAddEstimate(x, wh, a6h); }
            if (TP.Value > 7) { x = Vector512.Create(s[7]); a7l = Vector512.MultiplyAddEstimate(x, wl, a7l); a7h = Vector512.MultiplyAddEstimate(x, wh, a7h); }
            if (TP.Value > 8) { x = Vector512.Create(s[8]); a8l = Vector512.MultiplyAddEstimate(x, wl, a8l); a8h = Vector512.MultiplyAddEstimate(x, wh, a8h); }
            if (TP.Value > 9) { x = Vector512.Create(s[9]); a9l = Vector512.MultiplyAddEstimate(x, wl, a9l); a9h = Vector512.MultiplyAddEstimate(x, wh, a9h); }
            if (TP.Value > 10) { x = Vector512.Create(s[10]); a10l = Vector512.MultiplyAddEstimate(x, wl, a10l); a10h = Vector512.MultiplyAddEstimate(x, wh, a10h); }
            if (TP.Value > 11) { x = Vector512.Create(s[11]); a11l = Vector512.MultiplyAddEstimate(x, wl, a11l); a11h = Vector512.MultiplyAddEstimate(x, wh, a11h); }
        }
        if (accumulate)
        {
            a0l += Vector512.Load(dst + 0 * ldDst); a0h += Vector512.Load(dst + 0 * ldDst + 16);
            if (TP.Value > 1) { a1l += Vector512.Load(dst + 1 * ldDst); a1h += Vector512.Load(dst + 1 * ldDst + 16); }
            if (TP.Value > 2) { a2l += Vector512.Load(dst + 2 * ldDst); a2h += Vector512.Load(dst + 2 * ldDst + 16); }
            if (TP.Value > 3) { a3l += Vector512.Load(dst + 3 * ldDst); a3h += Vector512.Load(dst + 3 * ldDst + 16); }
            if (TP.Value > 4) { a4l += Vector512.Load(dst + 4 * ldDst); a4h += Vector512.Load(dst + 4 * ldDst + 16); }
            if (TP.Value > 5) { a5l += Vector512.Load(dst + 5 * ldDst); a5h += Vector512.Load(dst + 5 * ldDst + 16); }
            if (TP.Value > 6) { a6l += Vector512.Load(dst + 6 * ldDst); a6h += Vector512.Load(dst + 6 * ldDst + 16); }
            if (TP.Value > 7) { a7l += Vector512.Load(dst + 7 * ldDst); a7h += Vector512.Load(dst + 7 * ldDst + 16); }
            if (TP.Value > 8) { a8l += Vector512.Load(dst + 8 * ldDst); a8h += Vector512.Load(dst + 8 * ldDst + 16); }
            if (TP.Value > 9) { a9l += Vector512.Load(dst + 9 * ldDst); a9h += Vector512.Load(dst + 9 * ldDst + 16); }
            if (TP.Value > 10) { a10l += Vector512.Load(dst + 10 * ldDst); a10h += Vector512.Load(dst + 10 * ldDst + 16); }
            if (TP.Value > 11) { a11l += Vector512.Load(dst + 11 * ldDst); a11h += Vector512.Load(dst + 11 * ldDst + 16); }
        }
        a0l.Store(dst + 0 * ldDst); a0h.Store(dst + 0 * ldDst + 16);
        if (TP.Value > 1) { a1l.Store(dst + 1 * ldDst); a1h.Store(dst + 1 * ldDst + 16); }
        if (TP.Value > 2) { a2l.Store(dst + 2 * ldDst); a2h.Store(dst + 2 * ldDst + 16); }
        if (TP.Value > 3) { a3l.Store(dst + 3 * ldDst); a3h.Store(dst + 3 * ldDst + 16); }
        if (TP.Value > 4) { a4l.Store(dst + 4 * ldDst); a4h.Store(dst + 4 * ldDst + 16); }
        if (TP.Value > 5) { a5l.Store(dst + 5 * ldDst); a5h.Store(dst + 5 * ldDst + 16); }
        if (TP.Value > 6) { a6l.Store(dst + 6 * ldDst); a6h.Store(dst + 6 * ldDst + 16); }
        if (TP.Value > 7) { a7l.Store(dst + 7 * ldDst); a7h.Store(dst + 7 * ldDst + 16); }
        if (TP.Value > 8) { a8l.Store(dst + 8 * ldDst); a8h.Store(dst + 8 * ldDst + 16); }
        if (TP.Value > 9) { a9l.Store(dst + 9 * ldDst); a9h.Store(dst + 9 * ldDst + 16); }
        if (TP.Value > 10) { a10l.Store(dst + 10 * ldDst); a10h.Store(dst + 10 * ldDst + 16); }
        if (TP.Value > 11) { a11l.Store(dst + 11 * ldDst); a11h.Store(dst + 11 * ldDst + 16); }
    }

    /// <summary>16 filters (one block of <paramref name="w"/>'s columns) x TP.Value consecutive
    /// output positions of one row: for every tap k, broadcast the input at <paramref name="src"/> +
    /// offsets[k] + p and multiply by that tap's filter vector. Writes position p's filters at dst + p·ldDst, or adds them to
    /// what is there with <paramref name="accumulate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile16<TP>(float* src, int* offsets, int taps, float* w, nint wStride, float* dst, nint ldDst, bool accumulate)
        where TP : struct, IPositionCount
    {
        Vector512<float> a0l = default;
        Vector512<float> a1l = default;
        Vector512<float> a2l = default;
        Vector512<float> a3l = default;
        Vector512<float> a4l = default;
        Vector512<float> a5l = default;
        Vector512<float> a6l = default;
        Vector512<float> a7l = default;
        Vector512<float> a8l = default;
        Vector512<float> a9l = default;
        Vector512<float> a10l = default;
        Vector512<float> a11l = default;
        for (int k = 0; k < taps; k++, w += wStride)
        {
            float* s = src + offsets[k];
            Vector512<float> wl = Vector512.Load(w);
            Vector512<float> x;
            x = Vector512.Create(s[0]); a0l = Vector512.MultiplyAddEstimate(x, wl, a0l);
            if (TP.Value > 1) { x = Vector512.Create(s[1]); a1l = Vector512.MultiplyAddEstimate(x, wl, a1l); }
            if (TP.Value > 2) { x = Vector512.Create(s[2]); a2l = Vector512.MultiplyAddEstimate(x, wl, a2l); }
            if (TP.Value > 3) { x = Vector512.Create(s[3]); a3l = Vector512.MultiplyAddEstimate(x, wl, a3l); }
            if (TP.Value > 4) { x = Vector512.Create(s[4]); a4l = Vector512.MultiplyAddEstimate(x, wl, a4l); }
            if (TP.Value > 5) { x = Vector512.Create(s[5]); a5l = Vector512.MultiplyAddEstimate(x, wl, a5l); }
            if (TP.Value > 6) { x = Vector512.Create(s[6]); a6l = Vector512.MultiplyAddEstimate(x, wl, a6l); }
            if (TP.Value > 7) { x = Vector512.Create(s[7]); a7l = Vector512.MultiplyAddEstimate(x, wl, a7l); }
            if (TP.Value > 8) { x = Vector512.Create(s[8]); a8l = Vector512.MultiplyAddEstimate(x, wl, a8l); }
            if (TP.Value > 9) { x = Vector512.Create(s[9]); a9l = Vector512.MultiplyAddEstimate(x, wl, a9l); }
            if (TP.Value > 10) { x = Vector512.Create(s[10]); a10l = Vector512.MultiplyAddEstimate(x, wl, a10l); }
            if (TP.Value > 11) { x = Vector512.Create(s[11]); a11l = Vector512.MultiplyAddEstimate(x, wl, a11l); }
        }
        if (accumulate)
        {
            a0l += Vector512.Load(dst + 0 * ldDst);
            if (TP.Value > 1) { a1l += Vector512.Load(dst + 1 * ldDst); }
            if (TP.Value > 2) { a2l += Vector512.Load(dst + 2 * ldDst); }
            if (TP.Value > 3) { a3l += Vector512.Load(dst + 3 * ldDst); }
            if (TP.Value > 4) { a4l += Vector512.Load(dst + 4 * ldDst); }
            if (TP.Value > 5) { a5l += Vector512.Load(dst + 5 * ldDst); }
            if (TP.Value > 6) { a6l += Vector512.Load(dst + 6 * ldDst); }
            if (TP.Value > 7) { a7l += Vector512.Load(dst + 7 * ldDst); }
            if (TP.Value > 8) { a8l += Vector512.Load(dst + 8 * ldDst); }
            if (TP.Value > 9) { a9l += Vector512.Load(dst + 9 * ldDst); }
            if (TP.Value > 10) { a10l += Vector512.Load(dst + 10 * ldDst); }
            if (TP.Value > 11) { a11l += Vector512.Load(dst + 11 * ldDst); }
        }
        a0l.Store(dst + 0 * ldDst);
        if (TP.Value > 1) { a1l.Store(dst + 1 * ldDst); }
        if (TP.Value > 2) { a2l.Store(dst + 2 * ldDst); }
        if (TP.Value > 3) { a3l.Store(dst + 3 * ldDst); }
        if (TP.Value > 4) { a4l.Store(dst + 4 * ldDst); }
        if (TP.Value > 5) { a5l.Store(dst + 5 * ldDst); }
        if (TP.Value > 6) { a6l.Store(dst + 6 * ldDst); }
        if (TP.Value > 7) { a7l.Store(dst + 7 * ldDst); }
        if (TP.Value > 8) { a8l.Store(dst + 8 * ldDst); }
        if (TP.Value > 9) { a9l.Store(dst + 9 * ldDst); }
        if (TP.Value > 10) { a10l.Store(dst + 10 * ldDst); }
        if (TP.Value > 11) { a11l.Store(dst + 11 * ldDst); }
    }
}
