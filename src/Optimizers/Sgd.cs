using NeuralCore.Autodiff;

namespace NeuralCore.Optimizers;

public static partial class Updates
{
    /// <summary>Stochastic gradient descent (Lasagne's <c>sgd</c>): <c>param ← param − learningRate · grad</c>.</summary>
    /// <param name="lossOrGradients">The scalar loss, or one gradient expression per parameter.</param>
    /// <param name="parameters">The shared variables to update.</param>
    /// <param name="learningRate">The step size (number or symbolic).</param>
    /// <exception cref="ArgumentException">When the gradients do not match the parameters (see <see cref="LossOrGradients.GetOrComputeGradients"/>).</exception>
    public static UpdateDictionary Sgd(LossOrGradients lossOrGradients, IReadOnlyList<SharedVariable> parameters, Hyperparameter learningRate)
    {
        var grads = lossOrGradients.GetOrComputeGradients(parameters, nameof(Sgd));
        var updates = new UpdateDictionary();
        for (int i = 0; i < grads.Length; i++)
        {
            var p = parameters[i];
            updates.Add(p, p - learningRate.ToVariable(p.DType) * grads[i]);
        }
        return updates;
    }
}
