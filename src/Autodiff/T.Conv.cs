using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

public static partial class T
{
    /// <summary>2-D convolution of NCHW <paramref name="input"/> with (F, C, KH, KW) <paramref name="filters"/>.</summary>
    public static Variable Conv2D(Variable input, Variable filters, Conv2DOptions options)
    {
        (input, filters) = Promote(FloatOnly(input), FloatOnly(filters));
        return new Conv2DOp(options).Apply1(input, filters);
    }

    /// <summary>2-D convolution with a named padding mode (needs statically known filter size), stride and
    /// Lasagne's <c>flip_filters</c> (a true convolution when true).</summary>
    public static Variable Conv2D(Variable input, Variable filters, ConvPadding padding = ConvPadding.Valid, int stride = 1, bool flipFilters = false)
    {
        if (filters.Rank != 4 || filters.Type.Shape[2] is not int kh || filters.Type.Shape[3] is not int kw)
            throw new GraphBuildException("conv2d", $"a named padding mode needs filters of static shape (F, C, KH, KW), got {filters.Type.ShapeString}; pass Conv2DOptions instead", SourceTrace.Capture());
        return Conv2D(input, filters, Conv2DOptions.FromPadding(padding, kh, kw, stride, stride, flipFilters: flipFilters));
    }

    /// <summary>2-D pooling of NCHW input.</summary>
    public static Variable Pool2D(Variable input, Pool2DOptions options) => new Pool2DOp(options).Apply1(FloatOnly(input));

    /// <summary>2-D pooling with a square window; the stride defaults to the window (Lasagne's MaxPool2DLayer).</summary>
    public static Variable Pool2D(Variable input, int poolSize, int? stride = null, int pad = 0, bool ignoreBorder = true, PoolMode mode = PoolMode.Max)
        => Pool2D(input, new Pool2DOptions(poolSize, poolSize, stride ?? poolSize, stride ?? poolSize, pad, pad, ignoreBorder, mode));
}
