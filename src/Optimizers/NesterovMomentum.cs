using NeuralCore.Autodiff;

namespace NeuralCore.Optimizers;

public static partial class Updates
{
    /// <summary>Adds Nesterov momentum to any update dictionary (Lasagne's <c>apply_nesterov_momentum</c>, in the
    /// Sutskever / pylearn2 form that evaluates the gradient at the current point): for each parameter a velocity
    /// <c>v</c> with <c>x = momentum · v + updates[param] − param</c>, <c>v ← x</c>,
    /// <c>param ← momentum · x + updates[param]</c>. Returns a modified copy; <paramref name="updates"/> is unchanged.</summary>
    /// <param name="updates">Updates to modify (e.g. from <see cref="Sgd"/>).</param>
    /// <param name="parameters">Which parameters get momentum; null = every key of <paramref name="updates"/>.</param>
    /// <param name="momentum">The momentum (default 0.9; number or symbolic).</param>
    /// <exception cref="ArgumentException">When a parameter has no update in <paramref name="updates"/>.</exception>
    public static UpdateDictionary ApplyNesterovMomentum(UpdateDictionary updates, IReadOnlyList<SharedVariable>? parameters = null, Hyperparameter? momentum = null)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var result = updates.Clone();
        foreach (var p in (parameters ?? updates.Keys).ToArray())
        {
            if (!updates.TryGetValue(p, out var newValue))
                throw new ArgumentException($"{nameof(ApplyNesterovMomentum)}: parameter {Names.Of(p)} has no update to add momentum to", nameof(parameters));
            var velocity = StateLike(p, "velocity");
            var m = Of(momentum, 0.9, p.DType);
            var x = m * velocity + newValue - p;
            result[velocity] = x;
            result[p] = m * x + newValue;
        }
        return result;
    }

    /// <summary>SGD with Nesterov momentum (Lasagne's <c>nesterov_momentum</c>):
    /// <c>ApplyNesterovMomentum(Sgd(...))</c>, i.e. <c>v ← momentum · v − learningRate · grad</c>,
    /// <c>param ← param + momentum · v − learningRate · grad</c>.</summary>
    /// <param name="lossOrGradients">The scalar loss, or one gradient expression per parameter.</param>
    /// <param name="parameters">The shared variables to update.</param>
    /// <param name="learningRate">The step size (number or symbolic).</param>
    /// <param name="momentum">The momentum (default 0.9; number or symbolic).</param>
    /// <exception cref="ArgumentException">When the gradients do not match the parameters.</exception>
    public static UpdateDictionary NesterovMomentum(LossOrGradients lossOrGradients, IReadOnlyList<SharedVariable> parameters, Hyperparameter learningRate, Hyperparameter? momentum = null)
        => ApplyNesterovMomentum(Sgd(lossOrGradients, parameters, learningRate), null, momentum);
}
