using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Optimizers.Tests;

public class ScheduleTests
{
    [Fact]
    public void CreateSharedMakesAFloat32ScalarAndSetValueWritesIt()
    {
        var lr = Hyperparameter.CreateShared(0.01);
        Assert.Equal(DType.Float32, lr.DType);
        Assert.Equal(0, lr.Rank);
        Assert.Equal("learning_rate", lr.Name);
        Assert.Equal(0.01f, (float)Hyperparameter.GetValue(lr));
        Hyperparameter.SetValue(lr, 0.5);
        Assert.Equal(0.5, Hyperparameter.GetValue(lr));
        Assert.Throws<ArgumentException>(() => Hyperparameter.SetValue(new SharedVariable(Tensor.Zeros<float>(2)), 1));
        Assert.Throws<ArgumentException>(() => Hyperparameter.CreateShared(1, dtype: DType.Int32));
    }

    [Fact]
    public void StepDecayMultipliesByGammaEveryStepSizeEpochs()
    {
        var lr = Hyperparameter.CreateShared(0.1, dtype: DType.Float64);
        var schedule = new StepDecay(lr, stepSize: 3, gamma: 0.5);
        for (int epoch = 0; epoch < 10; epoch++)
        {
            double expected = 0.1 * Math.Pow(0.5, epoch / 3);
            Assert.Equal(expected, schedule.Apply(epoch), 15);
            Assert.Equal(expected, Hyperparameter.GetValue(lr), 15);
        }
        Assert.Equal(0.1, schedule.InitialValue);
    }

    [Fact]
    public void ExponentialDecayIsInitialTimesGammaToTheEpoch()
    {
        var lr = Hyperparameter.CreateShared(0.2, dtype: DType.Float64);
        var schedule = new ExponentialDecay(lr, 0.9);
        for (int epoch = 0; epoch < 8; epoch++) Assert.Equal(0.2 * Math.Pow(0.9, epoch), schedule.Apply(epoch), 15);
        // Per step: a fractional epoch.
        Assert.Equal(0.2 * Math.Pow(0.9, 2.25), schedule.Apply(2, step: 1, stepsPerEpoch: 4), 15);
        Assert.Equal(0.2 * Math.Pow(0.9, 2.25), Hyperparameter.GetValue(lr), 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Apply(2, 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Apply(-1));
    }

    [Fact]
    public void CosineDecayAnnealsToTheMinimumAndStays()
    {
        var lr = Hyperparameter.CreateShared(1.0, dtype: DType.Float64);
        var schedule = new CosineDecay(lr, totalEpochs: 10, minimum: 0.1);
        Assert.Equal(1.0, schedule.Apply(0), 15);
        Assert.Equal(0.55, schedule.Apply(5), 15);
        for (int epoch = 0; epoch <= 14; epoch++)
        {
            double e = Math.Min(epoch, 10);
            Assert.Equal(0.1 + 0.9 * (1 + Math.Cos(Math.PI * e / 10)) / 2, schedule.Apply(epoch), 15);
        }
        Assert.Equal(0.1, Hyperparameter.GetValue(lr), 15);
    }

    [Fact]
    public void ExplicitInitialValueOverridesTheCurrentValue()
    {
        var lr = Hyperparameter.CreateShared(123, dtype: DType.Float64);
        var schedule = new StepDecay(lr, 1, 0.5, initialValue: 1.0);
        Assert.Equal(0.25, schedule.Apply(2));
        Assert.Equal(0.25, schedule.CurrentValue);
    }

    [Fact]
    public void ScheduleDrivesACompiledTrainingFunction()
    {
        // One compiled SGD step; the schedule changes the learning rate per epoch without recompiling.
        var lr = Hyperparameter.CreateShared(0.5);
        var w = new SharedVariable(Tensor.Scalar(0f), "w");
        var train = Function.Compile([], w, Updates.Sgd(T.Neg(w), [w], lr));   // gradient of -w is -1: w += lr
        var schedule = new StepDecay(lr, stepSize: 1, gamma: 0.5);
        double expected = 0;
        for (int epoch = 0; epoch < 4; epoch++)
        {
            expected += schedule.Apply(epoch);
            train.Invoke();
        }
        Assert.Equal(0.5 + 0.25 + 0.125 + 0.0625, expected);
        Assert.Equal(expected, w.Value.GetDouble(0), 6);
    }

    [Fact]
    public void ReduceOnPlateauLowersAfterPatienceStalledReports()
    {
        var lr = Hyperparameter.CreateShared(1.0, dtype: DType.Float64);
        var plateau = new ReduceOnPlateau(lr, factor: 0.5, patience: 2, minDelta: 0.01);
        Assert.False(plateau.Report(1.0));     // first value is the best so far
        Assert.False(plateau.Report(0.8));     // improvement
        Assert.False(plateau.Report(0.795));   // within minDelta: stalled 1
        Assert.Equal(1.0, plateau.CurrentValue);
        Assert.True(plateau.Report(0.9));      // stalled 2 = patience: halve
        Assert.Equal(0.5, Hyperparameter.GetValue(lr));
        Assert.False(plateau.Report(0.85));    // stalled 1 again (counter reset)
        Assert.False(plateau.Report(0.7));     // improvement resets
        Assert.Equal(0.7, plateau.Best);
        Assert.False(plateau.Report(0.75));
        Assert.True(plateau.Report(0.75));
        Assert.Equal(0.25, Hyperparameter.GetValue(lr));
        Assert.Equal(2, plateau.Reductions);
    }

    [Fact]
    public void ReduceOnPlateauRespectsCooldownMinimumAndMaximizeMode()
    {
        var lr = Hyperparameter.CreateShared(1.0, dtype: DType.Float64);
        var plateau = new ReduceOnPlateau(lr, factor: 0.1, patience: 1, cooldown: 2, minValue: 0.05, maximize: true);
        Assert.False(plateau.Report(0.5));     // accuracy: best 0.5
        Assert.True(plateau.Report(0.4));      // worse: lower to 0.1
        Assert.Equal(0.1, Hyperparameter.GetValue(lr), 12);
        Assert.False(plateau.Report(0.4));     // cooldown 1
        Assert.False(plateau.Report(0.4));     // cooldown 2
        Assert.True(plateau.Report(0.4));      // lowered again, clamped at the minimum
        Assert.Equal(0.05, Hyperparameter.GetValue(lr), 12);
        Assert.False(plateau.Report(0.4));
        Assert.False(plateau.Report(0.4));
        Assert.False(plateau.Report(0.4));     // already at the minimum: no further change
        Assert.Equal(0.05, Hyperparameter.GetValue(lr), 12);
        Assert.False(plateau.Report(0.6));     // improvement in maximize mode
        Assert.Equal(0.6, plateau.Best);
        Assert.Throws<ArgumentException>(() => plateau.Report(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceOnPlateau(lr, factor: 1.5));
    }
}
