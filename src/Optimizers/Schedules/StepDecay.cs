namespace NeuralCore.Optimizers;

/// <summary>Step decay: multiplies the initial value by <see cref="Gamma"/> every <see cref="StepSize"/> epochs,
/// <c>value(epoch) = initial · gamma^⌊epoch / stepSize⌋</c> (PyTorch's StepLR, Keras's step-decay recipe).</summary>
public sealed class StepDecay : LearningRateSchedule
{
    /// <summary>Creates a step decay of <paramref name="target"/>.</summary>
    /// <param name="target">A float scalar shared variable.</param>
    /// <param name="stepSize">Epochs between decays (positive).</param>
    /// <param name="gamma">The factor applied at each decay (default 0.1).</param>
    /// <param name="initialValue">The value at epoch 0; null = the target's current value.</param>
    /// <exception cref="ArgumentException">When the target is not a float scalar shared variable.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="stepSize"/> is not positive or <paramref name="gamma"/> is negative.</exception>
    public StepDecay(SharedVariable target, int stepSize, double gamma = 0.1, double? initialValue = null) : base(target, initialValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        ArgumentOutOfRangeException.ThrowIfNegative(gamma);
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }

    /// <summary>The factor applied at each decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override double ValueAt(double epoch) => InitialValue * Math.Pow(Gamma, Math.Floor(epoch / StepSize));
}
