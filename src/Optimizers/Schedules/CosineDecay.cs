namespace NeuralCore.Optimizers;

/// <summary>Cosine annealing (Loshchilov and Hutter's SGDR without restarts, PyTorch's CosineAnnealingLR):
/// <c>value(epoch) = minimum + (initial − minimum) · (1 + cos(π · min(epoch, totalEpochs) / totalEpochs)) / 2</c>,
/// reaching <see cref="Minimum"/> at <see cref="TotalEpochs"/> and staying there.</summary>
public sealed class CosineDecay : LearningRateSchedule
{
    /// <summary>Creates a cosine annealing of <paramref name="target"/>.</summary>
    /// <param name="target">A float scalar shared variable.</param>
    /// <param name="totalEpochs">The epoch at which the minimum is reached (positive).</param>
    /// <param name="minimum">The final value (default 0).</param>
    /// <param name="initialValue">The value at epoch 0; null = the target's current value.</param>
    /// <exception cref="ArgumentException">When the target is not a float scalar shared variable.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="totalEpochs"/> is not positive.</exception>
    public CosineDecay(SharedVariable target, int totalEpochs, double minimum = 0, double? initialValue = null) : base(target, initialValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalEpochs);
        TotalEpochs = totalEpochs;
        Minimum = minimum;
    }

    /// <summary>The epoch at which the minimum is reached.</summary>
    public int TotalEpochs { get; }

    /// <summary>The final value.</summary>
    public double Minimum { get; }

    /// <inheritdoc/>
    public override double ValueAt(double epoch)
    {
        double progress = Math.Min(epoch, TotalEpochs) / TotalEpochs;
        return Minimum + (InitialValue - Minimum) * (1 + Math.Cos(Math.PI * progress)) / 2;
    }
}
