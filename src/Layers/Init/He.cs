using NeuralCore.Tensors;

namespace NeuralCore.Layers.Init;

/// <summary>
/// He/Kaiming initialization (Lasagne's <c>He(initializer, gain=1.0)</c>): std = gain · √(1 / fan_in)
/// with fan_in = shape[0] for a dense weight (in, out) and prod(shape[1:]) = in·h·w for a conv weight
/// (out, in, h, w). Pass <see cref="Init.Gain.Relu"/> for the √(2 / fan_in) of the paper.
/// </summary>
/// <param name="distribution">Normal or uniform draws with the computed std.</param>
/// <param name="gain">Scale factor; <see cref="Init.Gain.Relu"/> (√2) for rectifier layers.</param>
public class He(Distribution distribution, double gain = 1.0) : VarianceScaling(distribution, gain)
{
    /// <inheritdoc/>
    public override double StdFor(Shape shape) => Gain * Math.Sqrt(1.0 / FanComputation.HeFanIn(shape, GetType().Name));
}

/// <summary>He initialization with uniform draws U[-√3·std, √3·std).</summary>
/// <param name="gain">Scale factor; <see cref="Init.Gain.Relu"/> (√2) for rectifier layers.</param>
public sealed class HeUniform(double gain = 1.0) : He(Distribution.Uniform, gain);

/// <summary>He initialization with normal draws N(0, std²).</summary>
/// <param name="gain">Scale factor; <see cref="Init.Gain.Relu"/> (√2) for rectifier layers.</param>
public sealed class HeNormal(double gain = 1.0) : He(Distribution.Normal, gain);
