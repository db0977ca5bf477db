namespace NeuralCore.Layers.Training;

/// <summary>
/// Progress within an epoch, reported after batches by <see cref="Trainer"/> through
/// <see cref="TrainingOptions.BatchProgress"/>.
/// </summary>
/// <param name="Epoch">The current epoch, starting at 1.</param>
/// <param name="Epochs">The maximum number of epochs.</param>
/// <param name="Batch">Batches done in this epoch (1 after the first batch).</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Samples">Examples processed in this epoch.</param>
/// <param name="SamplesPerSecond">Examples per second so far in this epoch.</param>
/// <param name="RunningLoss">Mean training loss of the epoch so far.</param>
/// <param name="RunningAccuracy">Mean training accuracy of the epoch so far.</param>
/// <param name="Elapsed">Time since the epoch started.</param>
/// <param name="Remaining">Estimated time until the epoch's training pass ends.</param>
public readonly record struct BatchProgress(int Epoch, int Epochs, int Batch, int Batches, int Samples, double SamplesPerSecond,
    double RunningLoss, double RunningAccuracy, TimeSpan Elapsed, TimeSpan Remaining);
