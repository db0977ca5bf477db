using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Additive Gaussian noise (Lasagne's <c>GaussianNoiseLayer</c>): in training output = x + n with
/// n ~ N(0, sigma²) drawn per element; deterministic passes return the input. Shape rule: the input shape.
/// No parameters.
/// </summary>
public sealed class GaussianNoiseLayer : Layer
{
    private readonly RandomStreams _streams;

    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="sigma">Standard deviation of the noise; Lasagne's default 0.1.</param>
    /// <param name="name">Optional layer name.</param>
    public GaussianNoiseLayer(Layer incoming, double sigma = 0.1, string? name = null) : base(incoming, name)
    {
        if (!(sigma >= 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, $"{Describe()}: sigma must be zero or positive");
        Sigma = sigma;
        _streams = new RandomStreams(LayersRandom.NextSeed());
        ValidateOutputShape();
    }

    /// <summary>Standard deviation of the noise.</summary>
    public double Sigma { get; }

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        if (context.Deterministic || Sigma == 0) return input;
        var shape = new Dim[input.Rank];
        for (int i = 0; i < shape.Length; i++) shape[i] = ShapeUtil.DimOf(input, InputShape, i);
        return input + _streams.Normal(shape, 0.0, Sigma, input.DType);
    }
}
