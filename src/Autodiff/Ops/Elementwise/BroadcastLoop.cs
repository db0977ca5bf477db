using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// The generic elementwise loop: evaluates a <see cref="ScalarOp"/> element by element with
/// broadcasting (stride 0 on stretched axes). Used when the scalar op has no whole-tensor kernel.
/// </summary>
internal static class BroadcastLoop
{
    private interface IEval<TElement>
    {
        static abstract TElement Eval(ScalarOp op, TElement a, TElement b, TElement c);
    }

    private struct FloatEval : IEval<float> { public static float Eval(ScalarOp op, float a, float b, float c) => op.Evaluate(a, b, c); }
    private struct DoubleEval : IEval<double> { public static double Eval(ScalarOp op, double a, double b, double c) => op.Evaluate(a, b, c); }
    private struct IntEval : IEval<int> { public static int Eval(ScalarOp op, int a, int b, int c) => op.EvaluateInt(a, b, c); }

    public static void Run(ScalarOp op, ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        switch (output.DType)
        {
            case DType.Float32: Run<float, FloatEval>(op, inputs, (Tensor<float>)output); break;
            case DType.Float64: Run<double, DoubleEval>(op, inputs, (Tensor<double>)output); break;
            default: Run<int, IntEval>(op, inputs, (Tensor<int>)output); break;
        }
    }

    private static void Run<TElement, TEval>(ScalarOp op, ReadOnlySpan<Tensor> inputs, Tensor<TElement> output)
        where TElement : unmanaged, System.Numerics.INumber<TElement>
        where TEval : IEval<TElement>
    {
        if (inputs[0].DType != output.DType)
            throw new NotSupportedException($"{op.Name}: the generic loop needs equal input and output dtypes");
        Span<TElement> zero = stackalloc TElement[1];
        zero.Clear();
        ReadOnlySpan<TElement> a = ((Tensor<TElement>)inputs[0]).AsReadOnlySpan();
        ReadOnlySpan<TElement> b = inputs.Length > 1 ? ((Tensor<TElement>)inputs[1]).AsReadOnlySpan() : zero;
        ReadOnlySpan<TElement> c = inputs.Length > 2 ? ((Tensor<TElement>)inputs[2]).AsReadOnlySpan() : zero;
        var dst = output.AsSpan();
        int n = dst.Length;
        int sa = a.Length == n ? 1 : a.Length == 1 ? 0 : -1;
        int sb = b.Length == n ? 1 : b.Length == 1 ? 0 : -1;
        int sc = c.Length == n ? 1 : c.Length == 1 ? 0 : -1;
        if (sa >= 0 && sb >= 0 && sc >= 0)
        {
            // Same shape or scalar operands: one flat pass.
            for (int i = 0; i < n; i++) dst[i] = TEval.Eval(op, a[i * sa], b[i * sb], c[i * sc]);
            return;
        }

        int rank = output.Rank;
        Span<int> extents = stackalloc int[rank];
        Span<int> strideA = stackalloc int[rank], strideB = stackalloc int[rank], strideC = stackalloc int[rank];
        for (int i = 0; i < rank; i++) extents[i] = output.Shape[i];
        AlignedStrides(inputs[0].Shape, output.Shape, strideA);
        if (inputs.Length > 1) AlignedStrides(inputs[1].Shape, output.Shape, strideB); else strideB.Clear();
        if (inputs.Length > 2) AlignedStrides(inputs[2].Shape, output.Shape, strideC); else strideC.Clear();
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int oa = 0, ob = 0, oc = 0;
        int inner = extents[rank - 1];
        int ia = strideA[rank - 1], ib = strideB[rank - 1], ic = strideC[rank - 1];
        for (int d = 0; d < n; d += inner)
        {
            for (int j = 0; j < inner; j++) dst[d + j] = TEval.Eval(op, a[oa + j * ia], b[ob + j * ib], c[oc + j * ic]);
            for (int i = rank - 2; i >= 0; i--)
            {
                oa += strideA[i]; ob += strideB[i]; oc += strideC[i];
                if (++index[i] < extents[i]) break;
                oa -= strideA[i] * extents[i]; ob -= strideB[i] * extents[i]; oc -= strideC[i] * extents[i];
                index[i] = 0;
            }
        }
    }

    /// <summary>Strides of <paramref name="input"/> aligned to the axes of <paramref name="output"/> (0 on broadcast axes).</summary>
    internal static void AlignedStrides(Shape input, Shape output, Span<int> strides)
    {
        int rank = output.Rank, pad = rank - input.Rank, s = 1;
        for (int i = rank - 1; i >= 0; i--)
        {
            int a = i - pad;
            if (a < 0) { strides[i] = 0; continue; }
            int d = input[a];
            strides[i] = d == 1 && output[i] != 1 ? 0 : s;
            s *= d;
        }
    }
}
