namespace NeuralCore.Autodiff.Ops;

/// <summary>2-D convolution of NCHW input with (F, C, KH, KW) filters through the NeuralCore.Tensors
/// <see cref="Tensors.Conv2D"/> kernels (cross-correlation unless <see cref="Conv2DOptions.FlipFilters"/>).</summary>
public sealed class Conv2DOp : Op
{
    /// <summary>Creates the op with the given geometry.</summary>
    public Conv2DOp(Conv2DOptions options) => Options = options;

    /// <summary>Stride, padding, dilation and filter flip.</summary>
    public Conv2DOptions Options { get; }

    /// <inheritdoc/>
    public override string Name => "conv2d";

    /// <summary>Static output extents by running the kernel's shape rule on known extents (1 stands in for unknown ones).</summary>
    internal static int?[] StaticOutput(Op op, TensorType input, TensorType weights, Conv2DOptions o)
    {
        if (input.Rank != 4 || weights.Rank != 4)
            throw new GraphBuildException(op.Name, $"needs NCHW input and (F, C, KH, KW) filters, got {input.ShapeString} and {weights.ShapeString}", SourceTrace.Capture());
        if (input.DType != weights.DType || !input.DType.IsFloat())
            throw new GraphBuildException(op.Name, $"needs float input and filters of one dtype, got {input} and {weights}", SourceTrace.Capture());
        var i = input.Shape;
        var w = weights.Shape;
        int c = i[1] ?? w[1] ?? 1;
        if (i[1] is int ci && w[1] is int cw && ci != cw)
            throw new GraphBuildException(op.Name, $"input {input.ShapeString} has {ci} channels but the filters {weights.ShapeString} expect {cw}", SourceTrace.Capture());
        try
        {
            var probe = Tensors.Conv2D.OutputShape(new Shape(1, c, i[2] ?? 64, i[3] ?? 64), new Shape(w[0] ?? 1, c, w[2] ?? 1, w[3] ?? 1), o);
            return [i[0], w[0], i[2] is not null && w[2] is not null ? probe[2] : null, i[3] is not null && w[3] is not null ? probe[3] : null];
        }
        catch (ArgumentException e) when (i[2] is not null && i[3] is not null && w[2] is not null && w[3] is not null)
        {
            throw new GraphBuildException(op.Name, $"{e.Message} (input {input.ShapeString}, filters {weights.ShapeString})", SourceTrace.Capture());
        }
        catch (ArgumentException)
        {
            return [i[0], w[0], null, null];
        }
    }

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
        => [new TensorType(inputs[0].DType, StaticOutput(this, inputs[0].Type, inputs[1].Type, Options))];

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
        => outputShapes[0] = Tensors.Conv2D.OutputShape(inputShapes[0], inputShapes[1], Options);

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (inputs[0].DType == DType.Float32) Tensors.Conv2D.Forward((Tensor<float>)inputs[0], (Tensor<float>)inputs[1], Options, (Tensor<float>)outputs[0]);
        else Tensors.Conv2D.Forward((Tensor<double>)inputs[0], (Tensor<double>)inputs[1], Options, (Tensor<double>)outputs[0]);
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        if (outputGradients[0] is not { } g) return [null, null];
        var (x, w) = (node.InputArray[0], node.InputArray[1]);
        return [new Conv2DGradInputsOp(Options).Apply1(g, w, x), new Conv2DGradWeightsOp(Options).Apply1(x, g, w)];
    }

    /// <inheritdoc/>
    public override string ToString() => $"conv2d{{{Describe(Options)}}}";

    internal static string Describe(Conv2DOptions o)
        => $"stride=({o.StrideH},{o.StrideW}), pad=({o.PadH},{o.PadW})" + (o.DilationH != 1 || o.DilationW != 1 ? $", dilation=({o.DilationH},{o.DilationW})" : "") + (o.FlipFilters ? ", flip" : "");

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((Conv2DOp)other).Options == Options;

    /// <inheritdoc/>
    protected override int PropsHash() => Options.GetHashCode();
}
