namespace NeuralCore.Autodiff.Ops;

/// <summary>2-D max or average pooling over the last two axes of NCHW input (Lasagne semantics for ignore_border).</summary>
public sealed class Pool2DOp : Op
{
    /// <summary>Creates the op with the given geometry and mode.</summary>
    public Pool2DOp(Pool2DOptions options) => Options = options;

    /// <summary>Window, stride, padding, border handling and mode.</summary>
    public Pool2DOptions Options { get; }

    /// <inheritdoc/>
    public override string Name => "pool2d";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        var x = inputs[0];
        if (x.Rank != 4 || !x.DType.IsFloat()) throw Fail($"needs a float NCHW input, got {x.Type}");
        var s = x.Type.Shape;
        int?[] shape = [s[0], s[1], null, null];
        try
        {
            var probe = Tensors.Pool2D.OutputShape(new Shape(1, 1, s[2] ?? 64, s[3] ?? 64), Options);
            if (s[2] is not null) shape[2] = probe[2];
            if (s[3] is not null) shape[3] = probe[3];
        }
        catch (ArgumentException e)
        {
            if (s[2] is not null && s[3] is not null) throw Fail($"{e.Message} (input {x.Type.ShapeString})");
        }
        return [new TensorType(x.DType, shape)];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
        => outputShapes[0] = Tensors.Pool2D.OutputShape(inputShapes[0], Options);

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (inputs[0].DType == DType.Float32) Tensors.Pool2D.Forward((Tensor<float>)inputs[0], Options, (Tensor<float>)outputs[0]);
        else Tensors.Pool2D.Forward((Tensor<double>)inputs[0], Options, (Tensor<double>)outputs[0]);
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
        => outputGradients[0] is { } g ? [new Pool2DGradOp(Options).Apply1(node.InputArray[0], node.Output, g)] : [null];

    /// <inheritdoc/>
    public override string ToString() => $"pool2d{{{Describe(Options)}}}";

    internal static string Describe(Pool2DOptions o)
        => $"{o.Mode}, pool=({o.PoolH},{o.PoolW}), stride=({o.StrideH},{o.StrideW}), pad=({o.PadH},{o.PadW})" + (o.IgnoreBorder ? "" : ", partial borders");

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((Pool2DOp)other).Options == Options;

    /// <inheritdoc/>
    protected override int PropsHash() => Options.GetHashCode();
}
