using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Flattens the trailing axes (Lasagne's <c>FlattenLayer</c>): keeps the first outdim - 1 axes and merges
/// the rest into one. Shape rule: <c>input[:outdim-1] + (prod(input[outdim-1:]),)</c> (null when unknown).
/// No parameters.
/// </summary>
public sealed class FlattenLayer : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="outdim">Number of output axes (2 by default: a batch of vectors); at least 1.</param>
    /// <param name="name">Optional layer name.</param>
    public FlattenLayer(Layer incoming, int outdim = 2, string? name = null) : base(incoming, name)
    {
        if (outdim < 1) throw new ArgumentOutOfRangeException(nameof(outdim), outdim, $"{Describe()}: outdim must be at least 1");
        if (outdim > InputShape.Count) throw ShapeError($"outdim {outdim} exceeds the input's {InputShape.Count} dimensions", InputShape);
        Outdim = outdim;
        ValidateOutputShape();
    }

    /// <summary>Number of output axes.</summary>
    public int Outdim { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape)
    {
        var output = new int?[Outdim];
        for (int i = 0; i < Outdim - 1; i++) output[i] = inputShape[i];
        output[^1] = ShapeUtil.Product(inputShape, Outdim - 1, inputShape.Count);
        return output;
    }

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        if (input.Rank == Outdim) return input;
        var dims = new Dim[Outdim];
        for (int i = 0; i < Outdim - 1; i++) dims[i] = ShapeUtil.DimOf(input, InputShape, i);
        dims[^1] = ShapeUtil.Product(InputShape, Outdim - 1, InputShape.Count) ?? -1;
        return input.Reshape(dims);
    }
}
