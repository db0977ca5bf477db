namespace NeuralCore.Layers.Training;

/// <summary>
/// What one epoch of training measured. Validation figures are null when there is no validation set.
/// </summary>
/// <param name="Epoch">The epoch number, starting at 1.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches (weighted by batch size; includes penalties).</param>
/// <param name="TrainAccuracy">Mean training accuracy over the epoch (with dropout and other noise on).</param>
/// <param name="ValidationLoss">Deterministic loss on the validation set, or null.</param>
/// <param name="ValidationAccuracy">Deterministic accuracy on the validation set, or null.</param>
/// <param name="LearningRate">The learning rate used during the epoch, or null when the loop was not told it.</param>
/// <param name="Seconds">Wall-clock seconds of the epoch (training and validation).</param>
/// <param name="SamplesPerSecond">Training examples processed per second during the epoch's training pass.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TrainAccuracy, double? ValidationLoss, double? ValidationAccuracy,
    double? LearningRate, double Seconds, double SamplesPerSecond);
