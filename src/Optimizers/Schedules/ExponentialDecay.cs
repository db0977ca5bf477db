namespace NeuralCore.Optimizers;

/// <summary>Exponential decay: <c>value(epoch) = initial · gamma^epoch</c> (PyTorch's ExponentialLR; with a
/// fractional epoch from <see cref="LearningRateSchedule.Apply(int, int, int)"/> it decays smoothly per step).</summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates an exponential decay of <paramref name="target"/>.</summary>
    /// <param name="target">A float scalar shared variable.</param>
    /// <param name="gamma">The factor per epoch (e.g. 0.95).</param>
    /// <param name="initialValue">The value at epoch 0; null = the target's current value.</param>
    /// <exception cref="ArgumentException">When the target is not a float scalar shared variable.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="gamma"/> is not positive.</exception>
    public ExponentialDecay(SharedVariable target, double gamma, double? initialValue = null) : base(target, initialValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gamma);
        Gamma = gamma;
    }

    /// <summary>The factor per epoch.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override double ValueAt(double epoch) => InitialValue * Math.Pow(Gamma, epoch);
}
