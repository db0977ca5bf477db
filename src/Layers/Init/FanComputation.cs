using NeuralCore.Tensors;

namespace NeuralCore.Layers.Init;

/// <summary>
/// Fan-in and fan-out of a weight shape, in one place, with Lasagne's conventions: dense weights
/// are (in, out) and convolution weights (out, in, h, w). The two formulas deliberately differ,
/// as in Lasagne, so that trained files stay interchangeable.
/// </summary>
internal static class FanComputation
{
    /// <summary>Glorot's fan pair: n1 = shape[0], n2 = shape[1], each multiplied by the receptive
    /// field size prod(shape[2:]). For a conv (out, in, h, w): (out·h·w, in·h·w).</summary>
    public static (double N1, double N2) GlorotFans(Shape shape, string initializer)
    {
        if (shape.Rank < 2)
            throw new ArgumentException($"{initializer}: only shapes of length 2 or more are supported, got {shape}");
        double receptive = 1;
        for (int i = 2; i < shape.Rank; i++) receptive *= shape[i];
        return (shape[0] * receptive, shape[1] * receptive);
    }

    /// <summary>He's fan-in: shape[0] for a 2-D (in, out) dense weight, prod(shape[1:]) for a
    /// conv weight (out, in, h, w) = in·h·w.</summary>
    public static double HeFanIn(Shape shape, string initializer)
    {
        if (shape.Rank < 2)
            throw new ArgumentException($"{initializer}: only shapes of length 2 or more are supported, got {shape}");
        if (shape.Rank == 2) return shape[0];
        double fanIn = 1;
        for (int i = 1; i < shape.Rank; i++) fanIn *= shape[i];
        return fanIn;
    }
}
