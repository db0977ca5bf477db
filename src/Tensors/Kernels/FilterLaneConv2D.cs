using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

/// <summary>
/// Direct stride-1 convolution in single precision with the filters (or, for the input gradient, the
/// channels) in the vector lanes (16 per zmm, blocks of 32 or 16) and output positions in the
/// register tile (up to 12 of one output row). Each tap broadcasts one padded-input value per
/// position and multiplies it by the tap's filter vector, so only real output positions are
/// computed: the wide-row kernels of <see cref="DirectConv2D"/> also compute (KW − 1) wasted columns
/// per row, a third of the work for 5x5 filters on 12x12 inputs. Tile results are position-major
/// ([position][filter]); one transpose per image puts them into NCHW. Forward pass, input gradient
/// (a scatter along the taps' shifts) and filter gradient (a row of KW taps per tile, summed over
/// the positions) for layers with a multiple of 16 filters or channels and several of the other
/// (the many-tap layers where the arithmetic dominates). All buffers are per-thread scratch.
/// </summary>
internal static unsafe class FilterLaneConv2D
{
    /// <summary>True when the CPU runs 512-bit vectors at speed.</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    /// <summary>Forward: stride 1, a multiple of 16 filters, at least 4 input channels, and wide rows
    /// that waste at least a tenth of the work or an unpadded input read in place. Per-core CPU time
    /// (2026-11-24): b500 32->32 5x5 on 12x12 16.6 ms vs 24.0 ms for the wide-row kernel, b128 32->32
    /// 3x3 on 10x10 1.92 vs 2.48 ms (1.34 ms once read in place); b128 16->16 3x3 on 26x26, read in
    /// place, 1.56 vs 1.90 ms on 2 threads; but b500 1->32 5x5 on 28x28 (one channel: 25 taps per
    /// tile) 13.7 vs 8.4 ms.</summary>
    public static bool Applies(in ConvGeometry g)
        => IsSupported && g.SH == 1 && g.SW == 1 && g.F % 16 == 0 && g.C >= 4 && (WastesWideColumns(g) || IsUnpaddedOddPlane(g));

    /// <summary>Input gradient: the same with the roles of filters and channels swapped (channels in
    /// the lanes, a multiple of 16 of them); b128 16->16 3x3 on 26x26 1.68 vs 2.2 ms on 2 threads.</summary>
    public static bool AppliesToBackwardData(in ConvGeometry g)
        => IsSupported && g.SH == 1 && g.SW == 1 && g.C % 16 == 0 && g.F >= 4 && (WastesWideColumns(g) || IsUnpaddedOddPlane(g));

    /// <summary>Filter gradient: a multiple of 16 filters, at least 4 channels, undilated rows of at
    /// most 12 taps, and wasted wide columns as for the forward pass.</summary>
    public static bool AppliesToBackwardFilter(in ConvGeometry g)
        => IsSupported && g.SH == 1 && g.SW == 1 && g.DW == 1 && g.KW <= FilterLaneConvKernels.MaxPositions && g.F % 16 == 0 && g.C >= 4 && WastesWideColumns(g);

    /// <summary>Number of partial filter gradients <see cref="BackwardFilter"/> writes.</summary>
    public static int FilterGradientWorkers(in ConvGeometry g) => ConvSupport.Chunks(g.N);

    /// <summary>
    /// The cross-correlation filter gradient, one (F, C·KH·KW) partial sum per worker in
    /// <paramref name="partials"/> (cleared by the caller), each over a contiguous range of images.
    /// Filters in the lanes: for every row of taps (c, i) — KW consecutive input columns — and every
    /// real output position q, the tap's input value is broadcast and multiplied by the position's
    /// output-gradient vector (gy transposed to position-major), summed over the worker's images.
    /// </summary>
    public static void BackwardFilter(ConvGeometry g, float[] input, int inOffset, float[] gradOutput, int gOffset, float[] partials)
    {
        var plan = new DirectConv2D.Plan(g.N, g.C, g.H, g.W, g.F, g.KH, g.KW, g.PH, g.PW, g.DH, g.DW);
        int workers = FilterGradientWorkers(g);
        ConvSupport.Run(workers, new FilterGradientWork(plan, input, inOffset, gradOutput, gOffset, partials, workers));
    }

    private readonly struct FilterGradientWork(DirectConv2D.Plan plan, float[] input, int inOffset, float[] gradOutput, int gOffset, float[] partials, int workers) : IChunkWork
    {
        public void Run(int worker)
        {
            int n0 = ConvSupport.RangeStart(plan.N, workers, worker), n1 = ConvSupport.RangeStart(plan.N, workers, worker + 1);
            if (n0 < n1) FilterGradientImages(plan, input, inOffset, gradOutput, gOffset, partials, worker * plan.Cout * plan.Taps, n0, n1);
        }
    }

    private static void FilterGradientImages(in DirectConv2D.Plan plan, float[] input, int inOffset, float[] gradOutput, int gOffset,
        float[] partials, int partialOffset, int n0, int n1)
    {
        int filters = plan.Cout, taps = plan.Taps, outPlane = plan.OH * plan.OW, inImage = plan.Cin * plan.Hin * plan.Win;
        bool inPlace = ReadsInPlace(plan);
        int plane = inPlace ? plan.Hin * plan.Win : plan.Plane;
        var padded = inPlace ? null : ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.Padded, plan.PaddedLength);
        var gyT = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.PaddedGradient, outPlane * filters);
        var sums = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.Matrix, taps * filters);
        var offsets = ScratchBuffers<int>.Get(ScratchBuffers<int>.Slot.Columns, outPlane);
        // Position q = (oy, ox) reads the padded input at oy·Wp + ox (plus the tap row's shift).
        for (int oy = 0; oy < plan.OH; oy++)
            for (int ox = 0; ox < plan.OW; ox++)
                offsets[oy * plan.OW + ox] = oy * plan.Wp + ox;
        padded?.AsSpan(0, plan.PaddedLength).Clear();
        fixed (float* pPadded = padded, pInput = input, pGyT = gyT, pSums = sums, pGrad = gradOutput, pPartials = partials)
        fixed (int* pOffsets = offsets)
        {
            for (int n = n0; n < n1; n++)
            {
                float* image = pInput + inOffset + (nint)n * inImage;
                if (!inPlace) DirectConv2D.CopyInterior(plan, new ReadOnlySpan<float>(image, inImage), padded.AsSpan(0, plan.PaddedLength));
                float* planes = inPlace ? image : pPadded;
                // gy (F, OH·OW) -> position-major (OH·OW, F).
                BlockTranspose.Transpose(pGrad + gOffset + (nint)n * filters * outPlane, outPlane, filters, outPlane, pGyT, filters);
                bool accumulate = n > n0;
                for (int c = 0; c < plan.Cin; c++)
                    for (int i = 0; i < plan.KH; i++)
                    {
                        float* row = planes + (nint)c * plane + i * plan.DH * plan.Wp;
                        float* dst = pSums + (nint)((c * plan.KH + i) * plan.KW) * filters;
                        for (int f = 0; f < filters; f += 32)
                            Tile(plan.KW, f + 32 <= filters, row, pOffsets, outPlane, pGyT + f, filters, dst + f, filters, accumulate);
                    }
            }
            // Tap-major sums (taps, F) -> the (F, taps) partial.
            BlockTranspose.Transpose(pSums, filters, taps, filters, pPartials + partialOffset, taps);
        }
    }

    /// <summary>True when the kernels read an image's planes where they are instead of copying them into
    /// zero-bordered, cache-line-padded planes: without padding the rows are the same, and the copy cost
    /// a tenth of a 3x3 layer's time on 10x10 inputs. Planes of an even number of cache lines are still
    /// copied: with power-of-two planes (32 x 32) every channel would map to the same L1 sets.</summary>
    private static bool ReadsInPlace(in DirectConv2D.Plan plan) => IsUnpaddedOddPlane(plan.PH, plan.PW, plan.Hin, plan.Win);

    /// <summary>Unpadded input planes that are not an even number of cache lines: the forward pass then
    /// reads the input in place (<see cref="ReadsInPlace(in DirectConv2D.Plan)"/>), and the input gradient
    /// leaves its result with one transpose per image; either makes filter lanes pay on rows that waste
    /// too little for <see cref="WastesWideColumns"/>.</summary>
    private static bool IsUnpaddedOddPlane(in ConvGeometry g) => IsUnpaddedOddPlane(g.PH, g.PW, g.H, g.W);

    private static bool IsUnpaddedOddPlane(int padH, int padW, int height, int width) => padH == 0 && padW == 0 && height * width % 32 != 0;

    private static bool WastesWideColumns(in ConvGeometry g) => 10 * (g.KW - 1) * g.DW >= g.W + 2 * g.PW;

    /// <summary>The forward pass with the weights as stored in (F, C, KH, KW), rotated when the
    /// geometry says FlipFilters.</summary>
    public static void Forward(ConvGeometry g, float[] input, int inOffset, float[] weights, int wOffset, float[] output, int outOffset)
    {
        var plan = new DirectConv2D.Plan(g.N, g.C, g.H, g.W, g.F, g.KH, g.KW, g.PH, g.PW, g.DH, g.DW);
        int taps = plan.Taps, khw = g.KH * g.KW;
        var packed = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.Weights, taps * g.F);
        // packed[k · F + f] = w[f, c, tap], k = (c, i, j); the rotated tap when flipping.
        var w = weights.AsSpan(wOffset, g.F * taps);
        for (int f = 0; f < g.F; f++)
            for (int c = 0; c < g.C; c++)
                for (int tap = 0; tap < khw; tap++)
                    packed[(c * khw + tap) * g.F + f] = w[(f * g.C + c) * khw + (g.Flip ? khw - 1 - tap : tap)];
        int workers = ConvSupport.Chunks(g.N);
        ConvSupport.Run(workers, new ForwardWork(plan, input, inOffset, packed, output, outOffset, workers));
    }

    private readonly struct ForwardWork(DirectConv2D.Plan plan, float[] input, int inOffset, float[] packed, float[] output, int outOffset, int workers) : IChunkWork
    {
        public void Run(int worker)
        {
            int n0 = ConvSupport.RangeStart(plan.N, workers, worker), n1 = ConvSupport.RangeStart(plan.N, workers, worker + 1);
            if (n0 < n1) RunImages(plan, input, inOffset, packed, output, outOffset, n0, n1);
        }
    }

    /// <summary>
    /// The input gradient as a scatter with exact multiply-adds: for every tap (i, j) and tile of
    /// output-gradient positions, the channel vectors Σ_f w[f, c, tap] · gy[f, position] are added
    /// to the padded, position-major input gradient at the tap's shift; one transpose per image keeps
    /// the interior (gradient landing on padding belongs to no input).
    /// </summary>
    public static void BackwardData(ConvGeometry g, float[] gradOutput, int gOffset, float[] weights, int wOffset, float[] gradInput, int inOffset)
    {
        var plan = new DirectConv2D.Plan(g.N, g.C, g.H, g.W, g.F, g.KH, g.KW, g.PH, g.PW, g.DH, g.DW);
        int khw = g.KH * g.KW;
        var packed = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.Weights, khw * g.F * g.C);
        // packed[(tap · F + f) · C + c] = w[f, c, tap]; the rotated tap when flipping.
        var w = weights.AsSpan(wOffset, g.F * g.Taps);
        for (int f = 0; f < g.F; f++)
            for (int c = 0; c < g.C; c++)
                for (int tap = 0; tap < khw; tap++)
                    packed[(tap * g.F + f) * g.C + c] = w[(f * g.C + c) * khw + (g.Flip ? khw - 1 - tap : tap)];
        int workers = ConvSupport.Chunks(g.N);
        ConvSupport.Run(workers, new BackwardDataWork(plan, gradOutput, gOffset, packed, gradInput, inOffset, workers));
    }

    private readonly struct BackwardDataWork(DirectConv2D.Plan plan, float[] gradOutput, int gOffset, float[] packed, float[] gradInput, int inOffset, int workers) : IChunkWork
    {
        public void Run(int worker)
        {
            int n0 = ConvSupport.RangeStart(plan.N, workers, worker), n1 = ConvSupport.RangeStart(plan.N, workers, worker + 1);
            if (n0 < n1) ScatterImages(plan, gradOutput, gOffset, packed, gradInput, inOffset, n0, n1);
        }
    }

    private static void ScatterImages(in DirectConv2D.Plan plan, float[] gradOutput, int gOffset, float[] packed, float[] gradInput, int inOffset, int n0, int n1)
    {
        int channels = plan.Cin, filters = plan.Cout, outPlane = plan.OH * plan.OW, inPlane = plan.Hin * plan.Win;
        int paddedPositions = plan.Hp * plan.Wp;
        var positions = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.Padded, paddedPositions * channels);
        var filterOffsets = ScratchBuffers<int>.Get(ScratchBuffers<int>.Slot.Columns, filters);
        for (int f = 0; f < filters; f++) filterOffsets[f] = f * outPlane;
        int tilesPerRow = (plan.OW + FilterLaneConvKernels.MaxPositions - 1) / FilterLaneConvKernels.MaxPositions;
        fixed (float* pPositions = positions, pPacked = packed, pGrad = gradOutput, pInput = gradInput)
        fixed (int* pFilterOffsets = filterOffsets)
        {
            for (int n = n0; n < n1; n++)
            {
                new Span<float>(pPositions, paddedPositions * channels).Clear();
                float* gy = pGrad + gOffset + (nint)n * filters * outPlane;
                for (int i = 0; i < plan.KH; i++)
                    for (int j = 0; j < plan.KW; j++)
                    {
                        float* w = pPacked + (nint)(i * plan.KW + j) * filters * channels;
                        for (int c = 0; c < channels; c += 32)
                        {
                            bool pair = c + 32 <= channels;
                            for (int oy = 0; oy < plan.OH; oy++)
                                for (int tile = 0; tile < tilesPerRow; tile++)
                                {
                                    int ox0 = ConvSupport.RangeStart(plan.OW, tilesPerRow, tile), count = ConvSupport.RangeStart(plan.OW, tilesPerRow, tile + 1) - ox0;
                                    // Output (oy, ox) takes input (padded coordinates) (oy + i·dh, ox + j·dw).
                                    float* dst = pPositions + ((nint)(oy + i * plan.DH) * plan.Wp + ox0 + j * plan.DW) * channels + c;
                                    Tile(count, pair, gy + oy * plan.OW + ox0, pFilterOffsets, filters, w + c, channels, dst, channels, accumulate: true);
                                }
                        }
                    }
                // Position-major padded gradient -> the interior of the NCHW input gradient.
                float* dx = pInput + inOffset + (nint)n * channels * inPlane;
                if (plan.PW == 0)
                    // The interior rows are adjacent: one transpose of all Hin·Win positions (rows of fewer
                    // than 16 positions would miss the vector blocks).
                    BlockTranspose.Transpose(pPositions + (nint)plan.PH * plan.Wp * channels, channels, inPlane, channels, dx, inPlane);
                else
                    for (int y = 0; y < plan.Hin; y++)
                        BlockTranspose.Transpose(pPositions + ((nint)(y + plan.PH) * plan.Wp + plan.PW) * channels, channels, plan.Win, channels, dx + y * plan.Win, inPlane);
            }
        }
    }

    private static void RunImages(in DirectConv2D.Plan plan, float[] input, int inOffset, float[] packed, float[] output, int outOffset, int n0, int n1)
    {
        int filters = plan.Cout, outPlane = plan.OH * plan.OW, inImage = plan.Cin * plan.Hin * plan.Win, outImage = filters * outPlane;
        bool inPlace = ReadsInPlace(plan);
        var padded = inPlace ? null : ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.Padded, plan.PaddedLength);
        var positions = ScratchBuffers<float>.Get(ScratchBuffers<float>.Slot.Matrix, outImage);
        var offsets = ScratchBuffers<int>.Get(ScratchBuffers<int>.Slot.Columns, plan.Taps);
        DirectConv2D.FillOffsets(plan, offsets, inPlace ? plan.Hin * plan.Win : plan.Plane);
        // The borders stay zero across images: only the interior is rewritten.
        padded?.AsSpan(0, plan.PaddedLength).Clear();
        // Row tiles of nearly equal size (26 = 9 + 9 + 8, not 12 + 12 + 2): few-position tiles are latency-bound.
        int tilesPerRow = (plan.OW + FilterLaneConvKernels.MaxPositions - 1) / FilterLaneConvKernels.MaxPositions;
        fixed (float* pPadded = padded, pInput = input, pPositions = positions, pPacked = packed, pOutput = output)
        fixed (int* pOffsets = offsets)
        {
            for (int n = n0; n < n1; n++)
            {
                float* image = pInput + inOffset + (nint)n * inImage;
                if (!inPlace) DirectConv2D.CopyInterior(plan, new ReadOnlySpan<float>(image, inImage), padded.AsSpan(0, plan.PaddedLength));
                float* rows = inPlace ? image : pPadded;
                for (int f = 0; f < filters; f += 32)
                {
                    bool pair = f + 32 <= filters;
                    for (int oy = 0; oy < plan.OH; oy++)
                        for (int tile = 0; tile < tilesPerRow; tile++)
                        {
                            int ox0 = ConvSupport.RangeStart(plan.OW, tilesPerRow, tile), count = ConvSupport.RangeStart(plan.OW, tilesPerRow, tile + 1) - ox0;
                            float* src = rows + oy * plan.Wp + ox0;
                            float* dst = pPositions + (nint)(oy * plan.OW + ox0) * filters + f;
                            Tile(count, pair, src, pOffsets, plan.Taps, pPacked + f, filters, dst, filters);
                        }
                }
                BlockTranspose.Transpose(pPositions, filters, outPlane, filters, pOutput + outOffset + (nint)n * outImage, outPlane);
            }
        }
    }

    private static void Tile(int count, bool pair, float* src, int* offsets, int taps, float* w, nint wStride, float* dst, nint ldDst, bool accumulate = false)
    {
        if (pair)
            switch (count)
            {
                case 1: FilterLaneConvKernels.Tile32<P1>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 2: FilterLaneConvKernels.Tile32<P2>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 3: FilterLaneConvKernels.Tile32<P3>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 4: FilterLaneConvKernels.Tile32<P4>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 5: FilterLaneConvKernels.Tile32<P5>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 6: FilterLaneConvKernels.Tile32<P6>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 7: FilterLaneConvKernels.Tile32<P7>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 8: FilterLaneConvKernels.Tile32<P8>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 9: FilterLaneConvKernels.Tile32<P9>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 10: FilterLaneConvKernels.Tile32<P10>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 11: FilterLaneConvKernels.Tile32<P11>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                default: FilterLaneConvKernels.Tile32<P12>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
            }
        else
            switch (count)
            {
                case 1: FilterLaneConvKernels.Tile16<P1>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 2: FilterLaneConvKernels.Tile16<P2>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 3: FilterLaneConvKernels.Tile16<P3>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 4: FilterLaneConvKernels.Tile16<P4>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 5: FilterLaneConvKernels.Tile16<P5>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 6: FilterLaneConvKernels.Tile16<P6>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 7: FilterLaneConvKernels.Tile16<P7>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 8: FilterLaneConvKernels.Tile16<P8>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 9: FilterLaneConvKernels.Tile16<P9>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 10: FilterLaneConvKernels.Tile16<P10>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                case 11: FilterLaneConvKernels.Tile16<P11>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
                default: FilterLaneConvKernels.Tile16<P12>(src, offsets, taps, w, wStride, dst, ldDst, accumulate); break;
            }
    }
}
