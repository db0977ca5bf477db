using NeuralCore.Autodiff;

namespace NeuralCore.Optimizers;

public static partial class Updates
{
    /// <summary>RMSProp (Lasagne's <c>rmsprop</c>): a moving average <c>a</c> of squared gradients with
    /// <c>a ← rho · a + (1 − rho) · grad²</c>, <c>param ← param − learningRate · grad / √(a + epsilon)</c>
    /// (epsilon inside the square root, as Lasagne). Lasagne's default learning rate is 1.0.</summary>
    /// <param name="lossOrGradients">The scalar loss, or one gradient expression per parameter.</param>
    /// <param name="parameters">The shared variables to update.</param>
    /// <param name="learningRate">The step size (default 1.0).</param>
    /// <param name="rho">The decay of the moving average (default 0.9).</param>
    /// <param name="epsilon">Added inside the square root for stability (default 1e-6).</param>
    /// <exception cref="ArgumentException">When the gradients do not match the parameters.</exception>
    public static UpdateDictionary RmsProp(LossOrGradients lossOrGradients, IReadOnlyList<SharedVariable> parameters,
        Hyperparameter? learningRate = null, Hyperparameter? rho = null, Hyperparameter? epsilon = null)
    {
        var grads = lossOrGradients.GetOrComputeGradients(parameters, nameof(RmsProp));
        var updates = new UpdateDictionary();
        for (int i = 0; i < grads.Length; i++)
        {
            var (p, g) = (parameters[i], grads[i]);
            var r = Of(rho, 0.9, p.DType);
            var accu = StateLike(p, "accu");
            var accuNew = r * accu + (1.0 - r) * T.Square(g);
            updates[accu] = accuNew;
            updates[p] = p - Of(learningRate, 1.0, p.DType) * g / T.Sqrt(accuNew + Of(epsilon, 1e-6, p.DType));
        }
        return updates;
    }
}
