using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// Local contrast normalization over space, as Torch's <c>nn.SpatialContrastiveNormalization</c> used by the
/// Torch MNIST ConvNet after its L2 pooling, on (batch, channels, rows, columns) data. With a normalized
/// kernel k (summing to 1 over its window and all channels; a Gaussian by default):
/// subtractive step: m = (k ⋆ x) / coef and c = x - m, where ⋆ is a 'same' convolution over all channels and
/// coef = k ⋆ 1 corrects for the zero padding at the borders; divisive step (unless subtractive only):
/// output = c / max(σ, threshold) with σ = √((k ⋆ c²) / coef). Shape rule: the input shape (rows and columns
/// must be known). No parameters.
/// </summary>
public sealed class SpatialContrastiveNormalizationLayer : Layer
{
    private readonly double[] _kernel;   // (size, size), sums to 1
    private readonly double[] _coef;     // (rows, columns)

    /// <summary>Creates the layer with a Gaussian kernel like Torch's <c>image.gaussian1D(size)</c>, made 2-D.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="kernelSize">Odd kernel extent; the Torch MNIST demo uses 7.</param>
    /// <param name="sigma">Gaussian width relative to the kernel size (Torch's default 0.25).</param>
    /// <param name="threshold">Lower bound of the divisor (Torch's default 1e-4).</param>
    /// <param name="subtractiveOnly">Only subtract the local mean (Torch's SpatialSubtractiveNormalization).</param>
    /// <param name="name">Optional layer name.</param>
    public SpatialContrastiveNormalizationLayer(Layer incoming, int kernelSize = 7, double sigma = 0.25, double threshold = 1e-4,
        bool subtractiveOnly = false, string? name = null)
        : this(incoming, GaussianKernel(kernelSize, sigma), kernelSize, threshold, subtractiveOnly, name) { }

    private SpatialContrastiveNormalizationLayer(Layer incoming, double[] kernel, int size, double threshold, bool subtractiveOnly, string? name)
        : base(incoming, name)
    {
        if (InputShape.Count != 4) throw ShapeError("expects 4 dimensions (batch, channels, rows, columns)", InputShape);
        if (InputShape[1] is null || InputShape[2] is null || InputShape[3] is null)
            throw ShapeError("channels, rows and columns must be known (the border correction is precomputed)", InputShape);
        if (!(threshold > 0)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"{Describe()}: threshold must be positive");
        KernelSize = size;
        Threshold = threshold;
        SubtractiveOnly = subtractiveOnly;
        _kernel = kernel;
        _coef = BorderCoefficients(kernel, size, InputShape[2]!.Value, InputShape[3]!.Value);
        ValidateOutputShape();
    }

    /// <summary>The kernel extent.</summary>
    public int KernelSize { get; }

    /// <summary>Lower bound of the divisor.</summary>
    public double Threshold { get; }

    /// <summary>True when only the local mean is subtracted.</summary>
    public bool SubtractiveOnly { get; }

    /// <summary>The normalized 2-D kernel, row-major (size × size), summing to 1.</summary>
    public IReadOnlyList<double> Kernel => _kernel;

    /// <summary>Torch's 1-D Gaussian exp(-((i - center) / (sigma · size))² / 2), made 2-D by an outer product and normalized to sum 1.</summary>
    internal static double[] GaussianKernel(int size, double sigma)
    {
        if (size <= 0 || size % 2 == 0) throw new ArgumentException($"SpatialContrastiveNormalizationLayer: the kernel size must be odd and positive, got {size}", nameof(size));
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "SpatialContrastiveNormalizationLayer: sigma must be positive");
        var g = new double[size];
        double center = (size - 1) / 2.0;
        for (int i = 0; i < size; i++)
        {
            double d = (i - center) / (sigma * size);
            g[i] = Math.Exp(-d * d / 2);
        }
        var k = new double[size * size];
        double sum = 0;
        for (int i = 0; i < size; i++) for (int j = 0; j < size; j++) sum += k[i * size + j] = g[i] * g[j];
        for (int i = 0; i < k.Length; i++) k[i] /= sum;
        return k;
    }

    /// <summary>coef[i, j] = the kernel mass that falls inside the image around (i, j) ('same' padding).</summary>
    private static double[] BorderCoefficients(double[] kernel, int size, int rows, int cols)
    {
        int half = size / 2;
        var coef = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                double s = 0;
                for (int u = 0; u < size; u++)
                {
                    int r = i + u - half;
                    if (r < 0 || r >= rows) continue;
                    for (int v = 0; v < size; v++)
                    {
                        int c = j + v - half;
                        if (c >= 0 && c < cols) s += kernel[u * size + v];
                    }
                }
                coef[i * cols + j] = s;
            }
        return coef;
    }

    private Variable Const(double[] values, DType dtype, params int[] dims)
    {
        var t = Tensor.FromArray((double[])values.Clone(), dims);
        return T.Constant(dtype == DType.Float32 ? t.Cast<float>() : t);
    }

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        int channels = InputShape[1]!.Value, rows = InputShape[2]!.Value, cols = InputShape[3]!.Value;
        // One output map summing over all channels: weights (1, C, k, k) = kernel / C.
        var w = new double[channels * _kernel.Length];
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < _kernel.Length; i++) w[c * _kernel.Length + i] = _kernel[i] / channels;
        var weights = Const(w, input.DType, 1, channels, KernelSize, KernelSize);
        var coef = Const(_coef, input.DType, 1, 1, rows, cols);
        var options = Conv2DOptions.FromPadding(ConvPadding.Same, KernelSize, KernelSize);
        var localMean = T.Conv2D(input, weights, options) / coef;          // (b, 1, h, w), broadcast over channels
        var centered = input - localMean;
        if (SubtractiveOnly) return centered;
        var localVar = T.Conv2D(T.Square(centered), weights, options) / coef;
        var divisor = T.Sqrt(T.Maximum(localVar, Threshold * Threshold));
        return centered / divisor;
    }
}
