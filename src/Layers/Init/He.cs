using System.Globalization;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Init;

/// <summary>
/// He/Kaiming initialization (Lasagne's <c>He(initializer, gain=1.0)</c>): std = gain · √(1 / fan_in)
/// with fan_in = shape[0] for a dense weight (in, out) and prod(shape[1:]) = in·h·w for a conv weight
/// (out, in, h, w). Pass <see cref="Init.Gain.Relu"/> for the √(2 / fan_in) of the paper.
/// </summary>
public class He : Initializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="distribution">Normal or uniform draws with the computed std.</param>
    /// <param name="gain">Scale factor; <see cref="Init.Gain.Relu"/> (√2) for rectifier layers.</param>
    public He(Distribution distribution, double gain = 1.0)
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
    public double StdFor(Shape shape) => Gain * Math.Sqrt(1.0 / FanComputation.HeFanIn(shape, GetType().Name));

    /// <inheritdoc/>
    protected override void Fill(Span<double> values, Shape shape, RandomGenerator rng) =>
        VarianceScaling.Fill(values, Distribution, StdFor(shape), rng);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{GetType().Name}(gain={Gain})");
}

/// <summary>He initialization with uniform draws U[-√3·std, √3·std).</summary>
/// <param name="gain">Scale factor; <see cref="Init.Gain.Relu"/> (√2) for rectifier layers.</param>
public sealed class HeUniform(double gain = 1.0) : He(Distribution.Uniform, gain);

/// <summary>He initialization with normal draws N(0, std²).</summary>
/// <param name="gain">Scale factor; <see cref="Init.Gain.Relu"/> (√2) for rectifier layers.</param>
public sealed class HeNormal(double gain = 1.0) : He(Distribution.Normal, gain);
