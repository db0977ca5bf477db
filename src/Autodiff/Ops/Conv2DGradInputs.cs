namespace NeuralCore.Autodiff.Ops;

/// <summary>Gradient of <see cref="Conv2DOp"/> with respect to its input (also the transposed convolution).
/// Inputs: dy (N, F, OH, OW), filters, and the original input (used only for its shape).</summary>
public sealed class Conv2DGradInputsOp : Op
{
    /// <summary>Creates the op with the forward convolution's geometry.</summary>
    public Conv2DGradInputsOp(Conv2DOptions options) => Options = options;

    /// <summary>The forward convolution's options.</summary>
    public Conv2DOptions Options { get; }

    /// <inheritdoc/>
    public override string Name => "conv2d_grad_inputs";

    /// <inheritdoc/>
    public override bool IsShapeOnlyInput(int inputIndex) => inputIndex == 2;

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs) => [inputs[2].Type.WithDType(inputs[0].DType)];

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        var expected = Tensors.Conv2D.OutputShape(inputShapes[2], inputShapes[1], Options);
        if (expected != inputShapes[0])
            throw new ShapeMismatchException(Name, $"output gradient {inputShapes[0]} should be {expected} for input {inputShapes[2]} and filters {inputShapes[1]}", inputShapes.ToArray());
        outputShapes[0] = inputShapes[2];
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (inputs[0].DType == DType.Float32) Tensors.Conv2D.BackwardData((Tensor<float>)inputs[0], (Tensor<float>)inputs[1], Options, (Tensor<float>)outputs[0]);
        else Tensors.Conv2D.BackwardData((Tensor<double>)inputs[0], (Tensor<double>)inputs[1], Options, (Tensor<double>)outputs[0]);
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        // Bilinear in (dy, W): the adjoints are the forward convolution and the filter gradient.
        if (outputGradients[0] is not { } g) return [null, null, null];
        var (dy, w) = (node.InputArray[0], node.InputArray[1]);
        return [new Conv2DOp(Options).Apply1(g, w), new Conv2DGradWeightsOp(Options).Apply1(g, dy, w), null];
    }

    /// <inheritdoc/>
    public override string ToString() => $"conv2d_grad_inputs{{{Conv2DOp.Describe(Options)}}}";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((Conv2DGradInputsOp)other).Options == Options;

    /// <inheritdoc/>
    protected override int PropsHash() => Options.GetHashCode();
}
