using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// Base of every layer, as Lasagne's <c>lasagne.layers.Layer</c>: a layer has one incoming layer
/// (or, for unit tests and stand-alone use, just an input shape), an optional name, registered
/// parameters with <see cref="ParamTags"/>, a shape rule <see cref="GetOutputShapeFor"/> on shapes with
/// null for unknown extents (the batch size), and an expression rule <see cref="GetOutputFor"/>.
/// Shapes are checked when the layer is constructed, so a network that does not fit fails before
/// any graph is compiled. Layers with several incoming layers derive from <see cref="MergeLayer"/>.
/// </summary>
public abstract class Layer
{
    private readonly List<(SharedVariable Variable, ParamTags Tags)> _params = [];
    private int?[]? _outputShape;

    /// <summary>Creates a layer fed by <paramref name="incoming"/>.</summary>
    protected Layer(Layer incoming, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        InputLayer = incoming;
        InputShape = incoming.OutputShape;
        Name = name;
        DType = incoming.DType;
    }

    /// <summary>Creates a layer that stands alone with a given input shape (null extents are unknown).</summary>
    protected Layer(IReadOnlyList<int?> inputShape, string? name = null, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        InputShape = ValidateShape(inputShape, GetType().Name, name);
        Name = name;
        DType = dtype;
    }

    /// <summary>For <see cref="Layers.InputLayer"/> and <see cref="MergeLayer"/>, which set their inputs themselves.</summary>
    private protected Layer(string? name, DType dtype)
    {
        InputShape = [];
        Name = name;
        DType = dtype;
    }

    /// <summary>The incoming layer, or null for an input layer, a merge layer or a layer built from a shape.</summary>
    public Layer? InputLayer { get; }

    /// <summary>The shape of the incoming data (null extents are unknown).</summary>
    public IReadOnlyList<int?> InputShape { get; }

    /// <summary>The optional name, used for parameter names ("conv1.W") and in messages.</summary>
    public string? Name { get; }

    /// <summary>The element type of this layer's parameters and output: the dtype of the incoming data
    /// (float32 unless the network's input variable is float64, as in gradient checks).</summary>
    public DType DType { get; private protected init; }

    /// <summary>The output shape, from <see cref="GetOutputShapeFor"/> on the input shape (computed once).</summary>
    public IReadOnlyList<int?> OutputShape => _outputShape ??= ValidateShape(ComputeOutputShape(), GetType().Name, Name, DescribeInputShapes());

    /// <summary>The layer's parameters with their tags, in registration order.</summary>
    public IReadOnlyList<(SharedVariable Variable, ParamTags Tags)> ParamsWithTags => _params;

    /// <summary>The layers feeding this one (none for an input layer).</summary>
    public virtual IReadOnlyList<Layer> IncomingLayers => InputLayer is null ? [] : [InputLayer];

    /// <summary>The output shape for an input of shape <paramref name="inputShape"/>; the identity by default.
    /// Throws a <see cref="ShapeMismatchException"/> (see <see cref="ShapeError"/>) when the shape does not fit.</summary>
    public virtual IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape) => inputShape;

    /// <summary>The symbolic output for the symbolic input <paramref name="input"/>.</summary>
    /// <param name="input">The incoming expression.</param>
    /// <param name="context">Whether the pass is deterministic (no dropout/noise, batch-norm averages), and where
    /// layers register updates of their state (batch-norm running averages).</param>
    public abstract Variable GetOutputFor(Variable input, OutputContext context);

    /// <summary>The parameters whose tags include every flag of <paramref name="include"/> and none of
    /// <paramref name="exclude"/> (Lasagne's <c>get_params(**tags)</c>).</summary>
    public IReadOnlyList<SharedVariable> GetParams(ParamTags include, ParamTags exclude = ParamTags.None)
    {
        var result = new List<SharedVariable>();
        foreach (var (v, tags) in _params)
            if ((tags & include) == include && (tags & exclude) == 0) result.Add(v);
        return result;
    }

    /// <summary>The parameters filtered Lasagne-style: true requires the tag, false excludes it, null ignores it.</summary>
    public IReadOnlyList<SharedVariable> GetParams(bool? trainable = null, bool? regularizable = null, bool? batchNormStat = null)
    {
        var (include, exclude) = TagFilter(trainable, regularizable, batchNormStat);
        return GetParams(include, exclude);
    }

    /// <summary>The tags of <paramref name="parameter"/>, which must belong to this layer.</summary>
    public ParamTags TagsOf(SharedVariable parameter)
    {
        foreach (var (v, tags) in _params) if (ReferenceEquals(v, parameter)) return tags;
        throw new ArgumentException($"{Describe()}: '{parameter.Name}' is not a parameter of this layer");
    }

    /// <summary>Registers a parameter of shape <paramref name="shape"/> created from <paramref name="spec"/>
    /// (Lasagne's <c>add_param</c>); the variable is named "layerName.name" when the layer has a name.
    /// Returns null when <paramref name="spec"/> is <see cref="ParamSpec.None"/>.</summary>
    protected SharedVariable? AddParam(ParamSpec spec, Shape shape, string name, ParamTags tags = ParamTags.Default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string fullName = Name is null ? name : $"{Name}.{name}";
        var variable = spec.Create(shape, DType, fullName, Describe());
        if (variable is null) return null;
        _params.Add((variable, tags));
        return variable;
    }

    /// <summary>Registers a parameter that must exist (spec must not be <see cref="ParamSpec.None"/>).</summary>
    protected SharedVariable AddRequiredParam(ParamSpec spec, Shape shape, string name, ParamTags tags = ParamTags.Default) =>
        AddParam(spec, shape, name, tags) ?? throw new ArgumentException($"{Describe()}: parameter '{name}' cannot be None");

    /// <summary>For per-feature parameters (bias, scale, PReLU slope): the input axes the parameter varies along
    /// (all but <paramref name="sharedAxes"/>; null = Lasagne's 'auto', all but axis 1) and its shape.</summary>
    private protected (int[] Axes, Shape Shape) PerFeatureParameter(IReadOnlyList<int>? sharedAxes, string what)
    {
        var axes = SharedAxes.ParameterAxes(sharedAxes, InputShape.Count, Describe());
        var dims = new int[axes.Length];
        for (int i = 0; i < dims.Length; i++)
            dims[i] = InputShape[axes[i]] ?? throw ShapeError($"axis {axes[i]} needs a known extent for the {what} (or share it)", InputShape);
        return (axes, new Shape(dims));
    }

    /// <summary>Removes a parameter from this layer's list (used by <see cref="BatchNorm"/> on layers it rebuilds).</summary>
    internal void RemoveParam(SharedVariable parameter) => _params.RemoveAll(p => ReferenceEquals(p.Variable, parameter));

    /// <summary>The layer type and its name, e.g. <c>DenseLayer 'fc1'</c>, for messages.</summary>
    public string Describe() => Name is null ? GetType().Name : $"{GetType().Name} '{Name}'";

    /// <summary>A <see cref="ShapeMismatchException"/> whose message names this layer and the shapes.</summary>
    protected ShapeMismatchException ShapeError(string problem, IReadOnlyList<int?> inputShape) =>
        new(Describe(), $"{problem} (input shape {FormatShape(inputShape)})");

    /// <summary>Computes and checks the output shape now; concrete layers call this at the end of their
    /// constructor so that a shape error surfaces where the layer is built.</summary>
    protected void ValidateOutputShape() => _ = OutputShape;

    /// <summary>The input shape(s) as text, for messages.</summary>
    private protected virtual string DescribeInputShapes() => FormatShape(InputShape);

    /// <summary>Computes the output shape from the input shape(s); merge layers override.</summary>
    private protected virtual IReadOnlyList<int?> ComputeOutputShape() => GetOutputShapeFor(InputShape);

    /// <summary>Builds the output from the incoming expressions (one per incoming layer); merge layers override.</summary>
    internal virtual Variable BuildOutput(IReadOnlyList<Variable> inputs, OutputContext context) => GetOutputFor(inputs[0], context);

    /// <summary>Formats a layer shape as Lasagne prints it: <c>(None, 1, 28, 28)</c>.</summary>
    public static string FormatShape(IReadOnlyList<int?> shape)
    {
        var parts = new string[shape.Count];
        for (int i = 0; i < parts.Length; i++) parts[i] = shape[i]?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None";
        return shape.Count == 1 ? $"({parts[0]},)" : $"({string.Join(", ", parts)})";
    }

    internal static (ParamTags Include, ParamTags Exclude) TagFilter(bool? trainable, bool? regularizable, bool? batchNormStat)
    {
        ParamTags include = ParamTags.None, exclude = ParamTags.None;
        Apply(trainable, ParamTags.Trainable);
        Apply(regularizable, ParamTags.Regularizable);
        Apply(batchNormStat, ParamTags.BatchNormStat);
        return (include, exclude);

        void Apply(bool? flag, ParamTags tag)
        {
            if (flag == true) include |= tag;
            else if (flag == false) exclude |= tag;
        }
    }

    private static int?[] ValidateShape(IReadOnlyList<int?> shape, string type, string? name, string? inputs = null)
    {
        var copy = new int?[shape.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            if (shape[i] is <= 0)
            {
                string who = name is null ? type : $"{type} '{name}'";
                throw new ShapeMismatchException(who, inputs is not null
                    ? $"output shape {FormatShape(shape)} has a non-positive extent on axis {i}; the input is too small for this layer (input shape {inputs})"
                    : $"cannot create a layer with a non-positive input extent on axis {i}: {FormatShape(shape)}");
            }
            copy[i] = shape[i];
        }
        return copy;
    }
}
