namespace NeuralCore.Optimizers;

/// <summary>
/// A schedule for a symbolic hyper-parameter (usually the learning rate): a function of the epoch that writes its
/// value into a scalar shared variable, so that compiled training functions see the new value without
/// recompiling. Call <see cref="Apply(int)"/> at the start of each epoch, or
/// <see cref="Apply(int, int, int)"/> before each step for a per-step schedule:
/// <code>
/// var lr = Hyperparameter.CreateShared(0.1);
/// var updates = Updates.Momentum(loss, parameters, learningRate: lr);
/// var schedule = new StepDecay(lr, stepSize: 10, gamma: 0.5);
/// for (int epoch = 0; epoch &lt; 50; epoch++) { schedule.Apply(epoch); /* train one epoch */ }
/// </code>
/// The schedule starts from <see cref="InitialValue"/>, the target's value when the schedule was created unless
/// given explicitly. See <see cref="ReduceOnPlateau"/> for a schedule driven by a monitored value.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>Creates a schedule writing into <paramref name="target"/>.</summary>
    /// <param name="target">A float32 or float64 scalar shared variable (see <see cref="Hyperparameter.CreateShared"/>).</param>
    /// <param name="initialValue">The value at epoch 0; null = the target's current value.</param>
    /// <exception cref="ArgumentException">When the target is not a float scalar shared variable.</exception>
    protected LearningRateSchedule(SharedVariable target, double? initialValue)
    {
        Hyperparameter.CheckScalar(target, GetType().Name);
        Target = target;
        InitialValue = initialValue ?? Hyperparameter.GetValue(target);
    }

    /// <summary>The shared variable the schedule writes.</summary>
    public SharedVariable Target { get; }

    /// <summary>The value at epoch 0.</summary>
    public double InitialValue { get; }

    /// <summary>The target's current value.</summary>
    public double CurrentValue => Hyperparameter.GetValue(Target);

    /// <summary>The scheduled value at <paramref name="epoch"/> (0-based; fractional for per-step schedules).</summary>
    public abstract double ValueAt(double epoch);

    /// <summary>Sets the target to the value for <paramref name="epoch"/> (0-based) and returns it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the epoch is negative.</exception>
    public double Apply(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return Set(ValueAt(epoch));
    }

    /// <summary>Sets the target to the value at step <paramref name="step"/> of <paramref name="stepsPerEpoch"/> in
    /// <paramref name="epoch"/> (the fractional epoch <c>epoch + step / stepsPerEpoch</c>) and returns it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When an argument is negative, the step is not below
    /// <paramref name="stepsPerEpoch"/>, or <paramref name="stepsPerEpoch"/> is not positive.</exception>
    public double Apply(int epoch, int step, int stepsPerEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepsPerEpoch);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, stepsPerEpoch);
        return Set(ValueAt(epoch + (double)step / stepsPerEpoch));
    }

    private double Set(double value)
    {
        Hyperparameter.SetValue(Target, value);
        return value;
    }
}
