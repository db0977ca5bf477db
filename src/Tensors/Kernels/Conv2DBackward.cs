using System.Numerics;

namespace NeuralCore.Tensors;

public static partial class Conv2D
{
    internal const string BackwardDataOp = "conv2d_backward_data";
    internal const string BackwardFilterOp = "conv2d_backward_filter";

    /// <summary>The gradient with respect to the input: given dL/d(output) (N, F, OH, OW) and the
    /// weights, dL/d(input) of shape <paramref name="inputShape"/> (N, C, H, W). This is also the
    /// transposed convolution. The input shape is needed because with a stride above 1 several
    /// input sizes give the same output size; input positions no window reads get zero.</summary>
    /// <exception cref="ShapeMismatchException">When <paramref name="gradOutput"/> is not the output
    /// shape of a convolution of <paramref name="inputShape"/> with the weights.</exception>
    public static Tensor<T> BackwardData<T>(Tensor<T> gradOutput, Tensor<T> weights, Shape inputShape, Conv2DOptions o)
        where T : unmanaged, INumber<T>
    {
        var g = BackwardDataGeometry(gradOutput.Shape, weights.Shape, inputShape, o);
        var result = new Tensor<T>(inputShape);
        BackwardDataCore(g, gradOutput, weights, result, ConvAlgorithm.Auto);
        return result;
    }

    /// <summary>The input gradient written into <paramref name="result"/>, whose shape is the
    /// input shape (N, C, H, W); it must not share storage with the operands.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes do not fit.</exception>
    public static void BackwardData<T>(Tensor<T> gradOutput, Tensor<T> weights, Conv2DOptions o, Tensor<T> result)
        where T : unmanaged, INumber<T>
        => BackwardData(gradOutput, weights, o, result, ConvAlgorithm.Auto);

    /// <summary>The input gradient with a forced algorithm (tests compare the algorithms).</summary>
    internal static void BackwardData<T>(Tensor<T> gradOutput, Tensor<T> weights, Conv2DOptions o, Tensor<T> result, ConvAlgorithm algorithm)
        where T : unmanaged, INumber<T>
    {
        var g = BackwardDataGeometry(gradOutput.Shape, weights.Shape, result.Shape, o);
        ConvSupport.CheckResult(BackwardDataOp, result, g.N, g.C, g.H, g.W, gradOutput, weights);
        BackwardDataCore(g, gradOutput, weights, result, algorithm);
    }

    /// <summary>The gradient with respect to the weights: given the input (N, C, H, W) and
    /// dL/d(output) (N, F, OH, OW), dL/d(weights) of shape <paramref name="weightsShape"/>
    /// (F, C, KH, KW), summed over the batch.</summary>
    /// <exception cref="ShapeMismatchException">When <paramref name="gradOutput"/> is not the output
    /// shape of a convolution of the input with weights of <paramref name="weightsShape"/>.</exception>
    public static Tensor<T> BackwardFilter<T>(Tensor<T> input, Tensor<T> gradOutput, Shape weightsShape, Conv2DOptions o)
        where T : unmanaged, INumber<T>
    {
        var g = BackwardFilterGeometry(input.Shape, gradOutput.Shape, weightsShape, o);
        var result = new Tensor<T>(weightsShape);
        BackwardFilterCore(g, input, gradOutput, result, ConvAlgorithm.Auto);
        return result;
    }

    /// <summary>The weights gradient written into <paramref name="result"/> (overwritten, shape
    /// (F, C, KH, KW)); it must not share storage with the operands.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes do not fit.</exception>
    public static void BackwardFilter<T>(Tensor<T> input, Tensor<T> gradOutput, Conv2DOptions o, Tensor<T> result)
        where T : unmanaged, INumber<T>
        => BackwardFilter(input, gradOutput, o, result, ConvAlgorithm.Auto);

    /// <summary>The weights gradient with a forced algorithm (tests compare the algorithms).</summary>
    internal static void BackwardFilter<T>(Tensor<T> input, Tensor<T> gradOutput, Conv2DOptions o, Tensor<T> result, ConvAlgorithm algorithm)
        where T : unmanaged, INumber<T>
    {
        var g = BackwardFilterGeometry(input.Shape, gradOutput.Shape, result.Shape, o);
        ConvSupport.CheckResult(BackwardFilterOp, result, g.F, g.C, g.KH, g.KW, input, gradOutput);
        BackwardFilterCore(g, input, gradOutput, result, algorithm);
    }

    private static ConvGeometry BackwardDataGeometry(Shape gradOutput, Shape weights, Shape inputShape, Conv2DOptions o)
    {
        var g = ConvGeometry.Create(BackwardDataOp, inputShape, weights, o);
        if (!ConvSupport.Is(gradOutput, g.N, g.F, g.OH, g.OW))
            throw new ShapeMismatchException(BackwardDataOp,
                $"output gradient {gradOutput} should be {g.OutputShape} for input {inputShape} and weights {weights}", gradOutput, weights, inputShape);
        return g;
    }

    private static ConvGeometry BackwardFilterGeometry(Shape input, Shape gradOutput, Shape weightsShape, Conv2DOptions o)
    {
        var g = ConvGeometry.Create(BackwardFilterOp, input, weightsShape, o);
        if (!ConvSupport.Is(gradOutput, g.N, g.F, g.OH, g.OW))
            throw new ShapeMismatchException(BackwardFilterOp,
                $"output gradient {gradOutput} should be {g.OutputShape} for input {input} and weights {weightsShape}", input, gradOutput, weightsShape);
        return g;
    }

    private static void BackwardDataCore<T>(in ConvGeometry g, Tensor<T> gradOutput, Tensor<T> weights, Tensor<T> result, ConvAlgorithm algorithm)
        where T : unmanaged, INumber<T>
    {
        ConvSupport.RequireFloatingPoint<T>(BackwardDataOp);
        if (result.Length == 0) return;
        if (g.F == 0 || g.OutPlane == 0)
        {
            result.Fill(T.Zero);
            return;
        }
        if (typeof(T) == typeof(float) && FilterLaneConv2D.AppliesToBackwardData(g) && algorithm is ConvAlgorithm.Auto or ConvAlgorithm.FilterLanes)
        {
            FilterLaneConv2D.BackwardData(g, (float[])(object)gradOutput.Array, gradOutput.Offset, (float[])(object)weights.Array, weights.Offset,
                (float[])(object)result.Array, result.Offset);
            return;
        }
        if (UseDirect<T>(algorithm, DirectConv2D.Applies(g)))
        {
            DirectConv2D.BackwardData(g, (float[])(object)gradOutput.Array, gradOutput.Offset, (float[])(object)weights.Array, weights.Offset,
                (float[])(object)result.Array, result.Offset);
            return;
        }
        var (w, wOffset) = OrientedWeights(g, weights);
        Im2ColBackwardData(g, gradOutput.Array, gradOutput.Offset, w, wOffset, result.Array, result.Offset);
    }

    private static void BackwardFilterCore<T>(in ConvGeometry g, Tensor<T> input, Tensor<T> gradOutput, Tensor<T> result, ConvAlgorithm algorithm)
        where T : unmanaged, INumber<T>
    {
        ConvSupport.RequireFloatingPoint<T>(BackwardFilterOp);
        if (result.Length == 0) return;
        bool lanes = typeof(T) == typeof(float) && FilterLaneConv2D.AppliesToBackwardFilter(g) && algorithm is ConvAlgorithm.Auto or ConvAlgorithm.FilterLanes;
        bool direct = UseDirect<T>(algorithm, DirectConv2D.Applies(g));
        int workers = lanes ? FilterLaneConv2D.FilterGradientWorkers(g) : direct ? DirectConv2D.FilterGradientWorkers(g) : ConvSupport.Workers(g.N);
        int size = result.Length;
        var partials = ScratchBuffers<T>.Get(ScratchBuffers<T>.Slot.Partials, workers * size);
        partials.AsSpan(0, workers * size).Clear();
        if (lanes)
            FilterLaneConv2D.BackwardFilter(g, (float[])(object)input.Array, input.Offset, (float[])(object)gradOutput.Array, gradOutput.Offset,
                (float[])(object)partials);
        else if (direct)
            DirectConv2D.BackwardFilter(g, (float[])(object)input.Array, input.Offset, (float[])(object)gradOutput.Array, gradOutput.Offset,
                (float[])(object)partials);
        else
            Im2ColBackwardFilter(g, input.Array, input.Offset, gradOutput.Array, gradOutput.Offset, partials, workers);
        var dst = result.AsSpan();
        partials.AsSpan(0, size).CopyTo(dst);
        for (int t = 1; t < workers; t++)
            System.Numerics.Tensors.TensorPrimitives.Add(dst, partials.AsSpan(t * size, size), dst);
        // The kernels compute the gradient of the cross-correlation filter; a flipped filter's
        // gradient is that gradient flipped back.
        if (g.Flip) FlipPlanes(dst, g.KH * g.KW);
    }

    /// <summary>The output gradients of images [n, n + b) as one F x (b · OH·OW) matrix: the image's
    /// own storage for one image, else gathered side by side into <paramref name="scratch"/>.</summary>
    private static ReadOnlySpan<T> GradientMatrix<T>(in ConvGeometry g, T[] gradOut, int gOffset, int n, int b, T[]? scratch)
    {
        int plane = g.OutPlane, outImage = g.F * plane, ld = b * plane;
        if (b == 1)
            return gradOut.AsSpan(gOffset + n * outImage, outImage);
        for (int k = 0; k < b; k++)
            for (int f = 0; f < g.F; f++)
                gradOut.AsSpan(gOffset + (n + k) * outImage + f * plane, plane).CopyTo(scratch.AsSpan(f * ld + k * plane, plane));
        return scratch.AsSpan(0, g.F * ld);
    }

    private static void Im2ColBackwardData<T>(ConvGeometry g, T[] gradOut, int gOffset, T[] w, int wOffset, T[] gradIn, int inOffset)
        where T : unmanaged, INumber<T>
    {
        int workers = ConvSupport.Workers(g.N);
        ConvSupport.Run(workers, new BackwardDataWork<T>(g, gradOut, gOffset, w, wOffset, gradIn, inOffset, workers));
    }

    private readonly struct BackwardDataWork<T>(ConvGeometry g, T[] gradOut, int gOffset, T[] w, int wOffset, T[] gradIn, int inOffset, int workers) : IChunkWork
        where T : unmanaged, INumber<T>
    {
        public void Run(int worker)
        {
            int n0 = ConvSupport.RangeStart(g.N, workers, worker), n1 = ConvSupport.RangeStart(g.N, workers, worker + 1);
            if (n0 < n1) BackwardDataImages(g, gradOut, gOffset, w, wOffset, gradIn, inOffset, workers, n0, n1);
        }
    }

    private static void BackwardDataImages<T>(in ConvGeometry g, T[] gradOut, int gOffset, T[] w, int wOffset, T[] gradIn, int inOffset,
        int workers, int n0, int n1)
        where T : unmanaged, INumber<T>
    {
        int plane = g.OutPlane, taps = g.Taps, inImage = g.C * g.InPlane;
        int group = GroupSize<T>(g, ConvSupport.LargestRange(g.N, workers));
        var cols = ScratchBuffers<T>.Get(ScratchBuffers<T>.Slot.Columns, taps * group * plane);
        var tmp = group > 1 ? ScratchBuffers<T>.Get(ScratchBuffers<T>.Slot.Matrix, g.F * group * plane) : null;
        ReadOnlySpan<T> weights = w.AsSpan(wOffset, g.F * taps);
        for (int n = n0; n < n1; n += group)
        {
            int b = Math.Min(group, n1 - n), ld = b * plane;
            var gradMatrix = GradientMatrix(g, gradOut, gOffset, n, b, tmp);
            var colMatrix = cols.AsSpan(0, taps * ld);
            ConvSupport.Gemm(true, false, taps, ld, g.F, weights, taps, gradMatrix, ld, T.Zero, colMatrix, ld);
            for (int k = 0; k < b; k++)
            {
                var image = gradIn.AsSpan(inOffset + (n + k) * inImage, inImage);
                image.Clear();
                Im2Col.UnpackAdd(g, colMatrix.Slice(k * plane), ld, image);
            }
        }
    }

    private static void Im2ColBackwardFilter<T>(ConvGeometry g, T[] input, int inOffset, T[] gradOut, int gOffset, T[] partials, int workers)
        where T : unmanaged, INumber<T>
        => ConvSupport.Run(workers, new BackwardFilterWork<T>(g, input, inOffset, gradOut, gOffset, partials, workers));

    private readonly struct BackwardFilterWork<T>(ConvGeometry g, T[] input, int inOffset, T[] gradOut, int gOffset, T[] partials, int workers) : IChunkWork
        where T : unmanaged, INumber<T>
    {
        public void Run(int worker)
        {
            int n0 = ConvSupport.RangeStart(g.N, workers, worker), n1 = ConvSupport.RangeStart(g.N, workers, worker + 1);
            if (n0 < n1) BackwardFilterImages(g, input, inOffset, gradOut, gOffset, partials, workers, worker, n0, n1);
        }
    }

    /// <summary>Accumulates the filter gradient of images [n0, n1) into partial sum <paramref name="worker"/>.</summary>
    private static void BackwardFilterImages<T>(in ConvGeometry g, T[] input, int inOffset, T[] gradOut, int gOffset, T[] partials,
        int workers, int worker, int n0, int n1)
        where T : unmanaged, INumber<T>
    {
        int plane = g.OutPlane, taps = g.Taps, inImage = g.C * g.InPlane;
        int group = GroupSize<T>(g, ConvSupport.LargestRange(g.N, workers));
        var cols = ScratchBuffers<T>.Get(ScratchBuffers<T>.Slot.Columns, taps * group * plane);
        var tmp = group > 1 ? ScratchBuffers<T>.Get(ScratchBuffers<T>.Slot.Matrix, g.F * group * plane) : null;
        var partial = partials.AsSpan(worker * g.F * taps, g.F * taps);
        for (int n = n0; n < n1; n += group)
        {
            int b = Math.Min(group, n1 - n), ld = b * plane;
            var gradMatrix = GradientMatrix(g, gradOut, gOffset, n, b, tmp);
            for (int k = 0; k < b; k++)
                Im2Col.Pack(g, input.AsSpan(inOffset + (n + k) * inImage, inImage), cols.AsSpan(k * plane), ld);
            // partial (F x taps) += grad (F x ld) · colsᵀ (ld x taps)
            ConvSupport.Gemm(false, true, g.F, taps, ld, gradMatrix, ld, cols.AsSpan(0, taps * ld), ld, T.One, partial, taps);
        }
    }
}
