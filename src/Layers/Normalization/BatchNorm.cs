using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>A layer whose bias and nonlinearity <see cref="BatchNorm.Apply"/> can take over (dense and conv layers).</summary>
internal interface IBatchNormWrappable
{
    /// <summary>The activation.</summary>
    Func<Variable, Variable> Nonlinearity { get; set; }

    /// <summary>The bias, or null.</summary>
    SharedVariable? B { get; set; }
}

/// <summary>
/// Lasagne's <c>batch_norm(layer)</c> helper: puts a <see cref="BatchNormLayer"/> after a dense or convolution
/// layer the way it is meant to be used. The layer's bias is removed (batch normalization's beta replaces it)
/// and its nonlinearity is moved after the normalization into a <see cref="NonlinearityLayer"/>. As in
/// Lasagne the given layer is modified, so call it on a freshly built layer:
/// <c>net = BatchNorm.Apply(new DenseLayer(net, 256, Nonlinearities.Rectify))</c>.
/// </summary>
public static class BatchNorm
{
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
        if (layer is IBatchNormWrappable wrappable)
        {
            if (wrappable.Nonlinearity != Nonlinearities.Linear && wrappable.Nonlinearity != Nonlinearities.Identity)
            {
                nonlinearity = wrappable.Nonlinearity;
                wrappable.Nonlinearity = Nonlinearities.Identity;
            }
            if (wrappable.B is SharedVariable b)
            {
                layer.RemoveParam(b);
                wrappable.B = null;
            }
        }
        Layer result = new BatchNormLayer(layer, axes, epsilon, alpha, name: layer.Name is null ? null : layer.Name + "_bn");
        if (nonlinearity is not null)
            result = new NonlinearityLayer(result, nonlinearity, name: layer.Name is null ? null : layer.Name + "_bn_nonlin");
        return result;
    }
}
