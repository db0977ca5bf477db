using System.Globalization;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Init;

/// <summary>
/// Glorot/Xavier initialization (Lasagne's <c>Glorot(initializer, gain=1.0)</c>):
/// std = gain · √(2 / ((n1 + n2) · receptive field)) with n1, n2 = shape[0], shape[1] and the receptive
/// field prod(shape[2:]). For a dense weight (in, out) this is gain·√(2/(in+out)); for a conv
/// weight (out, in, h, w) it uses fan-in in·h·w and fan-out out·h·w, as Lasagne does.
/// </summary>
public class Glorot : Initializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="distribution">Normal or uniform draws with the computed std.</param>
    /// <param name="gain">Scale factor; <see cref="Init.Gain.Relu"/> (√2) for rectifier layers.</param>
    public Glorot(Distribution distribution, double gain = 1.0)
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
    public double StdFor(Shape shape)
    {
        var (n1, n2) = FanComputation.GlorotFans(shape, GetType().Name);
        return Gain * Math.Sqrt(2.0 / (n1 + n2));
    }

    /// <inheritdoc/>
    protected override void Fill(Span<double> values, Shape shape, RandomGenerator rng) =>
        VarianceScaling.Fill(values, Distribution, StdFor(shape), rng);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{GetType().Name}(gain={Gain})");
}

/// <summary>Glorot initialization with uniform draws: U[-a, a) with a = √3·std (Lasagne's default for dense and conv weights).</summary>
/// <param name="gain">Scale factor; <see cref="Init.Gain.Relu"/> (√2) for rectifier layers.</param>
public sealed class GlorotUniform(double gain = 1.0) : Glorot(Distribution.Uniform, gain);

/// <summary>Glorot initialization with normal draws N(0, std²).</summary>
/// <param name="gain">Scale factor; <see cref="Init.Gain.Relu"/> (√2) for rectifier layers.</param>
public sealed class GlorotNormal(double gain = 1.0) : Glorot(Distribution.Normal, gain);

/// <summary>Draws from the chosen distribution given a standard deviation.</summary>
internal static class VarianceScaling
{
    public static void Fill(Span<double> values, Distribution distribution, double std, RandomGenerator rng)
    {
        if (distribution == Distribution.Normal) rng.Normal(values, 0.0, std);
        else
        {
            double a = Math.Sqrt(3.0) * std;
            rng.Uniform(values, -a, a);
        }
    }
}
