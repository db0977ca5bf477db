using System.Globalization;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Init;

/// <summary>
/// Base of the initializers that draw from a normal or uniform distribution whose standard deviation
/// depends on the weight shape (<see cref="Glorot"/>, <see cref="He"/>): they differ only in <see cref="StdFor"/>.
/// </summary>
public abstract class VarianceScaling : Initializer
{
    /// <summary>Sets the distribution and gain.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the gain is not positive.</exception>
    protected VarianceScaling(Distribution distribution, double gain)
    {
        if (!(gain > 0)) throw new ArgumentOutOfRangeException(nameof(gain), gain, $"{GetType().Name}: gain must be positive");
        Distribution = distribution;
        Gain = gain;
    }

    /// <summary>The distribution drawn from.</summary>
    public Distribution Distribution { get; }

    /// <summary>The gain.</summary>
    public double Gain { get; }

    /// <summary>The standard deviation used for a weight of shape <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">When the shape has fewer than 2 axes.</exception>
    public abstract double StdFor(Shape shape);

    /// <inheritdoc/>
    protected override void Fill(Span<double> values, Shape shape, RandomGenerator rng)
    {
        double std = StdFor(shape);
        if (Distribution == Distribution.Normal) rng.Normal(values, 0.0, std);
        else
        {
            // U[-a, a) has standard deviation a / √3.
            double a = Math.Sqrt(3.0) * std;
            rng.Uniform(values, -a, a);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{GetType().Name}(gain={Gain})");
}
