using NeuralCore.Layers.Training;

namespace NeuralCore.Samples.Tests;

public sealed class EarlyStoppingTests
{
    [Fact]
    public void StopsAfterPatienceEpochsWithoutImprovementOnAScriptedAccuracySequence()
    {
        var rule = new EarlyStopping(patience: 3, maximize: true);
        double[] accuracy = [0.90, 0.92, 0.91, 0.92, 0.95, 0.94, 0.94, 0.93, 0.99];
        int stoppedAt = 0;
        for (int e = 1; e <= accuracy.Length; e++)
        {
            rule.Update(e, accuracy[e - 1]);
            if (rule.ShouldStop) { stoppedAt = e; break; }
        }
        // Best 0.95 at epoch 5; epochs 6, 7, 8 do not beat it (0.92 at epoch 4 only ties epoch 2's).
        Assert.Equal(8, stoppedAt);
        Assert.Equal(5, rule.BestEpoch);
        Assert.Equal(0.95, rule.BestValue);
    }

    [Fact]
    public void MinimizingLossWithMinDeltaIgnoresTinyImprovements()
    {
        var rule = new EarlyStopping(patience: 2, maximize: false, minDelta: 0.01);
        Assert.True(rule.Update(1, 1.0));
        Assert.False(rule.Update(2, 0.995));
        Assert.True(rule.Update(3, 0.98));
        Assert.False(rule.Update(4, double.NaN));
        Assert.False(rule.ShouldStop);
        Assert.False(rule.Update(5, 0.99));
        Assert.True(rule.ShouldStop);
        Assert.Equal(3, rule.BestEpoch);
    }

    [Fact]
    public void PatienceBelowOneIsRejected() => Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(0));
}
