using NeuralCore.Tensors;

namespace NeuralCore.Layers.Init;

/// <summary>
/// Glorot/Xavier initialization (Lasagne's <c>Glorot(initializer, gain=1.0)</c>):
/// std = gain · √(2 / ((n1 + n2) · receptive field)) with n1, n2 = shape[0], shape[1] and the receptive
/// field prod(shape[2:]). For a dense weight (in, out) this is gain·√(2/(in+out)); for a conv
/// weight (out, in, h, w) it uses fan-in in·h·w and fan-out out·h·w, as Lasagne does.
/// </summary>
/// <param name="distribution">Normal or uniform draws with the computed std.</param>
/// <param name="gain">Scale factor; <see cref="Init.Gain.Relu"/> (√2) for rectifier layers.</param>
public class Glorot(Distribution distribution, double gain = 1.0) : VarianceScaling(distribution, gain)
{
    /// <inheritdoc/>
    public override double StdFor(Shape shape)
    {
        var (n1, n2) = FanComputation.GlorotFans(shape, GetType().Name);
        return Gain * Math.Sqrt(2.0 / (n1 + n2));
    }
}

/// <summary>Glorot initialization with uniform draws: U[-a, a) with a = √3·std (Lasagne's default for dense and conv weights).</summary>
/// <param name="gain">Scale factor; <see cref="Init.Gain.Relu"/> (√2) for rectifier layers.</param>
public sealed class GlorotUniform(double gain = 1.0) : Glorot(Distribution.Uniform, gain);

/// <summary>Glorot initialization with normal draws N(0, std²).</summary>
/// <param name="gain">Scale factor; <see cref="Init.Gain.Relu"/> (√2) for rectifier layers.</param>
public sealed class GlorotNormal(double gain = 1.0) : Glorot(Distribution.Normal, gain);
