namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// The gradient of max pooling's gradient with respect to its output gradient: for every pooling
/// window, the value of <c>g</c> at the window's maximal element of <c>x</c> (first one on ties).
/// Inputs: x and g (both input-shaped); the output has the pooled shape.
/// </summary>
public sealed class MaxPool2DGradGradOp : Op
{
    /// <summary>Creates the op with the forward pooling's options.</summary>
    public MaxPool2DGradGradOp(Pool2DOptions options) => Options = options;

    /// <summary>The forward pooling's options (mode Max).</summary>
    public Pool2DOptions Options { get; }

    /// <inheritdoc/>
    public override string Name => "max_pool2d_grad_grad";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs) => new Pool2DOp(Options).InferTypes([inputs[0]]);

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        if (inputShapes[0] != inputShapes[1]) throw new ShapeMismatchException(Name, $"x {inputShapes[0]} and g {inputShapes[1]} differ", inputShapes.ToArray());
        outputShapes[0] = Tensors.Pool2D.OutputShape(inputShapes[0], Options);
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (inputs[0].DType == DType.Float32) Run((Tensor<float>)inputs[0], (Tensor<float>)inputs[1], (Tensor<float>)outputs[0]);
        else Run((Tensor<double>)inputs[0], (Tensor<double>)inputs[1], (Tensor<double>)outputs[0]);
    }

    private void Run<TElement>(Tensor<TElement> x, Tensor<TElement> g, Tensor<TElement> result) where TElement : unmanaged, System.Numerics.INumber<TElement>
    {
        var o = Options;
        int planes = x.Shape[0] * x.Shape[1], h = x.Shape[2], w = x.Shape[3], oh = result.Shape[2], ow = result.Shape[3];
        var xs = x.AsReadOnlySpan();
        var gs = g.AsReadOnlySpan();
        var dst = result.AsSpan();
        for (int p = 0; p < planes; p++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    int y0 = oy * o.StrideH - o.PadH, x0 = ox * o.StrideW - o.PadW;
                    int y1 = Math.Min(y0 + o.PoolH, h), x1 = Math.Min(x0 + o.PoolW, w);
                    y0 = Math.Max(y0, 0);
                    x0 = Math.Max(x0, 0);
                    int best = -1;
                    for (int yy = y0; yy < y1; yy++)
                        for (int xx = x0; xx < x1; xx++)
                        {
                            int i = (p * h + yy) * w + xx;
                            if (best < 0 || xs[i] > xs[best]) best = i;
                        }
                    dst[(p * oh + oy) * ow + ox] = best < 0 ? TElement.Zero : gs[best];
                }
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        // Linear in g, with max pooling's gradient as its adjoint; piecewise constant in x.
        if (outputGradients[0] is not { } gz) return [null, null];
        var x = node.InputArray[0];
        var pooled = new Pool2DOp(Options).Apply1(x);
        return [null, new Pool2DGradOp(Options).Apply1(x, pooled, gz)];
    }

    /// <inheritdoc/>
    public override string ToString() => $"max_pool2d_grad_grad{{{Pool2DOp.Describe(Options)}}}";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((MaxPool2DGradGradOp)other).Options == Options;

    /// <inheritdoc/>
    protected override int PropsHash() => Options.GetHashCode();
}
