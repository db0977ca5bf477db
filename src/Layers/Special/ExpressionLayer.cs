using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Applies an arbitrary expression to its input (Lasagne's <c>ExpressionLayer</c>): output = f(x).
/// Shape rule: a given function of the input shape, or the input shape when none is given
/// (Lasagne's <c>output_shape=None</c>). No parameters.
/// </summary>
public sealed class ExpressionLayer : Layer
{
    private readonly Func<IReadOnlyList<int?>, IReadOnlyList<int?>>? _shapeRule;

    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="function">The expression to apply.</param>
    /// <param name="outputShape">The shape rule; null means the output has the input's shape.</param>
    /// <param name="name">Optional layer name.</param>
    public ExpressionLayer(Layer incoming, Func<Variable, Variable> function, Func<IReadOnlyList<int?>, IReadOnlyList<int?>>? outputShape = null, string? name = null)
        : base(incoming, name)
    {
        Function = function ?? throw new ArgumentNullException(nameof(function));
        _shapeRule = outputShape;
        ValidateOutputShape();
    }

    /// <summary>Creates the layer with a fixed output shape.</summary>
    public ExpressionLayer(Layer incoming, Func<Variable, Variable> function, IReadOnlyList<int?> outputShape, string? name = null)
        : this(incoming, function, FixedShape(outputShape), name) { }

    private static Func<IReadOnlyList<int?>, IReadOnlyList<int?>> FixedShape(IReadOnlyList<int?> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var copy = shape.ToArray();
        return _ => copy;
    }

    /// <summary>The expression applied.</summary>
    public Func<Variable, Variable> Function { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape) => _shapeRule?.Invoke(inputShape) ?? inputShape;

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context) => Function(input);
}
