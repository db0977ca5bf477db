using System.Globalization;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Init;

/// <summary>Independent draws from N(mean, std²) (Lasagne's <c>Normal(std=0.01, mean=0.0)</c>).</summary>
public sealed class Normal : Initializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="std">Standard deviation, 0.01 by default; must not be negative.</param>
    /// <param name="mean">Mean, 0 by default.</param>
    public Normal(double std = 0.01, double mean = 0.0)
    {
        if (!(std >= 0)) throw new ArgumentOutOfRangeException(nameof(std), std, "Normal: std must be zero or positive");
        Std = std;
        Mean = mean;
    }

    /// <summary>The standard deviation.</summary>
    public double Std { get; }

    /// <summary>The mean.</summary>
    public double Mean { get; }

    /// <inheritdoc/>
    protected override void Fill(Span<double> values, Shape shape, RandomGenerator rng) => rng.Normal(values, Mean, Std);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Normal(std={Std}, mean={Mean})");
}
