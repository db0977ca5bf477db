using NeuralCore.Autodiff;
using NeuralCore.Layers.Init;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// Fully connected layer (Lasagne's <c>DenseLayer</c>): output = nonlinearity(x·W + b), where the
/// trailing axes of the input after the first <see cref="NumLeadingAxes"/> are flattened into one.
/// Shape rule: <c>input[:numLeadingAxes] + (numUnits,)</c>. Parameters: W of shape
/// (prod(input[numLeadingAxes:]), numUnits), GlorotUniform by default, trainable and regularizable;
/// b of shape (numUnits,), zeros by default, trainable (<see cref="ParamSpec.None"/> for no bias).
/// </summary>
public sealed class DenseLayer : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="numUnits">Number of output units.</param>
    /// <param name="nonlinearity">The activation; null means Lasagne's default, <see cref="Nonlinearities.Rectify"/>
    /// (pass <see cref="Nonlinearities.Linear"/> for none).</param>
    /// <param name="W">Weights spec; <see cref="GlorotUniform"/> when null.</param>
    /// <param name="b">Bias spec; zeros when null, <see cref="ParamSpec.None"/> for no bias.</param>
    /// <param name="numLeadingAxes">Axes kept as they are (1: a batch of vectors); negative counts from the end.</param>
    /// <param name="name">Optional layer name.</param>
    public DenseLayer(Layer incoming, int numUnits, Func<Variable, Variable>? nonlinearity = null, ParamSpec? W = null, ParamSpec? b = null,
        int numLeadingAxes = 1, string? name = null)
        : base(incoming, name)
    {
        if (numUnits <= 0) throw new ArgumentOutOfRangeException(nameof(numUnits), numUnits, $"{Describe()}: numUnits must be positive");
        NumUnits = numUnits;
        Nonlinearity = nonlinearity ?? Nonlinearities.Rectify;
        int rank = InputShape.Count;
        int leading = numLeadingAxes < 0 ? numLeadingAxes + rank : numLeadingAxes;
        if (leading <= 0 || leading >= rank)
            throw ShapeError($"got numLeadingAxes={numLeadingAxes} for a {rank}-dimensional input, leaving no trailing axes for the dot product", InputShape);
        NumLeadingAxes = leading;
        if (ShapeUtil.Product(InputShape, leading, rank) is not int numInputs)
            throw ShapeError($"the number of input features (axes {leading}..{rank - 1}) must be known", InputShape);
        this.W = AddRequiredParam(W ?? new GlorotUniform(), new Shape(numInputs, numUnits), "W");
        this.B = AddParam(b ?? new Init.Constant(0.0), new Shape(numUnits), "b", ParamTags.Trainable);
        ValidateOutputShape();
    }

    /// <summary>Number of output units.</summary>
    public int NumUnits { get; }

    /// <summary>Number of leading axes kept (after resolving a negative value).</summary>
    public int NumLeadingAxes { get; }

    /// <summary>The activation function.</summary>
    public Func<Variable, Variable> Nonlinearity { get; internal set; }

    /// <summary>The weights (numInputs, numUnits).</summary>
    public SharedVariable W { get; }

    /// <summary>The bias (numUnits,), or null without bias.</summary>
    public SharedVariable? B { get; internal set; }

    /// <inheritdoc/>
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape)
    {
        var output = new int?[NumLeadingAxes + 1];
        for (int i = 0; i < NumLeadingAxes; i++) output[i] = inputShape[i];
        output[^1] = NumUnits;
        return output;
    }

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        int rank = input.Rank;
        int numInputs = W.Value.Shape[0];
        Variable activation;
        if (NumLeadingAxes == 1)
        {
            var x = rank == 2 ? input : input.Reshape(ShapeUtil.DimOf(input, InputShape, 0), numInputs);
            activation = T.Dot(x, W);
        }
        else
        {
            // Collapse the leading axes into one, multiply, then restore them.
            var x = input.Reshape(-1, numInputs);
            var y = T.Dot(x, W);
            var dims = new Dim[NumLeadingAxes + 1];
            for (int i = 0; i < NumLeadingAxes; i++) dims[i] = ShapeUtil.DimOf(input, InputShape, i);
            dims[^1] = NumUnits;
            activation = y.Reshape(dims);
        }
        if (B is not null) activation += ShapeUtil.Broadcast(B, NumLeadingAxes + 1, [NumLeadingAxes]);
        return Nonlinearity(activation);
    }
}
