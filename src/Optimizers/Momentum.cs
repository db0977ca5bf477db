using NeuralCore.Autodiff;

namespace NeuralCore.Optimizers;

public static partial class Updates
{
    /// <summary>Adds classical momentum to any update dictionary (Lasagne's <c>apply_momentum</c>): for each
    /// parameter a velocity <c>v</c> (new zero shared variable) with <c>x = momentum · v + updates[param]</c>,
    /// <c>v ← x − param</c>, <c>param ← x</c>. Returns a modified copy; <paramref name="updates"/> is unchanged.</summary>
    /// <param name="updates">Updates to modify (e.g. from <see cref="Sgd"/>).</param>
    /// <param name="parameters">Which parameters get momentum; null = every key of <paramref name="updates"/>.</param>
    /// <param name="momentum">The momentum (default 0.9; number or symbolic).</param>
    /// <exception cref="ArgumentException">When a parameter has no update in <paramref name="updates"/>.</exception>
    public static UpdateDictionary ApplyMomentum(UpdateDictionary updates, IReadOnlyList<SharedVariable>? parameters = null, Hyperparameter? momentum = null)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var result = updates.Clone();
        foreach (var p in (parameters ?? updates.Keys).ToArray())
        {
            if (!updates.TryGetValue(p, out var newValue))
                throw new ArgumentException($"{nameof(ApplyMomentum)}: parameter {Names.Of(p)} has no update to add momentum to", nameof(parameters));
            var velocity = StateLike(p, "velocity");
            var x = Of(momentum, 0.9, p.DType) * velocity + newValue;
            result[velocity] = x - p;
            result[p] = x;
        }
        return result;
    }

    /// <summary>SGD with classical momentum (Lasagne's <c>momentum</c>): <c>ApplyMomentum(Sgd(...))</c>, i.e.
    /// <c>v ← momentum · v − learningRate · grad</c>, <c>param ← param + v</c>.</summary>
    /// <param name="lossOrGradients">The scalar loss, or one gradient expression per parameter.</param>
    /// <param name="parameters">The shared variables to update.</param>
    /// <param name="learningRate">The step size (number or symbolic).</param>
    /// <param name="momentum">The momentum (default 0.9; number or symbolic).</param>
    /// <exception cref="ArgumentException">When the gradients do not match the parameters.</exception>
    public static UpdateDictionary Momentum(LossOrGradients lossOrGradients, IReadOnlyList<SharedVariable> parameters, Hyperparameter learningRate, Hyperparameter? momentum = null)
        => ApplyMomentum(Sgd(lossOrGradients, parameters, learningRate), null, momentum);
}
