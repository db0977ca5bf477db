using NeuralCore.Tensors;

namespace NeuralCore.Layers.Training;

/// <summary>Prediction helpers: class probabilities of a whole data set, arg-max labels, accuracy.</summary>
public static class Predictions
{
    /// <summary>The class probabilities of every example of <paramref name="inputs"/>, (N, classes), computed in
    /// batches of <paramref name="batchSize"/> with the network deterministic.</summary>
    public static Tensor<float> Probabilities(ClassifierModel model, Tensor<float> inputs, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        int n = inputs.Shape[0];
        var result = new Tensor<float>(new Shape(n, model.ClassCount));
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            var batch = model.PredictBatch(inputs.Slice(start, count));
            batch.AsReadOnlySpan().CopyTo(result.AsSpan().Slice(start * model.ClassCount, count * model.ClassCount));
        }
        return result;
    }

    /// <summary>The predicted class of every example: <see cref="ArgMax"/> of <see cref="Probabilities"/>.</summary>
    public static int[] Labels(ClassifierModel model, Tensor<float> inputs, int batchSize = 1000) => ArgMax(Probabilities(model, inputs, batchSize));

    /// <summary>The index of the largest entry of each row of a (N, classes) matrix (the first on ties).</summary>
    /// <exception cref="ShapeMismatchException">When the tensor is not a matrix.</exception>
    public static int[] ArgMax(Tensor<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Rank != 2) throw new ShapeMismatchException("predictions_argmax", "expected a (N, classes) matrix", probabilities.Shape);
        int n = probabilities.Shape[0], classes = probabilities.Shape[1];
        var span = probabilities.AsReadOnlySpan();
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            var row = span.Slice(i * classes, classes);
            int bestIndex = 0;
            for (int c = 1; c < classes; c++) if (row[c] > row[bestIndex]) bestIndex = c;
            labels[i] = bestIndex;
        }
        return labels;
    }

    /// <summary>The fraction of <paramref name="predicted"/> equal to <paramref name="truth"/>.</summary>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    public static double Accuracy(ReadOnlySpan<int> predicted, ReadOnlySpan<int> truth)
    {
        if (predicted.Length != truth.Length) throw new ArgumentException($"Predictions.Accuracy: {predicted.Length} predictions for {truth.Length} labels");
        if (truth.Length == 0) return double.NaN;
        int correct = 0;
        for (int i = 0; i < truth.Length; i++) if (predicted[i] == truth[i]) correct++;
        return (double)correct / truth.Length;
    }
}
