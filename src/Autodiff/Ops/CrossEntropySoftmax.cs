namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// Fused softmax + categorical cross-entropy on integer labels (Theano's CrossentropySoftmax1Hot):
/// out[i] = logsumexp(x[i]) - x[i, y[i]], computed stably in one pass over each row. Its gradient is
/// the fused <see cref="CrossEntropySoftmaxGradOp"/> (softmax(x) - onehot(y)) * g.
/// </summary>
public sealed class CrossEntropySoftmaxOp : Op
{
    /// <summary>The shared instance.</summary>
    public static readonly CrossEntropySoftmaxOp Instance = new();

    /// <inheritdoc/>
    public override string Name => "crossentropy_softmax";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs) => [CategoricalCrossEntropyOp.CheckTypes(this, inputs)];

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        CategoricalCrossEntropyOp.CheckShapes(Name, inputShapes);
        outputShapes[0] = new Shape(inputShapes[0][0]);
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (inputs[0].DType == DType.Float32) Run((Tensor<float>)inputs[0], (Tensor<int>)inputs[1], (Tensor<float>)outputs[0]);
        else Run((Tensor<double>)inputs[0], (Tensor<int>)inputs[1], (Tensor<double>)outputs[0]);
    }

    private void Run<TElement>(Tensor<TElement> x, Tensor<int> y, Tensor<TElement> loss) where TElement : unmanaged, System.Numerics.IFloatingPointIeee754<TElement>
    {
        int n = x.Shape[0], k = x.Shape[1];
        var scores = x.AsReadOnlySpan();
        var labels = y.AsReadOnlySpan();
        var dst = loss.AsSpan();
        for (int i = 0; i < n; i++)
        {
            var row = scores.Slice(i * k, k);
            dst[i] = LogSumExp(row) - row[CategoricalCrossEntropyOp.Label(Name, labels, i, k)];
        }
    }

    internal static TElement LogSumExp<TElement>(ReadOnlySpan<TElement> row) where TElement : unmanaged, System.Numerics.IFloatingPointIeee754<TElement>
    {
        TElement max = TElement.NegativeInfinity;
        foreach (var v in row) if (v > max) max = v;
        TElement sum = TElement.Zero;
        foreach (var v in row) sum += TElement.Exp(v - max);
        return max + TElement.Log(sum);
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        if (outputGradients[0] is not { } g) return [null, null];
        return [CrossEntropySoftmaxGradOp.Instance.Apply1(g, node.InputArray[0], node.InputArray[1]), null];
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"crossentropy_softmax({inputs[0]}, {inputs[1]})";
}
