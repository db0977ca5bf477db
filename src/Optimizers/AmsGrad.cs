using NeuralCore.Autodiff;

namespace NeuralCore.Optimizers;

public static partial class Updates
{
    /// <summary>AMSGrad (Lasagne's <c>amsgrad</c>, Reddi et al. 2018): Adam whose step uses the running maximum
    /// <c>v̂ ← max(v̂, v)</c> of the second moment, <c>param ← param − a_t · m / (√v̂ + epsilon)</c> with Adam's
    /// bias-corrected <c>a_t</c>.</summary>
    /// <param name="lossOrGradients">The scalar loss, or one gradient expression per parameter.</param>
    /// <param name="parameters">The shared variables to update.</param>
    /// <param name="learningRate">The step size (default 0.001).</param>
    /// <param name="beta1">The decay of the first-moment average (default 0.9).</param>
    /// <param name="beta2">The decay of the second-moment average (default 0.999).</param>
    /// <param name="epsilon">Added to √v̂ for stability (default 1e-8).</param>
    /// <exception cref="ArgumentException">When the gradients do not match the parameters.</exception>
    public static UpdateDictionary AmsGrad(LossOrGradients lossOrGradients, IReadOnlyList<SharedVariable> parameters,
        Hyperparameter? learningRate = null, Hyperparameter? beta1 = null, Hyperparameter? beta2 = null, Hyperparameter? epsilon = null)
        => AdamFamily(nameof(AmsGrad), lossOrGradients, parameters, learningRate ?? 0.001, beta1, beta2, epsilon, AdamVariant.AmsGrad);
}
