namespace NeuralCore.Layers.Training;

/// <summary>The outcome of <see cref="Trainer.Fit"/>.</summary>
/// <param name="History">Every epoch run.</param>
/// <param name="BestEpoch">The epoch with the best validation metric (the last epoch without validation).</param>
/// <param name="BestValidationAccuracy">Validation accuracy of the best epoch, or null without validation.</param>
/// <param name="BestValidationLoss">Validation loss of the best epoch, or null without validation.</param>
/// <param name="StoppedEarly">Whether early stopping ended the run before the maximum number of epochs.</param>
/// <param name="Cancelled">Whether the run was cancelled.</param>
/// <param name="Seconds">Total wall-clock seconds.</param>
public sealed record TrainingResult(TrainingHistory History, int BestEpoch, double? BestValidationAccuracy, double? BestValidationLoss,
    bool StoppedEarly, bool Cancelled, double Seconds);
