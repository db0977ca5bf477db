namespace NeuralCore.Autodiff.Ops;

/// <summary>Gradient of <see cref="Conv2DOp"/> with respect to its filters, summed over the batch.
/// Inputs: the input x, dy (N, F, OH, OW), and the filters (used only for their shape).</summary>
public sealed class Conv2DGradWeightsOp : Op
{
    /// <summary>Creates the op with the forward convolution's geometry.</summary>
    public Conv2DGradWeightsOp(Conv2DOptions options) => Options = options;

    /// <summary>The forward convolution's options.</summary>
    public Conv2DOptions Options { get; }

    /// <inheritdoc/>
    public override string Name => "conv2d_grad_weights";

    /// <inheritdoc/>
    public override bool IsShapeOnlyInput(int inputIndex) => inputIndex == 2;

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs) => [inputs[2].Type.WithDType(inputs[0].DType)];

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        var expected = Tensors.Conv2D.OutputShape(inputShapes[0], inputShapes[2], Options);
        if (expected != inputShapes[1])
            throw new ShapeMismatchException(Name, $"output gradient {inputShapes[1]} should be {expected} for input {inputShapes[0]} and filters {inputShapes[2]}", inputShapes.ToArray());
        outputShapes[0] = inputShapes[2];
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (inputs[0].DType == DType.Float32) Tensors.Conv2D.BackwardFilter((Tensor<float>)inputs[0], (Tensor<float>)inputs[1], Options, (Tensor<float>)outputs[0]);
        else Tensors.Conv2D.BackwardFilter((Tensor<double>)inputs[0], (Tensor<double>)inputs[1], Options, (Tensor<double>)outputs[0]);
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        // Bilinear in (x, dy): <G, dW(x, dy)> = <conv(x, G), dy>.
        if (outputGradients[0] is not { } g) return [null, null, null];
        var (x, dy) = (node.InputArray[0], node.InputArray[1]);
        return [new Conv2DGradInputsOp(Options).Apply1(dy, g, x), new Conv2DOp(Options).Apply1(x, g), null];
    }

    /// <inheritdoc/>
    public override string ToString() => $"conv2d_grad_weights{{{Conv2DOp.Describe(Options)}}}";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((Conv2DGradWeightsOp)other).Options == Options;

    /// <inheritdoc/>
    protected override int PropsHash() => Options.GetHashCode();
}
