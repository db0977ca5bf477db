namespace NeuralCore.Autodiff.Ops;

/// <summary>Maps scalar ops to the whole-tensor kernels of NeuralCore.Tensors (<see cref="Elementwise"/>), by dtype.</summary>
internal static class KernelDispatch
{
    internal enum Kind { Add, Sub, Mul, Div, Pow, Maximum, Minimum, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, Neg, Exp, Log, Log1p, Sqrt, Abs, Square, Sign, Tanh, Sigmoid, Softplus, Selu, Relu, Elu, Clip, Where, Second, TanhGrad, SigmoidGrad, ReluGrad }

    public static bool Run(Kind kind, ReadOnlySpan<Tensor> inputs, Tensor output, double p0 = 0, double p1 = 0)
    {
        switch (output.DType)
        {
            case DType.Float32: return Run(kind, inputs, (Tensor<float>)output, (float)p0, (float)p1);
            case DType.Float64: return Run(kind, inputs, (Tensor<double>)output, p0, p1);
            default: return kind < Kind.Neg && RunInt(kind, inputs, (Tensor<int>)output);
        }
    }

    private static bool RunInt(Kind kind, ReadOnlySpan<Tensor> inputs, Tensor<int> r)
    {
        if (kind is Kind.Div or Kind.Pow) return false;
        return RunBinary(kind, (Tensor<int>)inputs[0], (Tensor<int>)inputs[1], r);
    }

    private static bool Run<TElement>(Kind kind, ReadOnlySpan<Tensor> inputs, Tensor<TElement> r, TElement p0, TElement p1)
        where TElement : unmanaged, System.Numerics.INumber<TElement>
    {
        var x = (Tensor<TElement>)inputs[0];
        switch (kind)
        {
            case < Kind.Neg: return RunBinary(kind, x, (Tensor<TElement>)inputs[1], r);
            case Kind.Neg: Elementwise.Neg(x, r); return true;
            case Kind.Exp: Elementwise.Exp(x, r); return true;
            case Kind.Log: Elementwise.Log(x, r); return true;
            case Kind.Log1p: Elementwise.Log1p(x, r); return true;
            case Kind.Sqrt: Elementwise.Sqrt(x, r); return true;
            case Kind.Abs: Elementwise.Abs(x, r); return true;
            case Kind.Square: Elementwise.Square(x, r); return true;
            case Kind.Sign: Elementwise.Sign(x, r); return true;
            case Kind.Tanh: Elementwise.Tanh(x, r); return true;
            case Kind.Sigmoid: Elementwise.Sigmoid(x, r); return true;
            case Kind.Softplus: Elementwise.Softplus(x, r); return true;
            case Kind.Selu: Elementwise.Selu(x, r); return true;
            case Kind.Relu: Elementwise.Relu(x, p0, r); return true;
            case Kind.Elu: Elementwise.Elu(x, p0, r); return true;
            case Kind.Clip: Elementwise.Clip(x, p0, p1, r); return true;
            case Kind.Where: Elementwise.Where(x, (Tensor<TElement>)inputs[1], (Tensor<TElement>)inputs[2], r); return true;
            case Kind.Second: Broadcast((Tensor<TElement>)inputs[1], r); return true;
            case Kind.TanhGrad: Elementwise.TanhBackward(x, (Tensor<TElement>)inputs[1], r); return true;
            case Kind.SigmoidGrad: Elementwise.SigmoidBackward(x, (Tensor<TElement>)inputs[1], r); return true;
            case Kind.ReluGrad: Elementwise.ReluBackward(x, (Tensor<TElement>)inputs[1], p0, r); return true;
            default: return false;
        }
    }

    private static bool RunBinary<TElement>(Kind kind, Tensor<TElement> a, Tensor<TElement> b, Tensor<TElement> r)
        where TElement : unmanaged, System.Numerics.INumber<TElement>
    {
        switch (kind)
        {
            case Kind.Add: Elementwise.Add(a, b, r); return true;
            case Kind.Sub: Elementwise.Sub(a, b, r); return true;
            case Kind.Mul: Elementwise.Mul(a, b, r); return true;
            case Kind.Div: Elementwise.Div(a, b, r); return true;
            case Kind.Pow: Elementwise.Pow(a, b, r); return true;
            case Kind.Maximum: Elementwise.Maximum(a, b, r); return true;
            case Kind.Minimum: Elementwise.Minimum(a, b, r); return true;
            case Kind.Equal: Elementwise.Equal(a, b, r); return true;
            case Kind.NotEqual: Elementwise.NotEqual(a, b, r); return true;
            case Kind.Less: Elementwise.Less(a, b, r); return true;
            case Kind.LessEqual: Elementwise.LessEqual(a, b, r); return true;
            case Kind.Greater: Elementwise.Greater(a, b, r); return true;
            case Kind.GreaterEqual: Elementwise.GreaterEqual(a, b, r); return true;
            case Kind.Second: Broadcast(b, r); return true;
            default: return false;
        }
    }

    /// <summary>Copies <paramref name="source"/> broadcast to the shape of <paramref name="result"/>.</summary>
    public static void Broadcast<TElement>(Tensor<TElement> source, Tensor<TElement> result) where TElement : unmanaged, System.Numerics.INumber<TElement>
    {
        var dst = result.AsSpan();
        if (source.Length == dst.Length) { source.AsReadOnlySpan().CopyTo(dst); return; }
        if (source.Length == 1) { dst.Fill(source.AsReadOnlySpan()[0]); return; }
        Span<int> strides = stackalloc int[result.Rank];
        BroadcastLoop.AlignedStrides(source.Shape, result.Shape, strides);
        StridedCopy.Gather(source.AsReadOnlySpan(), 0, strides, result.Shape.Dims, dst);
    }
}
