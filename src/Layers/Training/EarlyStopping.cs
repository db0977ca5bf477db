namespace NeuralCore.Layers.Training;

/// <summary>
/// Early stopping on a monitored metric: stops when the metric has not improved for
/// <see cref="Patience"/> consecutive epochs ("no improvement in ten" with patience 10).
/// </summary>
public sealed class EarlyStopping
{
    /// <summary>Creates the rule.</summary>
    /// <param name="patience">Epochs without improvement tolerated before stopping (at least 1).</param>
    /// <param name="maximize">True when larger is better (accuracy), false when smaller is (loss).</param>
    /// <param name="minDelta">The smallest change that counts as an improvement.</param>
    public EarlyStopping(int patience, bool maximize = true, double minDelta = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minDelta);
        Patience = patience;
        Maximize = maximize;
        MinDelta = minDelta;
    }

    /// <summary>Epochs without improvement tolerated.</summary>
    public int Patience { get; }
    /// <summary>Whether larger values are better.</summary>
    public bool Maximize { get; }
    /// <summary>The smallest change counted as an improvement.</summary>
    public double MinDelta { get; }
    /// <summary>The best value seen, or NaN before the first update.</summary>
    public double BestValue { get; private set; } = double.NaN;
    /// <summary>The epoch of the best value (0 before the first update).</summary>
    public int BestEpoch { get; private set; }
    /// <summary>Consecutive epochs since the last improvement.</summary>
    public int EpochsWithoutImprovement { get; private set; }
    /// <summary>Whether training should stop.</summary>
    public bool ShouldStop => EpochsWithoutImprovement >= Patience;

    /// <summary>Puts the rule back in a saved state (a resumed training run).</summary>
    internal void Restore(double bestValue, int bestEpoch, int epochsWithoutImprovement)
    {
        BestValue = bestValue;
        BestEpoch = bestEpoch;
        EpochsWithoutImprovement = epochsWithoutImprovement;
    }

    /// <summary>Records the metric of <paramref name="epoch"/>; returns true when it is a new best.
    /// NaN never improves.</summary>
    public bool Update(int epoch, double value)
    {
        bool improved = !double.IsNaN(value) && (double.IsNaN(BestValue)
            || (Maximize ? value > BestValue + MinDelta : value < BestValue - MinDelta));
        if (improved)
        {
            BestValue = value;
            BestEpoch = epoch;
            EpochsWithoutImprovement = 0;
        }
        else EpochsWithoutImprovement++;
        return improved;
    }
}
