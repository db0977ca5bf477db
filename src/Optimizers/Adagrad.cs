using NeuralCore.Autodiff;

namespace NeuralCore.Optimizers;

public static partial class Updates
{
    /// <summary>Adagrad (Lasagne's <c>adagrad</c>): an accumulator <c>a</c> per parameter with
    /// <c>a ← a + grad²</c>, <c>param ← param − learningRate · grad / √(a + epsilon)</c>.
    /// Lasagne's default learning rate is 1.0.</summary>
    /// <param name="lossOrGradients">The scalar loss, or one gradient expression per parameter.</param>
    /// <param name="parameters">The shared variables to update.</param>
    /// <param name="learningRate">The step size (default 1.0).</param>
    /// <param name="epsilon">Added inside the square root for stability (default 1e-6).</param>
    /// <exception cref="ArgumentException">When the gradients do not match the parameters.</exception>
    public static UpdateDictionary Adagrad(LossOrGradients lossOrGradients, IReadOnlyList<SharedVariable> parameters,
        Hyperparameter? learningRate = null, Hyperparameter? epsilon = null)
    {
        var grads = lossOrGradients.GetOrComputeGradients(parameters, nameof(Adagrad));
        var updates = new UpdateDictionary();
        for (int i = 0; i < grads.Length; i++)
        {
            var (p, g) = (parameters[i], grads[i]);
            var accu = StateLike(p, "accu");
            var accuNew = accu + T.Square(g);
            updates[accu] = accuNew;
            updates[p] = p - Of(learningRate, 1.0, p.DType) * g / T.Sqrt(accuNew + Of(epsilon, 1e-6, p.DType));
        }
        return updates;
    }
}
