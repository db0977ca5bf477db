namespace NeuralCore.Autodiff.Ops;

/// <summary>Gradient of <see cref="Pool2DOp"/>: routes dy to the maximal element of each window (max) or spreads
/// it over the window (averages). Inputs: x, the pooled output y, dy.</summary>
public sealed class Pool2DGradOp : Op
{
    /// <summary>Creates the op with the forward pooling's options.</summary>
    public Pool2DGradOp(Pool2DOptions options) => Options = options;

    /// <summary>The forward pooling's options.</summary>
    public Pool2DOptions Options { get; }

    /// <inheritdoc/>
    public override string Name => "pool2d_grad";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs) => [inputs[0].Type];

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        var expected = Tensors.Pool2D.OutputShape(inputShapes[0], Options);
        if (expected != inputShapes[1] || expected != inputShapes[2])
            throw new ShapeMismatchException(Name, $"output {inputShapes[1]} and gradient {inputShapes[2]} should be {expected} for input {inputShapes[0]}", inputShapes.ToArray());
        outputShapes[0] = inputShapes[0];
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (inputs[0].DType == DType.Float32)
            Tensors.Pool2D.Backward((Tensor<float>)inputs[0], (Tensor<float>)inputs[1], (Tensor<float>)inputs[2], Options, (Tensor<float>)outputs[0]);
        else
            Tensors.Pool2D.Backward((Tensor<double>)inputs[0], (Tensor<double>)inputs[1], (Tensor<double>)inputs[2], Options, (Tensor<double>)outputs[0]);
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        if (outputGradients[0] is not { } g) return [null, null, null];
        // The backward pass is linear in dy; its adjoint is the forward pooling (averages) or, for max, the
        // selection of each window's maximal element. It is piecewise constant in x and y.
        if (Options.Mode != PoolMode.Max) return [null, null, new Pool2DOp(Options).Apply1(g)];
        return [null, null, new MaxPool2DGradGradOp(Options).Apply1(node.InputArray[0], g)];
    }

    /// <inheritdoc/>
    public override string ToString() => $"pool2d_grad{{{Pool2DOp.Describe(Options)}}}";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((Pool2DGradOp)other).Options == Options;

    /// <inheritdoc/>
    protected override int PropsHash() => Options.GetHashCode();
}
