namespace NeuralCore.Layers.Init;

/// <summary>Standard gains for the variance-scaling initializers (<see cref="Glorot"/>, <see cref="He"/>, <see cref="Orthogonal"/>).</summary>
public static class Gain
{
    /// <summary>Gain for layers followed by a rectifier, √2 (Lasagne's <c>gain='relu'</c>).</summary>
    public static readonly double Relu = Math.Sqrt(2.0);

    /// <summary>Gain for a leaky rectifier with the given negative slope: √(2 / (1 + leakiness²)).</summary>
    public static double LeakyRelu(double leakiness) => Math.Sqrt(2.0 / (1.0 + leakiness * leakiness));

    /// <summary>The identity gain, 1 (linear, sigmoid and softmax layers in Lasagne's convention).</summary>
    public const double Linear = 1.0;
}
