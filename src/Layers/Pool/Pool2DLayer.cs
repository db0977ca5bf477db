using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// 2-D pooling over the last two axes (Lasagne's <c>Pool2DLayer</c>): max, average (with or without
/// padding in the divisor), L2 (√Σx², Torch's SpatialLPPooling p=2) or root-mean-square pooling.
/// Shape rule: the last two axes become <see cref="PoolShape.OutputLength"/> for the pool size, stride,
/// padding and ignoreBorder; other axes are unchanged. The stride defaults to the pool size. No parameters.
/// </summary>
public class Pool2DLayer : Layer
{
    // sqrt is not differentiable at 0: an all-zero window (common after a rectifier) would give an infinite
    // gradient, so L2/RMS pooling takes the root of max(s, tiny).
    private const double SqrtFloor = 1e-12;

    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one (at least 2 dimensions; usually (batch, channels, rows, columns)).</param>
    /// <param name="poolSize">Window extent: one int or (rows, columns).</param>
    /// <param name="stride">Step between windows; the pool size when null.</param>
    /// <param name="pad">Zeros added per side; (0, 0) when null. Must be smaller than the window.</param>
    /// <param name="ignoreBorder">True (Lasagne's default): only complete windows. False: partial windows at the end too (pad must be 0).</param>
    /// <param name="mode">What each window computes.</param>
    /// <param name="name">Optional layer name.</param>
    public Pool2DLayer(Layer incoming, Size2 poolSize, Size2? stride = null, Size2? pad = null, bool ignoreBorder = true,
        PoolingMode mode = PoolingMode.Max, string? name = null)
        : base(incoming, name)
    {
        if (InputShape.Count < 2)
            throw ShapeError("expects at least 2 dimensions (pooling is over the last two)", InputShape);
        if (poolSize.H <= 0 || poolSize.W <= 0) throw new ArgumentOutOfRangeException(nameof(poolSize), poolSize, $"{Describe()}: pool size must be positive");
        var s = stride ?? poolSize;
        if (s.H <= 0 || s.W <= 0) throw new ArgumentOutOfRangeException(nameof(stride), s, $"{Describe()}: stride must be positive");
        var p = pad ?? 0;
        if (p.H < 0 || p.W < 0 || p.H >= poolSize.H || p.W >= poolSize.W)
            throw new ArgumentOutOfRangeException(nameof(pad), p, $"{Describe()}: padding {p} must be non-negative and smaller than the pool size {poolSize}");
        if (!ignoreBorder && (p.H != 0 || p.W != 0))
            throw new ArgumentException($"{Describe()}: padding {p} requires ignoreBorder=true");
        PoolSize = poolSize;
        Stride = s;
        Pad = p;
        IgnoreBorder = ignoreBorder;
        Mode = mode;
        ValidateOutputShape();
    }

    /// <summary>Window extent.</summary>
    public Size2 PoolSize { get; }

    /// <summary>Step between windows.</summary>
    public Size2 Stride { get; }

    /// <summary>Zeros per side.</summary>
    public Size2 Pad { get; }

    /// <summary>Whether partial windows at the border are dropped.</summary>
    public bool IgnoreBorder { get; }

    /// <summary>What each window computes.</summary>
    public PoolingMode Mode { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape)
    {
        var output = inputShape.ToArray();
        int r = output.Length;
        output[r - 2] = PoolShape.OutputLength(inputShape[r - 2], PoolSize.H, Stride.H, Pad.H, IgnoreBorder);
        output[r - 1] = PoolShape.OutputLength(inputShape[r - 1], PoolSize.W, Stride.W, Pad.W, IgnoreBorder);
        return output;
    }

    /// <summary>The kernel options for a kernel-level mode.</summary>
    private Pool2DOptions Options(PoolMode mode) => new(PoolSize.H, PoolSize.W, Stride.H, Stride.W, Pad.H, Pad.W, IgnoreBorder, mode);

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        // The pooling op works on NCHW; other ranks are reshaped to (prod(leading), 1, h, w) and back.
        int rank = input.Rank;
        var x = input;
        if (rank != 4)
        {
            x = rank == 2
                ? ShapeUtil.Shuffle(input, -1, -1, 0, 1)
                : input.Reshape(-1, 1, ShapeUtil.DimOf(input, InputShape, rank - 2), ShapeUtil.DimOf(input, InputShape, rank - 1));
        }
        var pooled = Mode switch
        {
            PoolingMode.Max => T.Pool2D(x, Options(PoolMode.Max)),
            PoolingMode.AverageIncludePadding => T.Pool2D(x, Options(PoolMode.AverageIncludePadding)),
            PoolingMode.AverageExcludePadding => T.Pool2D(x, Options(PoolMode.AverageExcludePadding)),
            // Σx² over the window = window size · mean including padding (padded zeros add nothing).
            PoolingMode.L2 => T.Sqrt(T.Maximum(T.Pool2D(T.Square(x), Options(PoolMode.AverageIncludePadding)) * (double)(PoolSize.H * PoolSize.W), SqrtFloor)),
            _ => T.Sqrt(T.Maximum(T.Pool2D(T.Square(x), Options(PoolMode.AverageExcludePadding)), SqrtFloor)),
        };
        if (rank == 4) return pooled;
        if (rank == 2) return ShapeUtil.Shuffle(pooled, 2, 3);
        var dims = new Dim[rank];
        for (int i = 0; i < rank - 2; i++) dims[i] = ShapeUtil.DimOf(input, InputShape, i);
        dims[rank - 2] = Dim.Of(pooled, 2);
        dims[rank - 1] = Dim.Of(pooled, 3);
        return pooled.Reshape(dims);
    }
}
