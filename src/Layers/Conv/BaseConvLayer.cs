using NeuralCore.Autodiff;
using NeuralCore.Layers.Init;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// Shared machinery of the convolution layers (Lasagne's <c>BaseConvLayer</c>): input
/// (batch, channels, spatial...), weights W (numFilters, channels, filter...), bias b (numFilters,) or,
/// with untied biases, (numFilters, output spatial...). Output spatial extents follow
/// <see cref="ConvShape.OutputLength"/> for the stride and padding. Default W is GlorotUniform, default b
/// zeros, default nonlinearity rectify, and filters are flipped by default (a true convolution, as Lasagne's
/// <c>flip_filters=True</c>; weights trained with Lasagne therefore load unchanged).
/// </summary>
public abstract class BaseConvLayer : Layer
{
    private readonly int[] _filterSize, _stride, _pad;

    /// <summary>Sets up the shared parameters; <paramref name="spatialDims"/> is 1 or 2.</summary>
    private protected BaseConvLayer(Layer incoming, int numFilters, int[] filterSize, int[] stride, ConvPad pad, bool untieBiases,
        ParamSpec? W, ParamSpec? b, Func<Variable, Variable>? nonlinearity, bool flipFilters, int spatialDims, string? name)
        : base(incoming, name)
    {
        if (numFilters <= 0) throw new ArgumentOutOfRangeException(nameof(numFilters), numFilters, $"{Describe()}: numFilters must be positive");
        int rank = spatialDims + 2;
        if (InputShape.Count != rank)
            throw ShapeError($"expects a {rank}-dimensional input (batch, channels, {(spatialDims == 1 ? "length" : "rows, columns")}), got {InputShape.Count} dimensions", InputShape);
        foreach (var f in filterSize) if (f <= 0) throw new ArgumentOutOfRangeException(nameof(filterSize), f, $"{Describe()}: filter sizes must be positive");
        foreach (var s in stride) if (s <= 0) throw new ArgumentOutOfRangeException(nameof(stride), s, $"{Describe()}: strides must be positive");
        if (pad.Mode == ConvPadMode.Same)
            foreach (var f in filterSize)
                if (f % 2 == 0) throw new ArgumentException($"{Describe()}: 'same' padding requires odd filter sizes, got {Shape.Format(filterSize)}");
        if (pad.Mode == ConvPadMode.Explicit && pad.AmountCount != 1 && pad.AmountCount != spatialDims)
            throw new ArgumentException($"{Describe()}: pad {pad} must have 1 or {spatialDims} amounts");
        NumFilters = numFilters;
        _filterSize = filterSize;
        _stride = stride;
        _pad = new int[spatialDims];
        for (int i = 0; i < spatialDims; i++) _pad[i] = pad.AmountFor(i, filterSize[i]);
        Pad = pad;
        UntieBiases = untieBiases;
        FlipFilters = flipFilters;
        Nonlinearity = nonlinearity ?? Nonlinearities.Rectify;

        int channels = InputShape[1] ?? throw ShapeError("the number of input channels (axis 1) must be known", InputShape);
        var wShape = new int[rank];
        wShape[0] = numFilters;
        wShape[1] = channels;
        for (int i = 0; i < spatialDims; i++) wShape[2 + i] = filterSize[i];
        this.W = AddRequiredParam(W ?? new GlorotUniform(), new Shape(wShape), "W");

        var outShape = GetOutputShapeFor(InputShape);
        for (int i = 2; i < rank; i++)
            if (outShape[i] is <= 0)
                throw ShapeError($"filter {Shape.Format(filterSize)} with stride {Shape.Format(stride)} and pad {pad} does not fit: output shape would be {FormatShape(outShape)}", InputShape);
        if (untieBiases)
        {
            var bShape = new int[rank - 1];
            bShape[0] = numFilters;
            for (int i = 2; i < rank; i++)
                bShape[i - 1] = outShape[i] ?? throw ShapeError("untied biases need known spatial extents", InputShape);
            B = AddParam(b ?? new Init.Constant(0.0), new Shape(bShape), "b", ParamTags.Trainable);
        }
        else B = AddParam(b ?? new Init.Constant(0.0), new Shape(numFilters), "b", ParamTags.Trainable);
    }

    /// <summary>Number of filters (output channels).</summary>
    public int NumFilters { get; }

    /// <summary>Filter extent per spatial axis.</summary>
    public IReadOnlyList<int> FilterSize => _filterSize;

    /// <summary>Stride per spatial axis.</summary>
    public IReadOnlyList<int> Stride => _stride;

    /// <summary>The padding as given.</summary>
    public ConvPad Pad { get; }

    /// <summary>Zeros added per side of each spatial axis.</summary>
    public IReadOnlyList<int> PadAmounts => _pad;

    /// <summary>True when each output position has its own bias.</summary>
    public bool UntieBiases { get; }

    /// <summary>True for a true convolution (filters flipped), Lasagne's default.</summary>
    public bool FlipFilters { get; }

    /// <summary>The activation.</summary>
    public Func<Variable, Variable> Nonlinearity { get; internal set; }

    /// <summary>The filters (numFilters, channels, filter...).</summary>
    public SharedVariable W { get; }

    /// <summary>The bias, or null.</summary>
    public SharedVariable? B { get; internal set; }

    /// <inheritdoc/>
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape)
    {
        var output = new int?[inputShape.Count];
        output[0] = inputShape[0];
        output[1] = NumFilters;
        for (int i = 0; i < _filterSize.Length; i++)
            output[2 + i] = ConvShape.OutputLength(inputShape[2 + i], _filterSize[i], _stride[i], _pad[i]);
        return output;
    }

    /// <summary>The convolution of <paramref name="input"/> with <see cref="W"/> (no bias, no nonlinearity).</summary>
    protected abstract Variable Convolve(Variable input);

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        var conved = Convolve(input);
        if (B is not null)
        {
            int rank = conved.Rank;
            if (UntieBiases)
            {
                var axes = new int[rank - 1];
                for (int i = 0; i < axes.Length; i++) axes[i] = i + 1;
                conved += ShapeUtil.Broadcast(B, rank, axes);
            }
            else conved += ShapeUtil.Broadcast(B, rank, [1]);
        }
        return Nonlinearity(conved);
    }
}
