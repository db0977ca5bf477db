namespace NeuralCore.Optimizers;

/// <summary>
/// Lowers a hyper-parameter (usually the learning rate) when a monitored value (usually the validation loss)
/// stops improving, as Keras's ReduceLROnPlateau: after <see cref="Patience"/> consecutive reports without an
/// improvement of more than <see cref="MinDelta"/>, the target is multiplied by <see cref="Factor"/> (never below
/// <see cref="MinValue"/>), then <see cref="Cooldown"/> reports are ignored. Unlike a
/// <see cref="LearningRateSchedule"/> it depends on observations, not on the epoch number:
/// <code>
/// var plateau = new ReduceOnPlateau(lr, factor: 0.5, patience: 3);
/// for (...) { /* train */ plateau.Report(validationLoss); }
/// </code>
/// </summary>
public sealed class ReduceOnPlateau
{
    private int _wait;
    private int _cooldownLeft;

    /// <summary>Creates the controller.</summary>
    /// <param name="target">A float scalar shared variable (see <see cref="Hyperparameter.CreateShared"/>).</param>
    /// <param name="factor">The multiplier applied when the value stalls, in (0, 1) (default 0.1).</param>
    /// <param name="patience">How many reports without improvement are tolerated before lowering (default 10).</param>
    /// <param name="minDelta">The smallest change that counts as an improvement (default 1e-4, absolute).</param>
    /// <param name="cooldown">Reports to wait after a reduction before counting again (default 0).</param>
    /// <param name="minValue">The target is never lowered below this (default 0).</param>
    /// <param name="maximize">Whether larger monitored values are better (accuracy) instead of smaller (loss).</param>
    /// <exception cref="ArgumentException">When the target is not a float scalar shared variable.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a number is out of range.</exception>
    public ReduceOnPlateau(SharedVariable target, double factor = 0.1, int patience = 10, double minDelta = 1e-4,
        int cooldown = 0, double minValue = 0, bool maximize = false)
    {
        Hyperparameter.CheckScalar(target, nameof(ReduceOnPlateau));
        if (!(factor > 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "ReduceOnPlateau: factor must be in (0, 1)");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(minDelta);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        ArgumentOutOfRangeException.ThrowIfNegative(minValue);
        Target = target;
        Factor = factor;
        Patience = patience;
        MinDelta = minDelta;
        Cooldown = cooldown;
        MinValue = minValue;
        Maximize = maximize;
        Best = maximize ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>The shared variable that is lowered.</summary>
    public SharedVariable Target { get; }

    /// <summary>The multiplier applied on a plateau.</summary>
    public double Factor { get; }

    /// <summary>Reports without improvement tolerated before lowering.</summary>
    public int Patience { get; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Reports ignored after a reduction.</summary>
    public int Cooldown { get; }

    /// <summary>The floor of the target.</summary>
    public double MinValue { get; }

    /// <summary>Whether larger monitored values are better.</summary>
    public bool Maximize { get; }

    /// <summary>The best monitored value so far (±∞ before the first report).</summary>
    public double Best { get; private set; }

    /// <summary>How many times the target has been lowered.</summary>
    public int Reductions { get; private set; }

    /// <summary>The target's current value.</summary>
    public double CurrentValue => Hyperparameter.GetValue(Target);

    /// <summary>Records the monitored value of one epoch; lowers the target when it has stalled for
    /// <see cref="Patience"/> reports. Returns whether the target was lowered by this call.</summary>
    /// <exception cref="ArgumentException">When the value is NaN.</exception>
    public bool Report(double monitored)
    {
        if (double.IsNaN(monitored)) throw new ArgumentException("ReduceOnPlateau.Report: the monitored value is NaN", nameof(monitored));
        bool inCooldown = _cooldownLeft > 0;
        if (inCooldown)
        {
            _cooldownLeft--;
            _wait = 0;
        }
        bool improved = Maximize ? monitored > Best + MinDelta : monitored < Best - MinDelta;
        if (improved)
        {
            Best = monitored;
            _wait = 0;
            return false;
        }
        if (inCooldown) return false;
        if (++_wait < Patience) return false;
        _wait = 0;
        double current = CurrentValue;
        if (current <= MinValue) return false;
        Hyperparameter.SetValue(Target, Math.Max(current * Factor, MinValue));
        _cooldownLeft = Cooldown;
        Reductions++;
        return true;
    }
}
