using System.Numerics;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Init;

/// <summary>
/// Base of the weight initializers (Lasagne's <c>lasagne.init</c>): <see cref="Sample{T}(Shape, RandomGenerator)"/>
/// draws a tensor of the requested shape. Values are drawn in double precision and then rounded to
/// the element type, so the same seed gives the same network in float32 and float64 (up to rounding).
/// Without an explicit generator, <see cref="LayersRandom.Generator"/> is used, as Lasagne uses
/// <c>lasagne.random.get_rng()</c>.
/// </summary>
public abstract class Initializer
{
    /// <summary>Draws a tensor of shape <paramref name="shape"/> from <paramref name="rng"/>.</summary>
    /// <exception cref="ArgumentException">When the initializer cannot handle a shape of this rank.</exception>
    public Tensor<T> Sample<T>(Shape shape, RandomGenerator rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        var values = new double[shape.Size];
        Fill(values, shape, rng);
        var result = new Tensor<T>(shape);
        var span = result.AsSpan();
        for (int i = 0; i < values.Length; i++) span[i] = T.CreateTruncating(values[i]);
        return result;
    }

    /// <summary>Draws a tensor of shape <paramref name="shape"/> from the shared <see cref="LayersRandom.Generator"/>.</summary>
    public Tensor<T> Sample<T>(Shape shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        lock (LayersRandom.SyncRoot) return Sample<T>(shape, LayersRandom.Generator);
    }

    /// <summary>Draws a float32 or float64 tensor according to <paramref name="dtype"/> (a layer's parameter dtype).</summary>
    public Tensor Sample(Shape shape, DType dtype, RandomGenerator rng) => dtype switch
    {
        DType.Float32 => Sample<float>(shape, rng),
        DType.Float64 => Sample<double>(shape, rng),
        _ => throw new ArgumentException($"{GetType().Name}: cannot initialize a parameter of dtype {dtype.Name()}; use float32 or float64", nameof(dtype)),
    };

    /// <summary>Writes the sampled values (row-major for <paramref name="shape"/>) into <paramref name="values"/>.</summary>
    protected abstract void Fill(Span<double> values, Shape shape, RandomGenerator rng);

    /// <summary>The description used in summaries and error messages, e.g. <c>GlorotUniform(gain=1)</c>.</summary>
    public override string ToString() => GetType().Name;
}
