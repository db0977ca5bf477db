using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>How <see cref="GlobalPoolLayer"/> reduces the trailing axes.</summary>
public enum GlobalPoolFunction
{
    /// <summary>The mean (Lasagne's default, <c>T.mean</c>).</summary>
    Mean,
    /// <summary>The maximum.</summary>
    Max,
    /// <summary>The sum.</summary>
    Sum,
}

/// <summary>
/// Pools over all axes after the second (Lasagne's <c>GlobalPoolLayer</c>): output[b, c] = f(x[b, c, ...]).
/// Shape rule: (batch, channels). No parameters.
/// </summary>
public sealed class GlobalPoolLayer : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one (at least 3 dimensions).</param>
    /// <param name="function">The reduction; the mean by default.</param>
    /// <param name="name">Optional layer name.</param>
    public GlobalPoolLayer(Layer incoming, GlobalPoolFunction function = GlobalPoolFunction.Mean, string? name = null) : base(incoming, name)
    {
        if (InputShape.Count < 3) throw ShapeError("expects at least 3 dimensions (batch, channels, pooled axes...)", InputShape);
        Function = function;
        ValidateOutputShape();
    }

    /// <summary>The reduction.</summary>
    public GlobalPoolFunction Function { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape) => [inputShape[0], inputShape[1]];

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        var x = input.Rank == 3 ? input : input.Reshape(ShapeUtil.DimOf(input, InputShape, 0), ShapeUtil.DimOf(input, InputShape, 1), -1);
        return Function switch
        {
            GlobalPoolFunction.Mean => x.Mean(2),
            GlobalPoolFunction.Max => x.Max(2),
            _ => x.Sum(2),
        };
    }
}
