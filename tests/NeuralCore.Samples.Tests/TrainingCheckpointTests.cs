using NeuralCore.Autodiff;
using NeuralCore.Layers;
using NeuralCore.Layers.Data;
using NeuralCore.Layers.Training;
using NeuralCore.Optimizers;
using NeuralCore.Tensors;

namespace NeuralCore.Samples.Tests;

public sealed class TrainingCheckpointTests(MnistFixture mnist) : IClassFixture<MnistFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("neuralcore-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string CheckpointPath => Path.Combine(_directory, "checkpoint.npz");

    // A run holding every kind of state a checkpoint must carry: two dropout masks (random ops), Nesterov velocities
    // (optimizer state), shuffling, augmentation by shifts and rotations (the caller's generator), a learning-rate
    // schedule, validation with early stopping and the best epoch's parameters.
    // With adamAndBatchNorm, Adam (moments and a step counter) and a batch-normalized hidden layer (running averages
    // updated by the training step) replace Nesterov momentum.
    private static (ClassifierModel Model, TrainingOptions Options) Setup(ulong seed, int epochs, int hidden = 32, Func<int, double>? rate = null,
        bool adamAndBatchNorm = false)
    {
        // Seeded holds the generator's lock: other test classes build networks on other threads at the same time, and a
        // resumed run must get the same weights and dropout seeds as the run that wrote the checkpoint.
        var net = LayersRandom.Seeded(seed, () =>
        {
            Layer layer = new InputLayer([null, 784], T.Matrix("X"));
            layer = new DenseLayer(new DropoutLayer(layer, 0.2), hidden);
            if (adamAndBatchNorm) layer = BatchNorm.Apply(layer);
            return new DenseLayer(new DropoutLayer(layer, 0.5), 10, Nonlinearities.Softmax);
        });
        var lr = Hyperparameter.CreateShared(0.05);
        var model = ClassifierModel.Create(net, adamAndBatchNorm
            ? (loss, ps) => Updates.Adam(loss, ps, lr)
            : (loss, ps) => Updates.NesterovMomentum(loss, ps, lr, 0.9));
        var augmenter = new ImageAugmenter(AugmentationOptions.SmallRotations with { MaxShift = 1 }, seed + 100);
        rate ??= epoch => (adamAndBatchNorm ? 0.005 : 0.05) * Math.Pow(0.8, epoch - 1);
        return (model, new TrainingOptions
        {
            Epochs = epochs,
            BatchSize = 50,
            Seed = seed,
            Patience = 10,
            LearningRateSchedule = epoch => { double v = rate(epoch); Hyperparameter.SetValue(lr, v); return v; },
            Augment = augmenter.Apply,
            RandomGenerators = [augmenter.Generator],
        });
    }

    private TrainingResult Fit(ClassifierModel model, TrainingOptions options)
        => Trainer.Fit(model, mnist.Data.Train.Take(600), mnist.Data.Validation!.Take(300), options);

    // Trains with the checkpoint file, cancelled right after epoch stopAfter: what a killed process leaves behind.
    private TrainingResult Interrupt(ClassifierModel model, TrainingOptions options, int stopAfter)
    {
        using var cancel = new CancellationTokenSource();
        return Fit(model, options with
        {
            CheckpointPath = CheckpointPath,
            EpochEnd = new Sink<EpochRecord>(e => { if (e.Epoch == stopAfter) cancel.Cancel(); }),
            CancellationToken = cancel.Token,
        });
    }

    private static void AssertSameHistory(TrainingHistory expected, TrainingHistory actual)
    {
        Assert.Equal(expected.Epochs.Count, actual.Epochs.Count);
        for (int i = 0; i < expected.Epochs.Count; i++)
        {
            // Everything but the timings, exactly.
            var (e, a) = (expected.Epochs[i], actual.Epochs[i]);
            Assert.Equal((e.Epoch, e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy, e.LearningRate),
                (a.Epoch, a.TrainLoss, a.TrainAccuracy, a.ValidationLoss, a.ValidationAccuracy, a.LearningRate));
        }
    }

    private static void AssertSameParameters(Layer expected, Layer actual)
    {
        var e = LayerGraph.GetAllParamValues(expected);
        var a = LayerGraph.GetAllParamValues(actual);
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
            Assert.True(((Tensor<float>)e[i]).AsReadOnlySpan().SequenceEqual(((Tensor<float>)a[i]).AsReadOnlySpan()), $"parameter {i} differs");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AResumedRunComputesExactlyWhatTheUninterruptedRunComputes(bool adamAndBatchNorm)
    {
        var (reference, referenceOptions) = Setup(7, 4, adamAndBatchNorm: adamAndBatchNorm);
        Assert.Equal(2, reference.TrainingRandomGenerators.Count);   // the two dropout masks
        // Nesterov: a velocity per parameter (W, b, W, b). Adam: two moments per trainable parameter (W, beta, gamma,
        // W, b: batch norm replaces the first bias) and the step counter; the batch-norm running averages are network
        // parameters, not optimizer state.
        Assert.Equal(adamAndBatchNorm ? 11 : 4, reference.OptimizerState.Count);
        var uninterrupted = Fit(reference, referenceOptions);
        Assert.Equal(4, uninterrupted.BestEpoch);   // still improving, so the last parameters are the compared ones

        var (first, firstOptions) = Setup(7, 4, adamAndBatchNorm: adamAndBatchNorm);
        var interrupted = Interrupt(first, firstOptions, stopAfter: 2);
        Assert.True(interrupted.Cancelled);
        Assert.Equal(2, interrupted.History.Epochs.Count);
        Assert.True(File.Exists(CheckpointPath), "the checkpoint of epoch 2 is kept when the run is cancelled");

        var (second, secondOptions) = Setup(7, 4, adamAndBatchNorm: adamAndBatchNorm);
        var trainedEpochs = new List<int>();
        var resumed = Fit(second, secondOptions with { CheckpointPath = CheckpointPath, EpochEnd = new Sink<EpochRecord>(e => trainedEpochs.Add(e.Epoch)) });
        Assert.Equal([3, 4], trainedEpochs);
        AssertSameHistory(uninterrupted.History, resumed.History);
        AssertSameParameters(reference.Network, second.Network);
        Assert.False(File.Exists(CheckpointPath), "the checkpoint is deleted when training ends");
    }

    [Fact]
    public void TheBestEpochKeptBeforeTheInterruptionIsRestoredAtTheEnd()
    {
        // Two epochs of descent, then gradient ascent: the best epoch is one of the first two, saved before the
        // interruption after epoch 3, and the resumed run must end with exactly its parameters.
        static double Rate(int epoch) => epoch <= 2 ? 0.05 : -0.5;
        var (reference, referenceOptions) = Setup(9, 5, rate: Rate);
        var uninterrupted = Fit(reference, referenceOptions);
        Assert.InRange(uninterrupted.BestEpoch, 1, 2);

        var (first, firstOptions) = Setup(9, 5, rate: Rate);
        Interrupt(first, firstOptions, stopAfter: 3);
        var (second, secondOptions) = Setup(9, 5, rate: Rate);
        var resumed = Fit(second, secondOptions with { CheckpointPath = CheckpointPath });
        Assert.Equal(uninterrupted.BestEpoch, resumed.BestEpoch);
        Assert.Equal(uninterrupted.BestValidationAccuracy, resumed.BestValidationAccuracy);
        AssertSameHistory(uninterrupted.History, resumed.History);
        AssertSameParameters(reference.Network, second.Network);
    }

    [Fact]
    public void ACheckpointOfAnotherSeedOrNetworkIsRejectedAndChangesNothing()
    {
        var (first, firstOptions) = Setup(11, 3);
        Interrupt(first, firstOptions, stopAfter: 1);

        var (otherSeed, otherSeedOptions) = Setup(12, 3);
        var before = LayerGraph.GetAllParamValues(otherSeed.Network);
        var seedError = Assert.Throws<ArgumentException>(() => Fit(otherSeed, otherSeedOptions with { CheckpointPath = CheckpointPath }));
        Assert.Contains(CheckpointPath, seedError.Message);
        Assert.Contains("seeded", seedError.Message);
        var after = LayerGraph.GetAllParamValues(otherSeed.Network);
        for (int i = 0; i < before.Length; i++) Assert.True(((Tensor<float>)before[i]).ValueEquals((Tensor<float>)after[i]), $"parameter {i} was changed");

        var (wider, widerOptions) = Setup(11, 3, hidden: 33);
        var shapeError = Assert.Throws<ShapeMismatchException>(() => Fit(wider, widerOptions with { CheckpointPath = CheckpointPath }));
        Assert.Contains("(784, 32)", shapeError.Message);
        Assert.Contains("(784, 33)", shapeError.Message);
        Assert.True(File.Exists(CheckpointPath), "a rejected checkpoint is left in place");
    }

    [Fact]
    public void ADamagedCheckpointFailsWithAnErrorNamingTheFile()
    {
        var (first, firstOptions) = Setup(13, 3);
        Interrupt(first, firstOptions, stopAfter: 1);
        var bytes = File.ReadAllBytes(CheckpointPath);
        File.WriteAllBytes(CheckpointPath, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var (second, secondOptions) = Setup(13, 3);
        var error = Assert.ThrowsAny<Exception>(() => Fit(second, secondOptions with { CheckpointPath = CheckpointPath }));
        Assert.True(error is NeuralCore.Tensors.Io.NpyFormatException or InvalidDataException, $"unexpected {error.GetType().Name}: {error.Message}");
        Assert.Contains(CheckpointPath, error.Message);
    }
}
