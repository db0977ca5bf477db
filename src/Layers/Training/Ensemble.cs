using NeuralCore.Layers.Data;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Training;

/// <summary>The outcome of <see cref="Ensemble.Train"/>.</summary>
/// <param name="Members">Each member's training result.</param>
/// <param name="MemberTestAccuracies">Each member's own test accuracy.</param>
/// <param name="VoteLabels">Test labels by majority vote.</param>
/// <param name="MeanLabels">Test labels by the mean probability.</param>
/// <param name="VoteAccuracy">Test accuracy of the majority vote.</param>
/// <param name="MeanAccuracy">Test accuracy of the mean probability.</param>
public sealed record EnsembleResult(IReadOnlyList<TrainingResult> Members, IReadOnlyList<double> MemberTestAccuracies,
    int[] VoteLabels, int[] MeanLabels, double VoteAccuracy, double MeanAccuracy);

/// <summary>Trains several networks that differ only in their seed and combines their test predictions by
/// majority vote and by mean probability (the lecture's 5-network ensemble).</summary>
public static class Ensemble
{
    /// <summary>Trains <paramref name="members"/> networks. Member i gets seed <c>baseSeed + i</c>: it is passed to
    /// <paramref name="createMember"/> (which should seed the initial weights and dropout with it, e.g.
    /// LayersRandom.Seed) and used as the shuffling seed.</summary>
    /// <param name="members">Number of networks (at least 1).</param>
    /// <param name="baseSeed">Seed of the first member.</param>
    /// <param name="createMember">Builds and compiles member (index, seed).</param>
    /// <param name="train">Training set.</param>
    /// <param name="validation">Validation set, or null.</param>
    /// <param name="test">Test set the combination is measured on.</param>
    /// <param name="options">Training options (the seed is replaced per member; no checkpoint path).</param>
    /// <param name="memberDone">Called after each member with its index, result and test accuracy, or null.</param>
    /// <exception cref="ArgumentException">When <paramref name="options"/> has a checkpoint path, which all members would share.</exception>
    public static EnsembleResult Train(int members, ulong baseSeed, Func<int, ulong, ClassifierModel> createMember,
        LabeledData train, LabeledData? validation, LabeledData test, TrainingOptions options,
        Action<int, TrainingResult, double>? memberDone = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(members);
        ArgumentNullException.ThrowIfNull(createMember);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        if (options.CheckpointPath is not null)
            throw new ArgumentException("Ensemble.Train: a checkpoint file resumes one network, and every member would share it; train the members with Trainer.Fit, one checkpoint each", nameof(options));
        var results = new List<TrainingResult>(members);
        var accuracies = new List<double>(members);
        var probabilities = new List<Tensor<float>>(members);
        var truth = test.Labels.AsReadOnlySpan().ToArray();
        for (int i = 0; i < members; i++)
        {
            ulong seed = baseSeed + (ulong)i;
            var model = createMember(i, seed);
            var result = Trainer.Fit(model, train, validation, options with { Seed = seed });
            var p = Predictions.Probabilities(model, test.Inputs, options.EvaluationBatchSize);
            double accuracy = Predictions.Accuracy(Predictions.ArgMax(p), truth);
            results.Add(result);
            accuracies.Add(accuracy);
            probabilities.Add(p);
            memberDone?.Invoke(i, result, accuracy);
        }
        var vote = EnsembleCombiner.MajorityVote(probabilities);
        var mean = Predictions.ArgMax(EnsembleCombiner.MeanProbabilities(probabilities));
        return new EnsembleResult(results, accuracies, vote, mean, Predictions.Accuracy(vote, truth), Predictions.Accuracy(mean, truth));
    }
}
