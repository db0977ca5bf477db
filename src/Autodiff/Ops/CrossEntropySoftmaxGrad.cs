namespace NeuralCore.Autodiff.Ops;

/// <summary>Fused gradient of <see cref="CrossEntropySoftmaxOp"/>: dx[i, j] = g[i] * (softmax(x)[i, j] - [j == y[i]]).
/// Inputs: g (n,), x (n, k), y (n,) int32.</summary>
public sealed class CrossEntropySoftmaxGradOp : Op
{
    /// <summary>The shared instance.</summary>
    public static readonly CrossEntropySoftmaxGradOp Instance = new();

    /// <inheritdoc/>
    public override string Name => "crossentropy_softmax_grad";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        CategoricalCrossEntropyOp.CheckTypes(this, [inputs[1], inputs[2]]);
        if (inputs[0].Rank != 1 || inputs[0].DType != inputs[1].DType) throw Fail($"the output gradient must be a {inputs[1].DType.Name()} vector, got {inputs[0].Type}");
        return [inputs[1].Type];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        CategoricalCrossEntropyOp.CheckShapes(Name, inputShapes[1..]);
        if (inputShapes[0][0] != inputShapes[1][0]) throw new ShapeMismatchException(Name, $"gradient {inputShapes[0]} does not match scores {inputShapes[1]}", inputShapes.ToArray());
        outputShapes[0] = inputShapes[1];
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (inputs[1].DType == DType.Float32) Run((Tensor<float>)inputs[0], (Tensor<float>)inputs[1], (Tensor<int>)inputs[2], (Tensor<float>)outputs[0]);
        else Run((Tensor<double>)inputs[0], (Tensor<double>)inputs[1], (Tensor<int>)inputs[2], (Tensor<double>)outputs[0]);
    }

    private void Run<TElement>(Tensor<TElement> g, Tensor<TElement> x, Tensor<int> y, Tensor<TElement> dx) where TElement : unmanaged, System.Numerics.IFloatingPointIeee754<TElement>
    {
        int n = x.Shape[0], k = x.Shape[1];
        var scores = x.AsReadOnlySpan();
        var grads = g.AsReadOnlySpan();
        var labels = y.AsReadOnlySpan();
        var dst = dx.AsSpan();
        for (int i = 0; i < n; i++)
        {
            var row = scores.Slice(i * k, k);
            var outRow = dst.Slice(i * k, k);
            TElement lse = CrossEntropySoftmaxOp.LogSumExp(row), gi = grads[i];
            for (int j = 0; j < k; j++) outRow[j] = gi * TElement.Exp(row[j] - lse);
            outRow[CategoricalCrossEntropyOp.Label(Name, labels, i, k)] -= gi;
        }
    }

    /// <summary>The definition in simpler ops: softmax(x) * g[:, None] - onehot(y) * g[:, None].</summary>
    internal static Variable Expand(Variable g, Variable x, Variable y)
    {
        var column = g.DimShuffle(0, "x");
        var rows = T.Arange(x.Shape[0]);
        return T.Softmax(x) * column - AdvancedIncSubtensorOp.Pairs.Apply1(T.ZerosLike(x), g, rows, y);
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        if (outputGradients[0] is not { } gz) return [null, null, null];
        return GradUtil.ThroughExpansion(node, v => Expand(v[0], v[1], v[2]), gz);
    }
}
