namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// Categorical cross-entropy with integer labels (theano.tensor.nnet.categorical_crossentropy):
/// out[i] = -log p[i, y[i]] for a probability matrix p (n, k) and int32 labels y (n,).
/// The rewrite engine turns crossentropy(softmax(x), y) into <see cref="CrossEntropySoftmaxOp"/>.
/// </summary>
public sealed class CategoricalCrossEntropyOp : Op
{
    /// <summary>The shared instance.</summary>
    public static readonly CategoricalCrossEntropyOp Instance = new();

    /// <inheritdoc/>
    public override string Name => "categorical_crossentropy";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs) => [CheckTypes(this, inputs)];

    internal static TensorType CheckTypes(Op op, IReadOnlyList<Variable> inputs)
    {
        var (p, y) = (inputs[0], inputs[1]);
        if (!p.DType.IsFloat() || p.Rank != 2) throw new GraphBuildException(op.Name, $"needs a float matrix of class scores, got {p.Type}", SourceTrace.Capture());
        if (y.DType != DType.Int32 || y.Rank != 1) throw new GraphBuildException(op.Name, $"needs an int32 label vector, got {y.Type}", SourceTrace.Capture());
        if (p.Type.Shape[0] is int a && y.Type.Shape[0] is int b && a != b)
            throw new GraphBuildException(op.Name, $"{a} rows of scores {p.Type.ShapeString} but {b} labels {y.Type.ShapeString}", SourceTrace.Capture());
        return new TensorType(p.DType, p.Type.Shape[0] ?? y.Type.Shape[0]);
    }

    internal static void CheckShapes(string op, ReadOnlySpan<Shape> shapes)
    {
        if (shapes[0][0] != shapes[1][0])
            throw new ShapeMismatchException(op, $"{shapes[0][0]} rows of scores {shapes[0]} but {shapes[1][0]} labels {shapes[1]}", shapes[0], shapes[1]);
    }

    internal static int Label(string op, ReadOnlySpan<int> labels, int i, int classes)
    {
        int c = labels[i];
        if ((uint)c >= (uint)classes) throw new ArgumentOutOfRangeException(nameof(labels), $"{op}: label {c} of row {i} is outside [0, {classes})");
        return c;
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        CheckShapes(Name, inputShapes);
        outputShapes[0] = new Shape(inputShapes[0][0]);
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (inputs[0].DType == DType.Float32) Run((Tensor<float>)inputs[0], (Tensor<int>)inputs[1], (Tensor<float>)outputs[0]);
        else Run((Tensor<double>)inputs[0], (Tensor<int>)inputs[1], (Tensor<double>)outputs[0]);
    }

    private void Run<TElement>(Tensor<TElement> p, Tensor<int> y, Tensor<TElement> loss) where TElement : unmanaged, System.Numerics.IFloatingPointIeee754<TElement>
    {
        int n = p.Shape[0], k = p.Shape[1];
        var probabilities = p.AsReadOnlySpan();
        var labels = y.AsReadOnlySpan();
        var dst = loss.AsSpan();
        for (int i = 0; i < n; i++) dst[i] = -TElement.Log(probabilities[i * k + Label(Name, labels, i, k)]);
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        if (outputGradients[0] is not { } g) return [null, null];
        var (p, y) = (node.InputArray[0], node.InputArray[1]);
        var rows = T.Arange(p.Shape[0]);
        var picked = AdvancedSubtensorOp.Pairs.Apply1(p, rows, y);
        return [AdvancedIncSubtensorOp.Pairs.Apply1(T.ZerosLike(p), -g / picked, rows, y), null];
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"categorical_crossentropy({inputs[0]}, {inputs[1]})";
}
