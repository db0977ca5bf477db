using NeuralCore.Autodiff;

namespace NeuralCore.Optimizers;

public static partial class Updates
{
    /// <summary>AdaDelta (Lasagne's <c>adadelta</c>, Zeiler 2012): moving averages <c>a</c> of squared gradients
    /// and <c>d</c> of squared steps with <c>a ← rho · a + (1 − rho) · grad²</c>,
    /// <c>u = grad · √(d + epsilon) / √(a + epsilon)</c> (using the new <c>a</c> and the old <c>d</c>),
    /// <c>param ← param − learningRate · u</c>, <c>d ← rho · d + (1 − rho) · u²</c>.
    /// Lasagne's default learning rate is 1.0.</summary>
    /// <param name="lossOrGradients">The scalar loss, or one gradient expression per parameter.</param>
    /// <param name="parameters">The shared variables to update.</param>
    /// <param name="learningRate">The step size (default 1.0).</param>
    /// <param name="rho">The decay of both moving averages (default 0.95).</param>
    /// <param name="epsilon">Added inside the square roots (default 1e-6).</param>
    /// <exception cref="ArgumentException">When the gradients do not match the parameters.</exception>
    public static UpdateDictionary AdaDelta(LossOrGradients lossOrGradients, IReadOnlyList<SharedVariable> parameters,
        Hyperparameter? learningRate = null, Hyperparameter? rho = null, Hyperparameter? epsilon = null)
    {
        var grads = lossOrGradients.GetOrComputeGradients(parameters, nameof(AdaDelta));
        var updates = new UpdateDictionary();
        for (int i = 0; i < grads.Length; i++)
        {
            var (p, g) = (parameters[i], grads[i]);
            var r = Of(rho, 0.95, p.DType);
            var eps = Of(epsilon, 1e-6, p.DType);
            var accu = StateLike(p, "accu");
            var deltaAccu = StateLike(p, "delta_accu");
            var accuNew = r * accu + (1.0 - r) * T.Square(g);
            updates[accu] = accuNew;
            var step = g * T.Sqrt(deltaAccu + eps) / T.Sqrt(accuNew + eps);
            updates[p] = p - Of(learningRate, 1.0, p.DType) * step;
            updates[deltaAccu] = r * deltaAccu + (1.0 - r) * T.Square(step);
        }
        return updates;
    }
}
