using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Reorders axes and inserts or drops unit axes (Lasagne's <c>DimshuffleLayer</c>, Theano's dimshuffle):
/// output axis i is input axis pattern[i], or a new axis of extent 1 where pattern[i] is
/// <see cref="X"/> (-1, Lasagne's 'x'). Input axes left out must have extent 1.
/// Shape rule: the permuted input shape with 1 for new axes. No parameters.
/// </summary>
public sealed class DimshuffleLayer : Layer
{
    private readonly int[] _pattern;

    /// <summary>Marks a new broadcastable axis in a pattern (Lasagne's 'x').</summary>
    public const int X = -1;

    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="pattern">For each output axis, the input axis it takes, or <see cref="X"/> for a new unit axis.</param>
    /// <param name="name">Optional layer name.</param>
    public DimshuffleLayer(Layer incoming, IReadOnlyList<int> pattern, string? name = null) : base(incoming, name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        _pattern = pattern.ToArray();
        var used = new bool[InputShape.Count];
        foreach (var p in _pattern)
        {
            if (p == X) continue;
            if (p < 0 || p >= InputShape.Count)
                throw ShapeError($"pattern ({string.Join(", ", _pattern)}) refers to axis {p}, which does not exist", InputShape);
            if (used[p]) throw ShapeError($"pattern ({string.Join(", ", _pattern)}) uses axis {p} twice", InputShape);
            used[p] = true;
        }
        for (int i = 0; i < used.Length; i++)
            if (!used[i] && InputShape[i] != 1)
                throw ShapeError($"pattern ({string.Join(", ", _pattern)}) drops axis {i}, whose extent is {InputShape[i]?.ToString() ?? "None"}, not 1", InputShape);
        ValidateOutputShape();
    }

    /// <summary>The pattern.</summary>
    public IReadOnlyList<int> Pattern => _pattern;

    /// <inheritdoc/>
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape)
    {
        var output = new int?[_pattern.Length];
        for (int i = 0; i < output.Length; i++) output[i] = _pattern[i] == X ? 1 : inputShape[_pattern[i]];
        return output;
    }

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context) => ShapeUtil.Shuffle(input, _pattern);
}
