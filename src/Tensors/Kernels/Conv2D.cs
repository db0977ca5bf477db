using System.Numerics;

namespace NeuralCore.Tensors;

/// <summary>
/// 2-D convolution over NCHW tensors with weights (filters, channels, rows, columns): the forward
/// pass here, the two gradients in <c>Conv2DBackward.cs</c>. Without
/// <see cref="Conv2DOptions.FlipFilters"/> it computes the cross-correlation
/// <c>out[n, f, y, x] = Σ in[n, c, y·sh + i·dh − ph, x·sw + j·dw − pw] · w[f, c, i, j]</c>
/// (zero outside the input); with it, <c>w[f, c, KH−1−i, KW−1−j]</c> (a true convolution, as
/// Lasagne's default). Float and double; the batch is split over <see cref="Parallelism.MaxThreads"/>
/// threads and scratch memory is per thread and reused, so calls allocate nothing large after warm-up.
/// </summary>
public static partial class Conv2D
{
    internal const string ForwardOp = "conv2d";

    /// <summary>The output shape (N, F, OH, OW) with OH = (H + 2·PadH − ((KH − 1)·DilationH + 1)) / StrideH + 1
    /// (and likewise OW).</summary>
    /// <exception cref="ShapeMismatchException">When a rank is not 4, the channel counts differ, or
    /// the filter is larger than the padded input.</exception>
    /// <exception cref="ArgumentException">When a stride or dilation is below 1 or a padding is negative.</exception>
    public static Shape OutputShape(Shape input, Shape weights, Conv2DOptions o)
        => ConvGeometry.Create(ForwardOp, input, weights, o).OutputShape;

    /// <summary>The convolution of <paramref name="input"/> (N, C, H, W) with
    /// <paramref name="weights"/> (F, C, KH, KW), in a new (N, F, OH, OW) tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes do not fit (see <see cref="OutputShape"/>).</exception>
    public static Tensor<T> Forward<T>(Tensor<T> input, Tensor<T> weights, Conv2DOptions o) where T : unmanaged, INumber<T>
    {
        var g = ConvGeometry.Create(ForwardOp, input.Shape, weights.Shape, o);
        var result = new Tensor<T>(g.OutputShape);
        ForwardCore(g, input, weights, result, ConvAlgorithm.Auto);
        return result;
    }

    /// <summary>The convolution written into <paramref name="result"/>, which must have the
    /// output shape and must not share storage with the operands.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes do not fit.</exception>
    public static void Forward<T>(Tensor<T> input, Tensor<T> weights, Conv2DOptions o, Tensor<T> result) where T : unmanaged, INumber<T>
        => Forward(input, weights, o, result, ConvAlgorithm.Auto);

    /// <summary>The forward pass with a forced algorithm (tests compare the algorithms).</summary>
    internal static void Forward<T>(Tensor<T> input, Tensor<T> weights, Conv2DOptions o, Tensor<T> result, ConvAlgorithm algorithm)
        where T : unmanaged, INumber<T>
    {
        var g = ConvGeometry.Create(ForwardOp, input.Shape, weights.Shape, o);
        ConvSupport.CheckResult(ForwardOp, result, g.N, g.F, g.OH, g.OW, input, weights);
        ForwardCore(g, input, weights, result, algorithm);
    }

    private static void ForwardCore<T>(in ConvGeometry g, Tensor<T> input, Tensor<T> weights, Tensor<T> result, ConvAlgorithm algorithm)
        where T : unmanaged, INumber<T>
    {
        ConvSupport.RequireFloatingPoint<T>(ForwardOp);
        if (result.Length == 0) return;
        if (g.C == 0)
        {
            result.Fill(T.Zero);
            return;
        }
        if (typeof(T) == typeof(float) && FilterLaneConv2D.Applies(g) && algorithm is ConvAlgorithm.Auto or ConvAlgorithm.FilterLanes)
        {
            FilterLaneConv2D.Forward(g, (float[])(object)input.Array, input.Offset, (float[])(object)weights.Array, weights.Offset,
                (float[])(object)result.Array, result.Offset);
            return;
        }
        if (UseDirect<T>(algorithm, DirectConv2D.Applies(g)))
        {
            DirectConv2D.Forward(g, (float[])(object)input.Array, input.Offset, (float[])(object)weights.Array, weights.Offset,
                (float[])(object)result.Array, result.Offset);
            return;
        }
        var (w, wOffset) = OrientedWeights(g, weights);
        Im2ColForward(g, input.Array, input.Offset, w, wOffset, result.Array, result.Offset);
    }

    /// <summary>Whether the direct kernel runs: it must apply (float, a capable CPU, stride 1) and
    /// not be overruled. Under Auto it is chosen whenever it applies: on every CNN sample shape it
    /// measured faster than im2col + GEMM for all three passes (docs/BENCHMARKS.md), most of all
    /// where im2col is wasteful (one input channel, 3x3 filters).</summary>
    private static bool UseDirect<T>(ConvAlgorithm algorithm, bool applicable)
        => typeof(T) == typeof(float) && DirectConv2D.IsSupported && applicable && algorithm != ConvAlgorithm.Im2ColGemm;

    /// <summary>The weights as the kernels use them (cross-correlation orientation): the stored
    /// array itself, or a flipped copy in the calling thread's scratch when FlipFilters is set.</summary>
    private static (T[] Array, int Offset) OrientedWeights<T>(in ConvGeometry g, Tensor<T> weights) where T : unmanaged, INumber<T>
    {
        if (!g.Flip) return (weights.Array, weights.Offset);
        var w = ScratchBuffers<T>.Get(ScratchBuffers<T>.Slot.Weights, weights.Length);
        var span = w.AsSpan(0, weights.Length);
        weights.AsReadOnlySpan().CopyTo(span);
        FlipPlanes(span, g.KH * g.KW);
        return (w, 0);
    }

    /// <summary>Rotates every KH x KW plane by 180 degrees; for row-major planes that is reversing
    /// each plane's elements.</summary>
    internal static void FlipPlanes<T>(Span<T> planes, int planeSize)
    {
        for (int p = 0; p + planeSize <= planes.Length; p += planeSize)
            planes.Slice(p, planeSize).Reverse();
    }

    /// <summary>How many images one GEMM covers: enough output columns for the GEMM to run at
    /// speed, while the column matrix stays cache-sized.</summary>
    internal static int GroupSize<T>(in ConvGeometry g, int imagesPerWorker)
    {
        const int TargetColumns = 256;
        const long MaxColumnBytes = 1L << 20;
        int group = Math.Max(1, (TargetColumns + g.OutPlane - 1) / g.OutPlane);
        long bytesPerImage = (long)g.Taps * g.OutPlane * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        group = (int)Math.Min(group, Math.Max(1, MaxColumnBytes / Math.Max(1, bytesPerImage)));
        return Math.Max(1, Math.Min(group, imagesPerWorker));
    }

    /// <summary>True when the input planes already are the column matrix (1x1 filter, stride 1,
    /// no padding), so im2col can be skipped.</summary>
    private static bool IsPointwise(in ConvGeometry g)
        => g.KH == 1 && g.KW == 1 && g.SH == 1 && g.SW == 1 && g.PH == 0 && g.PW == 0;

    private static void Im2ColForward<T>(ConvGeometry g, T[] input, int inOffset, T[] w, int wOffset, T[] output, int outOffset)
        where T : unmanaged, INumber<T>
    {
        int workers = ConvSupport.Workers(g.N);
        ConvSupport.Run(workers, new ForwardWork<T>(g, input, inOffset, w, wOffset, output, outOffset, workers));
    }

    private readonly struct ForwardWork<T>(ConvGeometry g, T[] input, int inOffset, T[] w, int wOffset, T[] output, int outOffset, int workers) : IChunkWork
        where T : unmanaged, INumber<T>
    {
        public void Run(int worker)
        {
            int n0 = ConvSupport.RangeStart(g.N, workers, worker), n1 = ConvSupport.RangeStart(g.N, workers, worker + 1);
            if (n0 < n1) ForwardImages(g, input, inOffset, w, wOffset, output, outOffset, workers, n0, n1);
        }
    }

    private static void ForwardImages<T>(in ConvGeometry g, T[] input, int inOffset, T[] w, int wOffset, T[] output, int outOffset, int workers, int n0, int n1)
        where T : unmanaged, INumber<T>
    {
        int plane = g.OutPlane, taps = g.Taps, inImage = g.C * g.InPlane, outImage = g.F * plane;
        int group = GroupSize<T>(g, ConvSupport.LargestRange(g.N, workers));
        bool pointwise = IsPointwise(g);
        var cols = pointwise ? null : ScratchBuffers<T>.Get(ScratchBuffers<T>.Slot.Columns, taps * group * plane);
        var tmp = group > 1 ? ScratchBuffers<T>.Get(ScratchBuffers<T>.Slot.Matrix, g.F * group * plane) : null;
        ReadOnlySpan<T> weights = w.AsSpan(wOffset, g.F * taps);
        for (int n = n0; n < n1; n += group)
        {
            int b = Math.Min(group, n1 - n), ld = b * plane;
            ReadOnlySpan<T> colMatrix;
            if (pointwise && b == 1)
                colMatrix = input.AsSpan(inOffset + n * inImage, inImage);
            else
            {
                cols ??= ScratchBuffers<T>.Get(ScratchBuffers<T>.Slot.Columns, taps * group * plane);
                for (int k = 0; k < b; k++)
                {
                    var image = input.AsSpan(inOffset + (n + k) * inImage, inImage);
                    if (pointwise)
                        for (int c = 0; c < g.C; c++)
                            image.Slice(c * plane, plane).CopyTo(cols.AsSpan(c * ld + k * plane, plane));
                    else
                        Im2Col.Pack(g, image, cols.AsSpan(k * plane), ld);
                }
                colMatrix = cols.AsSpan(0, taps * ld);
            }
            if (b == 1)
                ConvSupport.Gemm(false, false, g.F, plane, taps, weights, taps, colMatrix, ld, T.Zero,
                    output.AsSpan(outOffset + n * outImage, outImage), plane);
            else
            {
                ConvSupport.Gemm(false, false, g.F, ld, taps, weights, taps, colMatrix, ld, T.Zero, tmp.AsSpan(0, g.F * ld), ld);
                // The GEMM result is F x (b · plane); the output wants b x F x plane.
                for (int k = 0; k < b; k++)
                    for (int f = 0; f < g.F; f++)
                        tmp.AsSpan(f * ld + k * plane, plane).CopyTo(output.AsSpan(outOffset + (n + k) * outImage + f * plane, plane));
            }
        }
    }
}
