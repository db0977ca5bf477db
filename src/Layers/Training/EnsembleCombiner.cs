using NeuralCore.Tensors;

namespace NeuralCore.Layers.Training;

/// <summary>Combines the class probabilities of several networks: by majority vote of their arg-max labels, and
/// by the mean of their probabilities.</summary>
public static class EnsembleCombiner
{
    /// <summary>The mean of the members' (N, classes) probability matrices.</summary>
    /// <exception cref="ArgumentException">When there are no members.</exception>
    /// <exception cref="ShapeMismatchException">When the shapes differ or are not matrices.</exception>
    public static Tensor<float> MeanProbabilities(IReadOnlyList<Tensor<float>> members)
    {
        var shape = CheckMembers(members, "ensemble_mean");
        var mean = new Tensor<float>(shape);
        var sum = new double[shape.Size];
        foreach (var m in members)
        {
            var span = m.AsReadOnlySpan();
            for (int i = 0; i < sum.Length; i++) sum[i] += span[i];
        }
        var target = mean.AsSpan();
        for (int i = 0; i < sum.Length; i++) target[i] = (float)(sum[i] / members.Count);
        return mean;
    }

    /// <summary>The label most members predict for each example; a tie goes to the tied class with the highest mean
    /// probability (then the smallest label).</summary>
    /// <exception cref="ArgumentException">When there are no members.</exception>
    /// <exception cref="ShapeMismatchException">When the shapes differ or are not matrices.</exception>
    public static int[] MajorityVote(IReadOnlyList<Tensor<float>> members)
    {
        var shape = CheckMembers(members, "ensemble_vote");
        int n = shape[0], classes = shape[1];
        var memberLabels = new int[members.Count][];
        for (int m = 0; m < members.Count; m++) memberLabels[m] = Predictions.ArgMax(members[m]);
        var mean = MeanProbabilities(members).AsReadOnlySpan();
        var votes = new int[classes];
        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            Array.Clear(votes);
            for (int m = 0; m < members.Count; m++) votes[memberLabels[m][i]]++;
            int best = 0;
            for (int c = 1; c < classes; c++)
                if (votes[c] > votes[best] || (votes[c] == votes[best] && mean[i * classes + c] > mean[i * classes + best])) best = c;
            result[i] = best;
        }
        return result;
    }

    private static Shape CheckMembers(IReadOnlyList<Tensor<float>> members, string operation)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0) throw new ArgumentException($"{operation}: at least one member is required", nameof(members));
        var shape = members[0].Shape;
        if (shape.Rank != 2) throw new ShapeMismatchException(operation, "member probabilities must be (N, classes) matrices", shape);
        foreach (var m in members)
            if (m.Shape != shape) throw new ShapeMismatchException(operation, "members disagree on the shape", shape, m.Shape);
        return shape;
    }
}
