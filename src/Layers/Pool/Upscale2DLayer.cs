using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>How <see cref="Upscale2DLayer"/> fills the enlarged grid.</summary>
public enum UpscaleMode
{
    /// <summary>Each value is repeated over its scale-factor block (Lasagne's 'repeat').</summary>
    Repeat,
    /// <summary>Each value goes to the top-left of its block and the rest is zero (Lasagne's 'dilate').</summary>
    Dilate,
}

/// <summary>
/// 2-D upscaling of the last two axes of (batch, channels, rows, columns) data (Lasagne's
/// <c>Upscale2DLayer</c>): output[b, c, i, j] = x[b, c, i / sh, j / sw] (repeat) or that value only where
/// i % sh = j % sw = 0 and zero elsewhere (dilate). Shape rule: rows·sh, columns·sw. No parameters.
/// </summary>
public sealed class Upscale2DLayer : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one (4 dimensions).</param>
    /// <param name="scaleFactor">Factor per spatial axis: one int or (rows, columns), at least 1.</param>
    /// <param name="mode">Repeat (default) or dilate.</param>
    /// <param name="name">Optional layer name.</param>
    public Upscale2DLayer(Layer incoming, Size2 scaleFactor, UpscaleMode mode = UpscaleMode.Repeat, string? name = null) : base(incoming, name)
    {
        if (scaleFactor.H < 1 || scaleFactor.W < 1)
            throw new ArgumentOutOfRangeException(nameof(scaleFactor), scaleFactor, $"{Describe()}: scale factor must be at least 1");
        if (InputShape.Count != 4) throw ShapeError("expects 4 dimensions (batch, channels, rows, columns)", InputShape);
        ScaleFactor = scaleFactor;
        Mode = mode;
        ValidateOutputShape();
    }

    /// <summary>The factor per spatial axis.</summary>
    public Size2 ScaleFactor { get; }

    /// <summary>Repeat or dilate.</summary>
    public UpscaleMode Mode { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape) =>
        [inputShape[0], inputShape[1], inputShape[2] * ScaleFactor.H, inputShape[3] * ScaleFactor.W];

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        int sh = ScaleFactor.H, sw = ScaleFactor.W;
        if (sh == 1 && sw == 1) return input;
        // (b, c, h, w) -> (b, c, h, 1, w, 1), times a (sh, sw) block pattern broadcast over it, -> (b, c, h·sh, w·sw).
        var x6 = ShapeUtil.Shuffle(input, 0, 1, 2, -1, 3, -1);
        var pattern = Tensor.Zeros<double>(1, 1, 1, sh, 1, sw);
        if (Mode == UpscaleMode.Repeat) pattern.Fill(1.0);
        else pattern[0, 0, 0, 0, 0, 0] = 1.0;
        Tensor block = input.DType == DType.Float32 ? pattern.Cast<float>() : pattern;
        var expanded = x6 * T.Constant(block);
        var dims = new Dim[4];
        dims[0] = ShapeUtil.DimOf(input, InputShape, 0);
        dims[1] = ShapeUtil.DimOf(input, InputShape, 1);
        dims[2] = (InputShape[2] ?? throw ShapeError("the row count must be known", InputShape)) * sh;
        dims[3] = (InputShape[3] ?? throw ShapeError("the column count must be known", InputShape)) * sw;
        return expanded.Reshape(dims);
    }
}
