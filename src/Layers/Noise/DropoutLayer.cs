using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Dropout (Lasagne's <c>DropoutLayer</c>, Srivastava et al. 2014): in training, each element is zeroed
/// with probability <see cref="P"/> and, with <see cref="Rescale"/> (the default), the survivors are divided by
/// 1 - p so the expected value is unchanged; output = x · mask / (1 - p). Deterministic passes (inference)
/// return the input unchanged. With <see cref="SharedAxes"/> one mask value is shared along those axes
/// (spatial dropout). Shape rule: the input shape. No parameters; the mask stream is seeded from
/// <see cref="LayersRandom"/> when the layer is built.
/// </summary>
public sealed class DropoutLayer : Layer
{
    private readonly RandomStreams _streams;
    private readonly int[] _sharedAxes;

    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="p">Probability of dropping an element, in [0, 1); Lasagne's default 0.5.</param>
    /// <param name="rescale">Divide the survivors by 1 - p (inverted dropout).</param>
    /// <param name="sharedAxes">Axes along which the mask is shared, e.g. [2, 3] to drop whole feature maps.</param>
    /// <param name="name">Optional layer name.</param>
    public DropoutLayer(Layer incoming, double p = 0.5, bool rescale = true, IReadOnlyList<int>? sharedAxes = null, string? name = null) : base(incoming, name)
    {
        if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, $"{Describe()}: the drop probability must be in [0, 1)");
        P = p;
        Rescale = rescale;
        var axes = new List<int>();
        foreach (var a in sharedAxes ?? [])
        {
            int n = ShapeUtil.Axis(a, InputShape.Count);
            if (n < 0) throw ShapeError($"shared axis {a} is out of range", InputShape);
            axes.Add(n);
        }
        _sharedAxes = axes.ToArray();
        _streams = new RandomStreams(LayersRandom.NextSeed());
        ValidateOutputShape();
    }

    /// <summary>The drop probability.</summary>
    public double P { get; }

    /// <summary>Whether survivors are scaled by 1 / (1 - p).</summary>
    public bool Rescale { get; }

    /// <summary>Axes along which one mask value is shared.</summary>
    public IReadOnlyList<int> SharedAxes => _sharedAxes;

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        if (context.Deterministic || P == 0) return input;
        double retain = 1 - P;
        var x = Rescale ? input / retain : input;
        var maskShape = new Dim[input.Rank];
        for (int i = 0; i < maskShape.Length; i++)
            maskShape[i] = Array.IndexOf(_sharedAxes, i) >= 0 ? 1 : ShapeUtil.DimOf(input, InputShape, i);
        var mask = _streams.Binomial(maskShape, retain, dtype: input.DType);
        return x * mask;
    }
}
