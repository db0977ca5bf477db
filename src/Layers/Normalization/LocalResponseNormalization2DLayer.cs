using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// Cross-channel local response normalization (Lasagne's <c>LocalResponseNormalization2DLayer</c>,
/// Krizhevsky et al. 2012) on (batch, channels, rows, columns) data:
/// output[b, c, i, j] = x[b, c, i, j] / (k + alpha · Σ x[b, c', i, j]²)^beta, the sum over the n channels
/// c' with |c' - c| ≤ n / 2 that exist. As in Lasagne, alpha is not divided by n. Shape rule: the input
/// shape. No parameters.
/// </summary>
public sealed class LocalResponseNormalization2DLayer : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one (4 dimensions, known channel count).</param>
    /// <param name="alpha">Scale of the squared sum; Lasagne's default 1e-4.</param>
    /// <param name="k">Additive constant; default 2.</param>
    /// <param name="beta">Exponent; default 0.75.</param>
    /// <param name="n">Number of adjacent channels summed over; odd, default 5.</param>
    /// <param name="name">Optional layer name.</param>
    public LocalResponseNormalization2DLayer(Layer incoming, double alpha = 1e-4, double k = 2, double beta = 0.75, int n = 5, string? name = null)
        : base(incoming, name)
    {
        if (n <= 0 || n % 2 == 0) throw new ArgumentException($"{Describe()}: only works with odd n, got {n}", nameof(n));
        if (InputShape.Count != 4) throw ShapeError("expects 4 dimensions (batch, channels, rows, columns)", InputShape);
        if (InputShape[1] is null) throw ShapeError("the number of channels must be known", InputShape);
        if (!(k > 0)) throw new ArgumentOutOfRangeException(nameof(k), k, $"{Describe()}: k must be positive");
        Alpha = alpha;
        K = k;
        Beta = beta;
        N = n;
        ValidateOutputShape();
    }

    /// <summary>Scale of the squared sum.</summary>
    public double Alpha { get; }

    /// <summary>Additive constant.</summary>
    public double K { get; }

    /// <summary>Exponent.</summary>
    public double Beta { get; }

    /// <summary>Channels summed over.</summary>
    public int N { get; }

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        int channels = InputShape[1]!.Value, half = N / 2;
        // The windowed channel sum is a product with a band matrix: (b·h·w, c) · band(c, c).
        var band = Tensor.Zeros<double>(channels, channels);
        for (int i = 0; i < channels; i++)
            for (int j = Math.Max(0, i - half); j <= Math.Min(channels - 1, i + half); j++) band[i, j] = 1;
        Tensor bandTensor = input.DType == DType.Float32 ? band.Cast<float>() : band;
        var sq = T.Square(input);
        var rows = ShapeUtil.Shuffle(sq, 0, 2, 3, 1).Reshape(-1, channels);
        var sums = T.Dot(rows, T.Constant(bandTensor));
        var b = ShapeUtil.DimOf(input, InputShape, 0);
        var h = ShapeUtil.DimOf(input, InputShape, 2);
        var w = ShapeUtil.DimOf(input, InputShape, 3);
        var windowSum = ShapeUtil.Shuffle(sums.Reshape(b, h, w, channels), 0, 3, 1, 2);
        var scale = windowSum * Alpha + K;
        return input / T.Pow(scale, Beta);
    }
}
