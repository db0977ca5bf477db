using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Weight penalties (Lasagne's <c>lasagne.regularization</c>): <see cref="L1"/> = Σ|x|, <see cref="L2"/> = Σx²
/// (no ½), summed over parameters selected by tags (by default the regularizable ones: weights, not biases).
/// Add the result, times a coefficient, to the loss.
/// </summary>
public static class Regularization
{
    /// <summary>Σ |x|.</summary>
    public static Variable L1(Variable x) => T.Abs(x).Sum();

    /// <summary>Σ x² (Lasagne's l2 has no factor ½).</summary>
    public static Variable L2(Variable x) => T.Square(x).Sum();

    /// <summary>Σ penalty(x) over <paramref name="tensors"/> (Lasagne's <c>apply_penalty</c>).</summary>
    /// <exception cref="ArgumentException">When the list is empty.</exception>
    public static Variable ApplyPenalty(IEnumerable<Variable> tensors, Func<Variable, Variable> penalty)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(penalty);
        Variable? sum = null;
        foreach (var t in tensors)
        {
            var p = penalty(t);
            sum = sum is null ? p : sum + p;
        }
        return sum ?? throw new ArgumentException("regularization: there are no parameters to penalize (check the tags)");
    }

    /// <summary>The penalty of the parameters of the given layers only (not their incoming layers), filtered by tags
    /// (Lasagne's <c>regularize_layer_params</c>; default: regularizable parameters).</summary>
    public static Variable RegularizeLayerParams(IEnumerable<Layer> layers, Func<Variable, Variable> penalty, bool? trainable = null, bool? regularizable = true)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return ApplyPenalty(layers.SelectMany(l => l.GetParams(trainable, regularizable)), penalty);
    }

    /// <summary>The penalty of one layer's own parameters; see <see cref="RegularizeLayerParams(IEnumerable{Layer}, Func{Variable, Variable}, bool?, bool?)"/>.</summary>
    public static Variable RegularizeLayerParams(Layer layer, Func<Variable, Variable> penalty, bool? trainable = null, bool? regularizable = true) =>
        RegularizeLayerParams([layer], penalty, trainable, regularizable);

    /// <summary>Σ coefficient · penalty(layer's parameters) (Lasagne's <c>regularize_layer_params_weighted</c>).</summary>
    public static Variable RegularizeLayerParamsWeighted(IEnumerable<KeyValuePair<Layer, double>> layers, Func<Variable, Variable> penalty,
        bool? trainable = null, bool? regularizable = true)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Variable? sum = null;
        foreach (var (layer, coefficient) in layers)
        {
            var term = RegularizeLayerParams(layer, penalty, trainable, regularizable) * coefficient;
            sum = sum is null ? term : sum + term;
        }
        return sum ?? throw new ArgumentException("regularization: no layers given");
    }

    /// <summary>The penalty of every parameter of the network ending in <paramref name="layer"/>, filtered by tags
    /// (Lasagne's <c>regularize_network_params</c>; default: regularizable parameters).</summary>
    public static Variable RegularizeNetworkParams(Layer layer, Func<Variable, Variable> penalty, bool? trainable = null, bool? regularizable = true) =>
        ApplyPenalty(LayerGraph.GetAllParams(layer, trainable, regularizable), penalty);
}
