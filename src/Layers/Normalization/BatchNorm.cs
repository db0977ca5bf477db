using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Lasagne's <c>batch_norm(layer)</c> helper: puts a <see cref="BatchNormLayer"/> after a dense or convolution
/// layer the way it is meant to be used. The layer's bias is removed (batch normalization's beta replaces it)
/// and its nonlinearity is moved after the normalization into a <see cref="NonlinearityLayer"/>. As in
/// Lasagne the given layer is modified, so call it on a freshly built layer:
/// <c>net = BatchNorm.Apply(new DenseLayer(net, 256, Nonlinearities.Rectify))</c>.
/// </summary>
public static class BatchNorm
{
    /// <summary>The layer's nonlinearity unless it is the identity, after resetting it with <paramref name="reset"/>.</summary>
    private static Func<Variable, Variable>? TakeNonlinearity(Func<Variable, Variable> current, Action reset)
    {
        if (current == Nonlinearities.Linear || current == Nonlinearities.Identity) return null;
        reset();
        return current;
    }

    /// <summary>Wraps <paramref name="layer"/>; returns the last new layer (the nonlinearity layer, or the
    /// batch-norm layer when the nonlinearity was the identity). Names get the suffixes "_bn" and "_bn_nonlin".</summary>
    /// <param name="layer">A dense or convolution layer (other layers are wrapped without changes).</param>
    /// <param name="axes">Passed to <see cref="BatchNormLayer"/>.</param>
    /// <param name="epsilon">Passed to <see cref="BatchNormLayer"/>.</param>
    /// <param name="alpha">Passed to <see cref="BatchNormLayer"/>.</param>
    public static Layer Apply(Layer layer, IReadOnlyList<int>? axes = null, double epsilon = 1e-4, double alpha = 0.1)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Func<Variable, Variable>? nonlinearity = null;
        switch (layer)
        {
            case DenseLayer dense:
                nonlinearity = TakeNonlinearity(dense.Nonlinearity, () => dense.Nonlinearity = Nonlinearities.Identity);
                if (dense.B is SharedVariable db) { layer.RemoveParam(db); dense.B = null; }
                break;
            case BaseConvLayer conv:
                nonlinearity = TakeNonlinearity(conv.Nonlinearity, () => conv.Nonlinearity = Nonlinearities.Identity);
                if (conv.B is SharedVariable cb) { layer.RemoveParam(cb); conv.B = null; }
                break;
        }
        Layer result = new BatchNormLayer(layer, axes, epsilon, alpha, name: layer.Name is null ? null : layer.Name + "_bn");
        if (nonlinearity is not null)
            result = new NonlinearityLayer(result, nonlinearity, name: layer.Name is null ? null : layer.Name + "_bn_nonlin");
        return result;
    }
}
