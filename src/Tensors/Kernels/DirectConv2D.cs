using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralCore.Tensors;

/// <summary>
/// Direct stride-1 convolution in single precision without im2col. Each image is copied into a
/// zero-padded scratch plane (width Wp); then output position (oy, ox) is computed at "wide" index
/// t = oy · Wp + ox, where every filter tap (c, i, j) reads the padded input at t + c·P + i·dh·Wp + j·dw:
/// a contiguous run, so the micro-kernels load vectors straight from the input. Wide positions
/// with ox ≥ OW are wasted work ((Wp − OW) / Wp of it) dropped when the result is compacted into
/// the output. The same wide layout serves the two gradients: the input gradient scatters
/// Wᵀ · gy back along the taps' shifts, the filter gradient correlates the wide output gradient
/// (zero in the wasted columns) with the shifted input. Multi-threaded over the batch (or over
/// channel blocks when the batch is smaller than the thread count); all buffers are per-thread
/// scratch.
/// </summary>
internal static unsafe class DirectConv2D
{
    /// <summary>True when the CPU runs the 256-bit FMA micro-kernels at speed.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>The sizes of one direct convolution: Cin planes of Hin x Win, padded by (PH, PW),
    /// correlated with Cout filters of KH x KW taps (dilation DH, DW) into OH x OW planes.</summary>
    internal readonly struct Plan
    {
        public readonly int N, Cin, Hin, Win, Cout, KH, KW, PH, PW, DH, DW, OH, OW;
        public readonly int Wp, Hp, Plane, Wide, WideRounded, PaddedLength;

        public Plan(int n, int cin, int hin, int win, int cout, int kh, int kw, int ph, int pw, int dh, int dw)
        {
            N = n; Cin = cin; Hin = hin; Win = win; Cout = cout; KH = kh; KW = kw; PH = ph; PW = pw; DH = dh; DW = dw;
            Hp = hin + 2 * ph;
            Wp = win + 2 * pw;
            OH = Hp - (kh - 1) * dh;
            OW = Wp - (kw - 1) * dw;
            // Channel planes start an odd number of cache lines apart: with power-of-two plane sizes
            // (32 x 32) every channel would map to the same L1 sets and the taps of one tile,
            // which read all channels, would evict each other.
            int lines = (Hp * Wp + 15) / 16;
            Plane = (lines | 1) * 16;
            Wide = OH * Wp;
            WideRounded = (Wide + DirectConvKernels.TileWidth - 1) / DirectConvKernels.TileWidth * DirectConvKernels.TileWidth;
            int maxShift = (kh - 1) * dh * Wp + (kw - 1) * dw;
            // Tiles past the last wide position read up to WideRounded + maxShift into the last channel.
            PaddedLength = Math.Max(cin * Plane, (cin - 1) * Plane + WideRounded + maxShift);
        }

        public int Taps => Cin * KH * KW;
    }

    /// <summary>The forward pass with the weights as stored in (F, C, KH, KW), rotated when the
    /// geometry says FlipFilters.</summary>
    public static void Forward(in ConvGeometry g, float[] input, int inOffset, float[] weights, int wOffset, float[] output, int outOffset)
    {
        var plan = new Plan(g.N, g.C, g.H, g.W, g.F, g.KH, g.KW, g.PH, g.PW, g.DH, g.DW);
        var packed = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.Weights, plan.Cout * plan.Taps);
        // Packed weight (co = f, k = (c, i, j)) = w[f, c, i, j], or the rotated tap when flipping.
        PackWeights(plan, packed, weights.AsSpan(wOffset, g.F * g.Taps), rotate: g.Flip);
        Run(plan, input, inOffset, packed, output, outOffset);
    }

    /// <summary>How a pass is shared among threads: whole images per worker when the batch has
    /// enough of them, else every worker takes all images and a share of the channel blocks (so a
    /// single image still uses every core).</summary>
    private readonly struct WorkSplit
    {
        private readonly int _images, _channels, _block;
        private readonly bool _byChannels;

        public WorkSplit(int images, int channels, int block)
        {
            _images = images;
            _channels = channels;
            _block = block;
            int blocks = (channels + block - 1) / block;
            int byImages = ConvSupport.Chunks(images), byChannels = ConvSupport.Workers(blocks);
            _byChannels = byChannels > byImages;
            Workers = Math.Max(byImages, byChannels);
        }

        public int Workers { get; }

        /// <summary>The most images any worker's share holds: per-thread scratch is sized for it, so a
        /// thread never has to grow its buffers when it later happens to claim a larger share.</summary>
        public int MaxImages => _byChannels ? _images : ConvSupport.LargestRange(_images, Workers);

        /// <summary>Worker <paramref name="worker"/>'s images [N0, N1) and channels [C0, C1); C0 is a
        /// multiple of the block size.</summary>
        public (int N0, int N1, int C0, int C1) Share(int worker)
        {
            if (!_byChannels)
                return (ConvSupport.RangeStart(_images, Workers, worker), ConvSupport.RangeStart(_images, Workers, worker + 1), 0, _channels);
            int blocks = (_channels + _block - 1) / _block;
            return (0, _images, Math.Min(_channels, ConvSupport.RangeStart(blocks, Workers, worker) * _block),
                Math.Min(_channels, ConvSupport.RangeStart(blocks, Workers, worker + 1) * _block));
        }
    }

    /// <summary>True when <paramref name="g"/> fits these kernels (all three passes): stride 1.</summary>
    public static bool Applies(in ConvGeometry g) => g.SH == 1 && g.SW == 1;

    /// <summary>The input gradient of a stride-1 convolution as Wᵀ · gy fused with the col2im
    /// scatter: for every filter tap, the weighted sum over filters of the wide output-gradient rows
    /// is added to the padded input gradient at the tap's shift. Exactly the multiply-adds of the
    /// forward pass, whatever the padding (a full correlation of the zero-padded gradient would
    /// also multiply the padding).</summary>
    public static void BackwardData(in ConvGeometry g, float[] gradOutput, int gOffset, float[] weights, int wOffset, float[] gradInput, int inOffset)
    {
        var plan = new Plan(g.N, g.C, g.H, g.W, g.F, g.KH, g.KW, g.PH, g.PW, g.DH, g.DW);
        int khw = g.KH * g.KW, full = g.C / DirectConvDataKernels.TileChannels * DirectConvDataKernels.TileChannels;
        var packed = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.Weights, g.F * g.Taps);
        var w = weights.AsSpan(wOffset, g.F * g.Taps);
        // Packed: per block of 8 channels, per tap, per filter the 8 channels' weights; then per
        // leftover channel, per tap, the filters' weights. Rotated taps when flipping.
        for (int f = 0; f < g.F; f++)
            for (int c = 0; c < g.C; c++)
                for (int tap = 0; tap < khw; tap++)
                {
                    int index = c < full
                        ? (((c / 8) * khw + tap) * g.F + f) * 8 + c % 8
                        : full * khw * g.F + ((c - full) * khw + tap) * g.F + f;
                    packed[index] = w[(f * g.C + c) * khw + (g.Flip ? khw - 1 - tap : tap)];
                }
        var split = new WorkSplit(plan.N, plan.Cin, DirectConvDataKernels.TileChannels);
        ConvSupport.Run(split.Workers, new BackwardDataWork(plan, split, gradOutput, gOffset, packed, gradInput, inOffset));
    }

    private readonly struct BackwardDataWork(Plan plan, WorkSplit split, float[] gradOutput, int gOffset, float[] packed, float[] gradInput, int inOffset) : IChunkWork
    {
        public void Run(int worker)
        {
            var (n0, n1, c0, c1) = split.Share(worker);
            if (n0 < n1 && c0 < c1) ScatterImages(plan, gradOutput, gOffset, packed, gradInput, inOffset, n0, n1, c0, c1);
        }
    }

    private static void ScatterImages(in Plan plan, float[] gradOutput, int gOffset, float[] packed, float[] gradInput, int inOffset,
        int n0, int n1, int c0, int c1)
    {
        int channels = plan.Cin, filters = plan.Cout, khw = plan.KH * plan.KW;
        int rowStride = plan.WideRounded, outPlane = plan.OH * plan.OW, inImage = channels * plan.Hin * plan.Win;
        var wideGrad = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.PaddedGradient, filters * rowStride);
        var padded = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.Padded, plan.PaddedLength);
        var shifts = ScratchBuffers<int>.Get(ScratchBuffers<int>.Slot.Columns, khw);
        for (int i = 0; i < plan.KH; i++)
            for (int j = 0; j < plan.KW; j++)
                shifts[i * plan.KW + j] = i * plan.DH * plan.Wp + j * plan.DW;
        // The wasted columns and the tail of the wide rows stay zero: only real columns are written.
        wideGrad.AsSpan(0, filters * rowStride).Clear();
        int full = channels / DirectConvDataKernels.TileChannels * DirectConvDataKernels.TileChannels;
        fixed (float* pGrad = wideGrad, pPadded = padded, pPacked = packed)
        {
            for (int n = n0; n < n1; n++)
            {
                var gy = gradOutput.AsSpan(gOffset + n * filters * outPlane, filters * outPlane);
                for (int f = 0; f < filters; f++)
                    for (int oy = 0; oy < plan.OH; oy++)
                        gy.Slice(f * outPlane + oy * plan.OW, plan.OW).CopyTo(wideGrad.AsSpan(f * rowStride + oy * plan.Wp, plan.OW));
                padded.AsSpan(0, plan.PaddedLength).Clear();
                for (int c = c0; c < Math.Min(c1, full); c += DirectConvDataKernels.TileChannels)
                    for (int tap = 0; tap < khw; tap++)
                    {
                        float* w = pPacked + ((nint)(c / 8) * khw + tap) * filters * 8;
                        float* dst = pPadded + (nint)c * plan.Plane + shifts[tap];
                        for (int t = 0; t < plan.Wide; t += DirectConvDataKernels.TileWidth)
                            DirectConvDataKernels.Tile8(pGrad + t, rowStride, filters, w, dst + t, plan.Plane);
                    }
                for (int c = Math.Max(c0, full); c < c1; c++)
                    for (int tap = 0; tap < khw; tap++)
                    {
                        float* w = pPacked + (nint)full * khw * filters + ((nint)(c - full) * khw + tap) * filters;
                        float* dst = pPadded + (nint)c * plan.Plane + shifts[tap];
                        int t = 0;
                        for (; t + DirectConvDataKernels.WideTileWidth <= rowStride; t += DirectConvDataKernels.WideTileWidth)
                            DirectConvDataKernels.Tile1x96(pGrad + t, rowStride, filters, w, dst + t);
                        for (; t < plan.Wide; t += DirectConvDataKernels.TileWidth)
                            DirectConvDataKernels.Tile1(pGrad + t, rowStride, filters, w, dst + t);
                    }
                // Keep the interior: gradient that landed on the padding belongs to no input.
                var dx = gradInput.AsSpan(inOffset + n * inImage, inImage);
                for (int c = c0; c < c1; c++)
                    for (int y = 0; y < plan.Hin; y++)
                        padded.AsSpan(c * plan.Plane + (y + plan.PH) * plan.Wp + plan.PW, plan.Win).CopyTo(dx.Slice((c * plan.Hin + y) * plan.Win, plan.Win));
            }
        }
    }

    /// <summary>How many partial filter gradients <see cref="BackwardFilter"/> writes.</summary>
    public static int FilterGradientWorkers(in ConvGeometry g) => new WorkSplit(g.N, g.F, DirectConvFilterKernels.TileFilters).Workers;

    /// <summary>The cross-correlation filter gradient, one (F, C·KH·KW) partial sum per worker in
    /// <paramref name="partials"/> (cleared by the caller), each over a contiguous range of images.
    /// Images are processed in cache-sized groups so that every register tile sums over the whole
    /// group before its one horizontal reduction.</summary>
    public static void BackwardFilter(ConvGeometry g, float[] input, int inOffset, float[] gradOutput, int gOffset, float[] partials)
    {
        var plan = new Plan(g.N, g.C, g.H, g.W, g.F, g.KH, g.KW, g.PH, g.PW, g.DH, g.DW);
        var split = new WorkSplit(plan.N, plan.Cout, DirectConvFilterKernels.TileFilters);
        ConvSupport.Run(split.Workers, new FilterGradientWork(plan, split, input, inOffset, gradOutput, gOffset, partials));
    }

    private readonly struct FilterGradientWork(Plan plan, WorkSplit split, float[] input, int inOffset, float[] gradOutput, int gOffset, float[] partials) : IChunkWork
    {
        public void Run(int worker)
        {
            var (n0, n1, f0, f1) = split.Share(worker);
            if (n0 < n1 && f0 < f1) FilterGradientImages(plan, input, inOffset, gradOutput, gOffset, partials, worker * plan.Cout * plan.Taps, n0, n1, f0, f1, split.MaxImages);
        }
    }

    private static void FilterGradientImages(in Plan plan, float[] input, int inOffset, float[] gradOutput, int gOffset,
        float[] partials, int partialOffset, int n0, int n1, int f0, int f1, int maxImages)
    {
        const int GroupBytes = 512 * 1024;
        int taps = plan.Taps, cout = plan.Cout;
        // Wide gradient rows, rounded up to whole vectors; the wasted columns and the tail stay zero.
        int rowStride = (plan.Wide + 7) / 8 * 8, gyImage = cout * rowStride;
        // Sized by the largest share, processed in groups of at most b = min(group, n1 − n) images.
        int group = Math.Clamp(GroupBytes / ((plan.PaddedLength + gyImage) * sizeof(float)), 1, maxImages);
        var padded = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.Padded, group * plan.PaddedLength);
        var wideGrad = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.PaddedGradient, group * gyImage);
        var offsets = ScratchBuffers<int>.Get(ScratchBuffers<int>.Slot.Columns, taps);
        FillOffsets(plan, offsets);
        padded.AsSpan(0, group * plan.PaddedLength).Clear();
        wideGrad.AsSpan(0, group * gyImage).Clear();
        int inImage = plan.Cin * plan.Hin * plan.Win, outPlane = plan.OH * plan.OW;
        int fullFilters = cout / DirectConvFilterKernels.TileFilters * DirectConvFilterKernels.TileFilters;
        int fullTaps = taps / DirectConvFilterKernels.TileTaps * DirectConvFilterKernels.TileTaps;
        fixed (float* pPadded = padded, pGrad = wideGrad, pPartials = partials)
        fixed (int* pOffsets = offsets)
        {
            float* dw = pPartials + partialOffset;
            for (int n = n0; n < n1; n += group)
            {
                int b = Math.Min(group, n1 - n);
                for (int image = 0; image < b; image++)
                {
                    CopyInterior(plan, input.AsSpan(inOffset + (n + image) * inImage, inImage), padded.AsSpan(image * plan.PaddedLength, plan.PaddedLength));
                    var gy = gradOutput.AsSpan(gOffset + (n + image) * cout * outPlane, cout * outPlane);
                    for (int f = f0; f < f1; f++)
                        for (int oy = 0; oy < plan.OH; oy++)
                            gy.Slice(f * outPlane + oy * plan.OW, plan.OW).CopyTo(wideGrad.AsSpan(image * gyImage + f * rowStride + oy * plan.Wp, plan.OW));
                }
                for (int f = f0; f < Math.Min(f1, fullFilters); f += DirectConvFilterKernels.TileFilters)
                {
                    float* gyRows = pGrad + (nint)f * rowStride;
                    for (int k = 0; k < fullTaps; k += DirectConvFilterKernels.TileTaps)
                        DirectConvFilterKernels.Tile4x6(gyRows, rowStride, gyImage, pPadded, plan.PaddedLength, b, pOffsets + k, rowStride, dw + (nint)f * taps + k, taps);
                    for (int k = fullTaps; k < taps; k++)
                        DirectConvFilterKernels.Tile4x1(gyRows, rowStride, gyImage, pPadded, plan.PaddedLength, b, pOffsets[k], rowStride, dw + (nint)f * taps + k, taps);
                }
                for (int f = Math.Max(f0, fullFilters); f < f1; f++)
                    for (int k = 0; k < taps; k++)
                        DirectConvFilterKernels.Tile1x1(pGrad + (nint)f * rowStride, gyImage, pPadded, plan.PaddedLength, b, pOffsets[k], rowStride, dw + (nint)f * taps + k);
            }
        }
    }

    /// <summary>Tap k = (c, i, j) reads the padded input shifted by c·P + i·dh·Wp + j·dw.</summary>
    internal static void FillOffsets(in Plan plan, int[] offsets) => FillOffsets(plan, offsets, plan.Plane);

    /// <summary>The same for channel planes <paramref name="plane"/> elements apart (an unpadded input read in place).</summary>
    internal static void FillOffsets(in Plan plan, int[] offsets, int plane)
    {
        for (int ci = 0; ci < plan.Cin; ci++)
            for (int i = 0; i < plan.KH; i++)
                for (int j = 0; j < plan.KW; j++)
                    offsets[(ci * plan.KH + i) * plan.KW + j] = ci * plane + i * plan.DH * plan.Wp + j * plan.DW;
    }

    /// <summary>Copies one image's planes into the interior of its zero-bordered padded planes.</summary>
    internal static void CopyInterior(in Plan plan, ReadOnlySpan<float> image, Span<float> padded)
    {
        for (int ci = 0; ci < plan.Cin; ci++)
            for (int y = 0; y < plan.Hin; y++)
                image.Slice((ci * plan.Hin + y) * plan.Win, plan.Win).CopyTo(padded.Slice(ci * plan.Plane + (y + plan.PH) * plan.Wp + plan.PW, plan.Win));
    }

    /// <summary>Lays the weights out as the micro-kernels read them: for each block of 8 output
    /// channels, tap-major with the 8 channels side by side; then each leftover channel's taps.
    /// The source is (Cout, Cin, KH, KW); <paramref name="rotate"/> reads every filter rotated by 180 degrees.</summary>
    private static void PackWeights(in Plan plan, float[] packed, ReadOnlySpan<float> weights, bool rotate)
    {
        int khw = plan.KH * plan.KW;
        int taps = plan.Taps, full = plan.Cout / DirectConvKernels.TileFilters * DirectConvKernels.TileFilters;
        for (int co = 0; co < plan.Cout; co++)
            for (int ci = 0; ci < plan.Cin; ci++)
                for (int i = 0; i < plan.KH; i++)
                    for (int j = 0; j < plan.KW; j++)
                    {
                        int k = (ci * plan.KH + i) * plan.KW + j;
                        int index = co < full
                            ? (co / 8 * taps + k) * 8 + co % 8
                            : full * taps + (co - full) * taps + k;
                        int tap = rotate ? (plan.KH - 1 - i) * plan.KW + plan.KW - 1 - j : i * plan.KW + j;
                        packed[index] = weights[(co * plan.Cin + ci) * khw + tap];
                    }
    }

    private static void Run(Plan plan, float[] input, int inOffset, float[] packed, float[] output, int outOffset)
    {
        var split = new WorkSplit(plan.N, plan.Cout, DirectConvKernels.TileFilters);
        ConvSupport.Run(split.Workers, new ForwardWork(plan, split, input, inOffset, packed, output, outOffset));
    }

    private readonly struct ForwardWork(Plan plan, WorkSplit split, float[] input, int inOffset, float[] packed, float[] output, int outOffset) : IChunkWork
    {
        public void Run(int worker)
        {
            var (n0, n1, c0, c1) = split.Share(worker);
            if (n0 < n1 && c0 < c1) RunImages(plan, input, inOffset, packed, output, outOffset, n0, n1, c0, c1);
        }
    }

    /// <summary>Filter taps summed per pass over the wide output (rounded to whole channels).</summary>
    private const int TapBlock = 128;

    private static void RunImages(in Plan plan, float[] input, int inOffset, float[] packed, float[] output, int outOffset,
        int n0, int n1, int c0, int c1)
    {
        var padded = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.Padded, plan.PaddedLength);
        var wide = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.Matrix, plan.Cout * plan.WideRounded);
        var offsets = ScratchBuffers<int>.Get(ScratchBuffers<int>.Slot.Columns, plan.Taps);
        FillOffsets(plan, offsets);
        // The borders and the tail stay zero across images: only the interior is rewritten.
        padded.AsSpan(0, plan.PaddedLength).Clear();
        int inImage = plan.Cin * plan.Hin * plan.Win, outPlane = plan.OH * plan.OW, outImage = plan.Cout * outPlane;
        int taps = plan.Taps, full = plan.Cout / DirectConvKernels.TileFilters * DirectConvKernels.TileFilters;
        int khw = plan.KH * plan.KW, tapBlock = Math.Max(1, TapBlock / khw) * khw;
        fixed (float* pPadded = padded, pWide = wide, pPacked = packed)
        fixed (int* pOffsets = offsets)
        {
            for (int n = n0; n < n1; n++)
            {
                CopyInterior(plan, input.AsSpan(inOffset + n * inImage, inImage), padded.AsSpan(0, plan.PaddedLength));
                // Blocks of whole channels' taps keep the input rows and weights a tile reads in L1;
                // every block after the first adds to the partial sums in the wide buffer.
                for (int k0 = 0; k0 < taps; k0 += tapBlock)
                {
                    int kc = Math.Min(tapBlock, taps - k0);
                    bool accumulate = k0 > 0;
                    for (int co = c0; co < Math.Min(c1, full); co += DirectConvKernels.TileFilters)
                    {
                        float* w = pPacked + (nint)co * taps + (nint)k0 * DirectConvKernels.TileFilters;
                        float* dst = pWide + (nint)co * plan.WideRounded;
                        for (int t = 0; t < plan.Wide; t += DirectConvKernels.TileWidth)
                            DirectConvKernels.Tile8(pPadded + t, pOffsets + k0, kc, w, dst + t, plan.WideRounded, accumulate);
                    }
                    for (int co = Math.Max(c0, full); co < c1; co++)
                    {
                        float* w = pPacked + (nint)co * taps + k0;
                        float* dst = pWide + (nint)co * plan.WideRounded;
                        int t = 0;
                        for (; t + DirectConvKernels.WideTileWidth <= plan.WideRounded; t += DirectConvKernels.WideTileWidth)
                            DirectConvKernels.Tile1x96(pPadded + t, pOffsets + k0, kc, w, dst + t, accumulate);
                        for (; t < plan.Wide; t += DirectConvKernels.TileWidth)
                            DirectConvKernels.Tile1(pPadded + t, pOffsets + k0, kc, w, dst + t, accumulate);
                    }
                }
                // Compact: keep the OW real columns of every wide row.
                var result = output.AsSpan(outOffset + n * outImage, outImage);
                for (int co = c0; co < c1; co++)
                    for (int oy = 0; oy < plan.OH; oy++)
                        wide.AsSpan(co * plan.WideRounded + oy * plan.Wp, plan.OW).CopyTo(result.Slice(co * outPlane + oy * plan.OW, plan.OW));
            }
        }
    }
}
