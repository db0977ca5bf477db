using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// Base of layers with several incoming layers (Lasagne's <c>MergeLayer</c>): the shape rule and
/// the expression rule receive one shape or expression per incoming layer, in order.
/// </summary>
public abstract class MergeLayer : Layer
{
    /// <summary>Creates a merge layer fed by <paramref name="incomings"/> (at least one).</summary>
    protected MergeLayer(IReadOnlyList<Layer> incomings, string? name = null)
        : base(name, FirstDType(incomings))
    {
        var layers = new Layer[incomings.Count];
        var shapes = new IReadOnlyList<int?>[incomings.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = incomings[i] ?? throw new ArgumentNullException(nameof(incomings), $"{GetType().Name}: incoming layer {i} is null");
            shapes[i] = layers[i].OutputShape;
        }
        InputLayers = layers;
        InputShapes = shapes;
    }

    private static DType FirstDType(IReadOnlyList<Layer> incomings)
    {
        ArgumentNullException.ThrowIfNull(incomings);
        if (incomings.Count == 0) throw new ArgumentException("a merge layer needs at least one incoming layer", nameof(incomings));
        return incomings[0]?.DType ?? DType.Float32;
    }

    /// <summary>The incoming layers, in order.</summary>
    public IReadOnlyList<Layer> InputLayers { get; }

    /// <summary>The incoming shapes, in order.</summary>
    public IReadOnlyList<IReadOnlyList<int?>> InputShapes { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Layer> IncomingLayers => InputLayers;

    /// <summary>The output shape for the given incoming shapes.</summary>
    public abstract IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<IReadOnlyList<int?>> inputShapes);

    /// <summary>The output expression for the incoming expressions.</summary>
    public abstract Variable GetOutputFor(IReadOnlyList<Variable> inputs, OutputContext context);

    /// <summary>Not used by merge layers: they take a list of inputs.</summary>
    public sealed override Variable GetOutputFor(Variable input, OutputContext context) => GetOutputFor([input], context);

    /// <summary>Not used by merge layers: they take a list of shapes.</summary>
    public sealed override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape) => GetOutputShapeFor([inputShape]);

    /// <summary>A <see cref="ShapeMismatchException"/> naming this layer and every incoming shape.</summary>
    protected ShapeMismatchException ShapeError(string problem, IReadOnlyList<IReadOnlyList<int?>> inputShapes) =>
        new(Describe(), $"{problem} (input shapes {string.Join(", ", inputShapes.Select(FormatShape))})");

    private protected override string DescribeInputShapes() => string.Join(", ", InputShapes.Select(FormatShape));

    private protected override IReadOnlyList<int?> ComputeOutputShape() => GetOutputShapeFor(InputShapes);

    internal override Variable BuildOutput(IReadOnlyList<Variable> inputs, OutputContext context) => GetOutputFor(inputs, context);
}
