using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// Applies an arbitrary expression to its input (Lasagne's <c>ExpressionLayer</c>): output = f(x).
/// Shape rule: a given function of the input shape, the input shape when none is given (Lasagne's
/// <c>output_shape=None</c>), or, with <see cref="Auto"/>, the shape found by evaluating the expression on zeros
/// (Lasagne's <c>'auto'</c>: unknown extents are taken as 1, and output axes whose input axis is unknown stay
/// unknown). No parameters.
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

    /// <summary>Pass as the shape rule to infer the output shape by evaluating the expression on a zero input.</summary>
    public static Func<IReadOnlyList<int?>, IReadOnlyList<int?>> Auto { get; } = shape => shape;

    /// <summary>The expression applied.</summary>
    public Func<Variable, Variable> Function { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape) =>
        ReferenceEquals(_shapeRule, Auto) ? InferShape(inputShape) : _shapeRule?.Invoke(inputShape) ?? inputShape;

    private int?[] InferShape(IReadOnlyList<int?> inputShape)
    {
        var dims = new int[inputShape.Count];
        for (int i = 0; i < dims.Length; i++) dims[i] = inputShape[i] ?? 1;
        var x = new Variable(TensorType.OfRank(DType, dims.Length), "expression.probe");
        Tensor zeros = DType == DType.Float64 ? Tensor.Zeros<double>(dims) : Tensor.Zeros<float>(dims);
        var computed = Autodiff.Function.Compile([x], Function(x)).Invoke(zeros)[0].Shape;
        var result = new int?[computed.Rank];
        for (int i = 0; i < result.Length; i++)
            result[i] = i < inputShape.Count && inputShape[i] is null ? null : computed[i];
        return result;
    }

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context) => Function(input);
}
