using NeuralCore.Tensors;

namespace NeuralCore.Layers.Training;

/// <summary>Settings of <see cref="Trainer.Fit"/>. A record, so variants are made with <c>with</c>.</summary>
public sealed record TrainingOptions
{
    /// <summary>Maximum number of epochs (default 10).</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>Training examples per batch (default 500, the Theano tutorial's).</summary>
    public int BatchSize { get; init; } = 500;
    /// <summary>Examples per batch when evaluating (default 1000).</summary>
    public int EvaluationBatchSize { get; init; } = 1000;
    /// <summary>Seed of the minibatch shuffling (default 1).</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Visit the training examples in a new random order each epoch (default true).</summary>
    public bool Shuffle { get; init; } = true;
    /// <summary>Early-stopping patience in epochs on the validation metric, or null to always run
    /// <see cref="Epochs"/> epochs.</summary>
    public int? Patience { get; init; }
    /// <summary>Monitor the validation loss (smaller is better) instead of the validation accuracy.</summary>
    public bool MonitorValidationLoss { get; init; }
    /// <summary>At the end, put back the parameters of the best validation epoch (default true; needs a
    /// validation set).</summary>
    public bool RestoreBestParameters { get; init; } = true;
    /// <summary>Learning-rate schedule hook, called before each epoch with the epoch number (1-based); it sets the
    /// rate (e.g. a shared variable or LearningRateSchedule.Apply) and returns it for the history. Null: no
    /// schedule, and the history's learning rate comes from <see cref="LearningRate"/>.</summary>
    public Func<int, double>? LearningRateSchedule { get; init; }
    /// <summary>Reads the current learning rate for the history when there is no schedule, or null.</summary>
    public Func<double>? LearningRate { get; init; }
    /// <summary>On-the-fly augmentation: called for every training batch with the batch's inputs and a reused
    /// destination tensor of the same shape to fill (e.g. ImageAugmenter.Apply).</summary>
    public Action<Tensor<float>, Tensor<float>>? Augment { get; init; }
    /// <summary>Receives batch progress (throttled by <see cref="ProgressInterval"/>; the last batch of an epoch is
    /// always reported).</summary>
    public IProgress<BatchProgress>? BatchProgress { get; init; }
    /// <summary>Receives each epoch's record when it ends.</summary>
    public IProgress<EpochRecord>? EpochEnd { get; init; }
    /// <summary>Minimum time between two batch reports (default 100 ms).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    /// <summary>A file that makes the run resumable (Keras' BackupAndRestore): after every epoch the whole training state
    /// is written to it atomically (parameters, optimizer state, the positions of the dropout, shuffling and
    /// <see cref="RandomGenerators"/> streams, the history, early stopping and the best epoch's parameters), and when
    /// <see cref="Trainer.Fit"/> starts with the file present it continues from there, computing exactly what the
    /// uninterrupted run would have. The file is deleted when training ends (not when it is cancelled). The network,
    /// update rule and seeds must be the ones that wrote it; <see cref="Epochs"/> may be raised to train longer.</summary>
    public string? CheckpointPath { get; init; }
    /// <summary>Random generators outside the network that training draws from, e.g. <see cref="Data.ImageAugmenter.Generator"/>
    /// of the augmentation; a checkpoint saves and restores their positions (default none).</summary>
    public IReadOnlyList<RandomGenerator> RandomGenerators { get; init; } = [];
    /// <summary>Stops training between batches when cancelled (the history keeps the finished epochs).</summary>
    public CancellationToken CancellationToken { get; init; }
}
