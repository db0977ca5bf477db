using System.Globalization;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Init;

/// <summary>Every element equal to <see cref="Value"/> (Lasagne's <c>Constant(val=0.0)</c>); the default for biases.</summary>
/// <param name="value">The value of every element.</param>
public sealed class Constant(double value = 0.0) : Initializer
{
    /// <summary>The value of every element.</summary>
    public double Value { get; } = value;

    /// <inheritdoc/>
    protected override void Fill(Span<double> values, Shape shape, RandomGenerator rng) => values.Fill(Value);

    /// <inheritdoc/>
    public override string ToString() => $"Constant({Value.ToString(CultureInfo.InvariantCulture)})";
}
