using System.Diagnostics;
using NeuralCore.Layers.Data;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Training;

/// <summary>
/// The training loop: seeded shuffled minibatches, epochs, training and validation loss/accuracy per epoch,
/// early stopping with the best parameters kept and restored, a learning-rate hook, on-the-fly augmentation,
/// progress through <see cref="IProgress{T}"/>, a history of every epoch, and an optional checkpoint file from which
/// an interrupted run resumes exactly (<see cref="TrainingOptions.CheckpointPath"/>). No UI dependency.
/// </summary>
/// <example><code>
/// var model = ClassifierModel.Create(net, (loss, ps) =&gt; Updates.Adam(loss, ps));
/// var result = Trainer.Fit(model, mnist.Train, mnist.Validation, new TrainingOptions { Epochs = 20, Patience = 10 });
/// result.History.SaveCsv("history.csv");
/// var test = Trainer.Evaluate(model, mnist.Test);
/// </code></example>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> on <paramref name="train"/>, validating on <paramref name="validation"/>
    /// after every epoch when given. With <see cref="TrainingOptions.CheckpointPath"/> set and the file present, it first
    /// resumes the run that wrote it: the returned history then holds the epochs of both runs.</summary>
    /// <exception cref="ArgumentException">When the checkpoint was written by another network, update rule or seed.</exception>
    /// <exception cref="InvalidDataException">When the checkpoint file is damaged.</exception>
    public static TrainingResult Fit(ClassifierModel model, LabeledData train, LabeledData? validation, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        if (train.Count == 0) throw new ArgumentException("Trainer.Fit: the training set is empty", nameof(train));

        var history = new TrainingHistory();
        var batches = new MiniBatchIterator(train, options.BatchSize, options.Shuffle, options.Seed);
        bool hasValidation = validation is { Count: > 0 };
        var stopping = hasValidation ? new EarlyStopping(options.Patience ?? int.MaxValue, maximize: !options.MonitorValidationLoss) : null;
        ParameterSnapshot? best = null;
        var augmentation = new AugmentationBuffers();
        long runStart = Stopwatch.GetTimestamp();
        long reportEvery = (long)(options.ProgressInterval.TotalSeconds * Stopwatch.Frequency);
        bool stoppedEarly = false, cancelled = false;
        int lastEpoch = 0;
        EpochRecord? bestRecord = null;

        // Every stream the run draws from, in a fixed order: dropout/noise, shuffling, then the caller's (augmentation).
        var streams = new List<RandomGenerator>(model.TrainingRandomGenerators) { batches.Generator };
        streams.AddRange(options.RandomGenerators);
        string? checkpointPath = options.CheckpointPath;
        if (checkpointPath is not null && File.Exists(checkpointPath))
        {
            var checkpoint = TrainingCheckpoint.Load(checkpointPath);
            checkpoint.Apply(model, streams, stopping, checkpointPath);
            foreach (var record in checkpoint.History) history.Add(record);
            lastEpoch = checkpoint.History.Count;
            bestRecord = checkpoint.BestEpoch > 0 ? checkpoint.History[checkpoint.BestEpoch - 1] : null;
            best = checkpoint.Best;
            // A run killed between its last checkpoint and its end has nothing left to do but finish.
            stoppedEarly = stopping is { ShouldStop: true } && lastEpoch < options.Epochs;
        }

        for (int epoch = lastEpoch + 1; epoch <= options.Epochs && !stoppedEarly; epoch++)
        {
            double? learningRate = options.LearningRateSchedule is { } schedule ? schedule(epoch) : options.LearningRate?.Invoke();
            if (learningRate is double r && double.IsNaN(r)) learningRate = null;
            long epochStart = Stopwatch.GetTimestamp();
            long lastReport = epochStart;
            double lossSum = 0, accuracySum = 0;
            int samples = 0, batchIndex = 0, batchCount = batches.BatchesPerEpoch;
            foreach (var batch in batches.Epoch())
            {
                if (options.CancellationToken.IsCancellationRequested) { cancelled = true; break; }
                var (inputs, labels) = batch;
                if (options.Augment is { } augment)
                {
                    var destination = augmentation.For(inputs);
                    augment(inputs, destination);
                    inputs = destination;
                }
                var (loss, accuracy) = model.TrainBatch(inputs, labels);
                lossSum += loss * batch.Count;
                accuracySum += accuracy * batch.Count;
                samples += batch.Count;
                batchIndex++;
                long now = Stopwatch.GetTimestamp();
                if (options.BatchProgress is { } progress && (batchIndex == batchCount || now - lastReport >= reportEvery))
                {
                    lastReport = now;
                    var elapsed = Stopwatch.GetElapsedTime(epochStart, now);
                    double rate = samples / Math.Max(elapsed.TotalSeconds, 1e-9);
                    var remaining = TimeSpan.FromSeconds((train.Count - samples) / Math.Max(rate, 1e-9));
                    progress.Report(new BatchProgress(epoch, options.Epochs, batchIndex, batchCount, samples, rate,
                        lossSum / samples, accuracySum / samples, elapsed, remaining));
                }
            }
            if (cancelled || samples == 0) { cancelled = true; break; }
            double trainSeconds = Stopwatch.GetElapsedTime(epochStart).TotalSeconds;
            double? validationLoss = null, validationAccuracy = null;
            if (hasValidation)
            {
                var evaluation = Evaluate(model, validation!, options.EvaluationBatchSize);
                validationLoss = evaluation.Loss;
                validationAccuracy = evaluation.Accuracy;
            }
            var record = new EpochRecord(epoch, lossSum / samples, accuracySum / samples, validationLoss, validationAccuracy,
                learningRate, Stopwatch.GetElapsedTime(epochStart).TotalSeconds, samples / Math.Max(trainSeconds, 1e-9));
            history.Add(record);
            lastEpoch = epoch;
            if (stopping is not null)
            {
                double monitored = options.MonitorValidationLoss ? validationLoss!.Value : validationAccuracy!.Value;
                if (stopping.Update(epoch, monitored))
                {
                    bestRecord = record;
                    if (options.RestoreBestParameters) best = ParameterSnapshot.Capture(model.Network);
                }
            }
            if (checkpointPath is not null)
                TrainingCheckpoint.Save(checkpointPath, model, streams, history, stopping, best, bestRecord?.Epoch ?? 0);
            options.EpochEnd?.Report(record);
            if (stopping is { ShouldStop: true } && epoch < options.Epochs) { stoppedEarly = true; break; }
        }

        if (checkpointPath is not null && !cancelled) File.Delete(checkpointPath);
        // Restore only when the final parameters are not already the best ones.
        if (best is not null && bestRecord is not null && bestRecord.Epoch != lastEpoch) best.Restore(model.Network);
        int bestEpoch = bestRecord?.Epoch ?? lastEpoch;
        return new TrainingResult(history, bestEpoch, bestRecord?.ValidationAccuracy, bestRecord?.ValidationLoss, stoppedEarly, cancelled,
            Stopwatch.GetElapsedTime(runStart).TotalSeconds);
    }

    /// <summary>Deterministic mean loss and accuracy of <paramref name="model"/> on <paramref name="data"/>, in
    /// batches of <paramref name="batchSize"/> (views, no copy).</summary>
    public static EvaluationResult Evaluate(ClassifierModel model, LabeledData data, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        double lossSum = 0, accuracySum = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, data.Count - start);
            var (loss, accuracy) = model.EvaluateBatch(data.Inputs.Slice(start, count), data.Labels.Slice(start, count));
            lossSum += loss * count;
            accuracySum += accuracy * count;
        }
        return data.Count == 0 ? new EvaluationResult(double.NaN, double.NaN, 0) : new EvaluationResult(lossSum / data.Count, accuracySum / data.Count, data.Count);
    }

    // The augmented copy of each batch goes into one buffer reused for every batch (and a view of it for the
    // smaller last batch), so augmentation allocates nothing after the first epoch.
    private sealed class AugmentationBuffers
    {
        private Tensor<float>? _full;
        private Tensor<float>? _partial;

        public Tensor<float> For(Tensor<float> inputs)
        {
            if (_full is null || _full.Shape.Rank != inputs.Shape.Rank || _full.Shape[0] < inputs.Shape[0] || !SameRowShape(_full.Shape, inputs.Shape))
            {
                _full = new Tensor<float>(inputs.Shape);
                _partial = null;
            }
            if (_full.Shape[0] == inputs.Shape[0]) return _full;
            if (_partial is null || _partial.Shape[0] != inputs.Shape[0]) _partial = _full.Slice(0, inputs.Shape[0]);
            return _partial;
        }

        private static bool SameRowShape(Shape a, Shape b)
        {
            for (int i = 1; i < a.Rank; i++) if (a[i] != b[i]) return false;
            return true;
        }
    }
}
