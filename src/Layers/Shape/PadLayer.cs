using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Pads the trailing axes with a constant (Lasagne's <c>PadLayer</c>): every axis from
/// <see cref="BatchNdim"/> on gets <c>before</c> values in front and <c>after</c> values behind.
/// Shape rule: those extents grow by before + after. No parameters.
/// </summary>
public sealed class PadLayer : Layer
{
    private readonly (int Before, int After)[] _widths;

    /// <summary>Creates the layer with the same width on both sides of every padded axis.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="width">Values added on each side of each padded axis.</param>
    /// <param name="value">The padding value (0 by default).</param>
    /// <param name="batchNdim">Number of leading axes left alone (2: batch and channels).</param>
    /// <param name="name">Optional layer name.</param>
    public PadLayer(Layer incoming, int width, double value = 0.0, int batchNdim = 2, string? name = null)
        : this(incoming, Repeat(width, incoming, batchNdim), value, batchNdim, name) { }

    /// <summary>Creates the layer with (before, after) widths per padded axis.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="widths">One (before, after) pair per padded axis, i.e. per axis from <paramref name="batchNdim"/> on.</param>
    /// <param name="value">The padding value.</param>
    /// <param name="batchNdim">Number of leading axes left alone.</param>
    /// <param name="name">Optional layer name.</param>
    public PadLayer(Layer incoming, IReadOnlyList<(int Before, int After)> widths, double value = 0.0, int batchNdim = 2, string? name = null)
        : base(incoming, name)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (batchNdim < 0 || batchNdim > InputShape.Count)
            throw ShapeError($"batchNdim {batchNdim} is out of range", InputShape);
        if (widths.Count != InputShape.Count - batchNdim)
            throw ShapeError($"{widths.Count} padding widths given for {InputShape.Count - batchNdim} padded axes (batchNdim = {batchNdim})", InputShape);
        foreach (var (b, a) in widths)
            if (b < 0 || a < 0) throw new ArgumentOutOfRangeException(nameof(widths), $"{Describe()}: padding widths must not be negative");
        _widths = widths.ToArray();
        Value = value;
        BatchNdim = batchNdim;
        ValidateOutputShape();
    }

    private static (int, int)[] Repeat(int width, Layer incoming, int batchNdim)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        int n = Math.Max(0, incoming.OutputShape.Count - batchNdim);
        var result = new (int, int)[n];
        Array.Fill(result, (width, width));
        return result;
    }

    /// <summary>The padding value.</summary>
    public double Value { get; }

    /// <summary>Number of leading axes left alone.</summary>
    public int BatchNdim { get; }

    /// <summary>(before, after) per padded axis.</summary>
    public IReadOnlyList<(int Before, int After)> Widths => _widths;

    /// <inheritdoc/>
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape)
    {
        var output = inputShape.ToArray();
        for (int i = 0; i < _widths.Length; i++)
            output[BatchNdim + i] = inputShape[BatchNdim + i] + _widths[i].Before + _widths[i].After;
        return output;
    }

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        var x = input;
        var shape = InputShape.ToArray();
        for (int i = 0; i < _widths.Length; i++)
        {
            int axis = BatchNdim + i;
            var (before, after) = _widths[i];
            if (before == 0 && after == 0) continue;
            var parts = new List<Variable>(3);
            if (before > 0) parts.Add(Block(x, shape, axis, before));
            parts.Add(x);
            if (after > 0) parts.Add(Block(x, shape, axis, after));
            x = T.Concatenate(parts, axis);
            shape[axis] += before + after;
        }
        return x;
    }

    /// <summary>A block of <see cref="Value"/> shaped like <paramref name="x"/> except <paramref name="width"/> along <paramref name="axis"/>.</summary>
    private Variable Block(Variable x, int?[] shape, int axis, int width)
    {
        var dims = new Dim[x.Rank];
        for (int d = 0; d < dims.Length; d++) dims[d] = d == axis ? width : ShapeUtil.DimOf(x, shape, d);
        return T.Alloc(T.Constant(Value, x.DType), dims);
    }
}
