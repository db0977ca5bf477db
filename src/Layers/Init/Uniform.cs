using System.Globalization;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Init;

/// <summary>
/// Independent draws from U[low, high) (Lasagne's <c>Uniform(range=0.01, std=None, mean=0.0)</c>):
/// a single range r means [-r, r); <see cref="FromStd"/> gives the interval of width 2·√3·std around
/// the mean, which has exactly that standard deviation.
/// </summary>
public sealed class Uniform : Initializer
{
    /// <summary>U[-range, range), Lasagne's default range 0.01.</summary>
    public Uniform(double range = 0.01) : this(-range, range) { }

    /// <summary>U[low, high).</summary>
    /// <exception cref="ArgumentException">When high is below low.</exception>
    public Uniform(double low, double high)
    {
        if (!(high >= low)) throw new ArgumentException($"Uniform: high ({high}) must not be below low ({low})");
        Low = low;
        High = high;
    }

    /// <summary>The uniform distribution with standard deviation <paramref name="std"/> around
    /// <paramref name="mean"/>: U[mean - √3·std, mean + √3·std).</summary>
    public static Uniform FromStd(double std, double mean = 0.0)
    {
        if (!(std >= 0)) throw new ArgumentOutOfRangeException(nameof(std), std, "Uniform: std must be zero or positive");
        double a = Math.Sqrt(3.0) * std;
        return new Uniform(mean - a, mean + a);
    }

    /// <summary>Lower end of the interval.</summary>
    public double Low { get; }

    /// <summary>Upper end of the interval.</summary>
    public double High { get; }

    /// <inheritdoc/>
    protected override void Fill(Span<double> values, Shape shape, RandomGenerator rng) => rng.Uniform(values, Low, High);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Uniform({Low}, {High})");
}
