using NeuralCore.Autodiff;

namespace NeuralCore.Optimizers;

public static partial class Updates
{
    /// <summary>Adamax (Lasagne's <c>adamax</c>, the infinity-norm variant of Adam): <c>t ← t + 1</c>,
    /// <c>a_t = learningRate / (1 − beta1^t)</c>, <c>m ← beta1 · m + (1 − beta1) · grad</c>,
    /// <c>u ← max(beta2 · u, |grad|)</c>, <c>param ← param − a_t · m / (u + epsilon)</c>.</summary>
    /// <param name="lossOrGradients">The scalar loss, or one gradient expression per parameter.</param>
    /// <param name="parameters">The shared variables to update.</param>
    /// <param name="learningRate">The step size (default 0.002).</param>
    /// <param name="beta1">The decay of the first-moment average (default 0.9).</param>
    /// <param name="beta2">The decay of the infinity norm (default 0.999).</param>
    /// <param name="epsilon">Added to u for stability (default 1e-8).</param>
    /// <exception cref="ArgumentException">When the gradients do not match the parameters.</exception>
    public static UpdateDictionary Adamax(LossOrGradients lossOrGradients, IReadOnlyList<SharedVariable> parameters,
        Hyperparameter? learningRate = null, Hyperparameter? beta1 = null, Hyperparameter? beta2 = null, Hyperparameter? epsilon = null)
        => AdamFamily(nameof(Adamax), lossOrGradients, parameters, learningRate ?? 0.002, beta1, beta2, epsilon, AdamVariant.Adamax);
}
