using NeuralCore.Tensors;

namespace NeuralCore.Layers.Data;

/// <summary>
/// Aligned inputs and integer class labels: example i is <c>Inputs.Row(i)</c> with label
/// <c>Labels[i]</c>. The tensors may be views of a larger loaded array (no copy).
/// </summary>
public sealed class LabeledData
{
    /// <summary>Pairs inputs (first axis: examples) with labels of shape (N,).</summary>
    /// <exception cref="ShapeMismatchException">When the labels are not a vector or the counts differ.</exception>
    public LabeledData(Tensor<float> inputs, Tensor<int> labels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Rank != 1 || inputs.Rank == 0 || inputs.Shape[0] != labels.Shape[0])
            throw new ShapeMismatchException("labeled_data", "inputs and labels must have the same first extent and labels must be a vector", inputs.Shape, labels.Shape);
        Inputs = inputs;
        Labels = labels;
    }

    /// <summary>The inputs, (N, 1, 28, 28) or (N, 784) for MNIST.</summary>
    public Tensor<float> Inputs { get; }

    /// <summary>The class labels, (N,).</summary>
    public Tensor<int> Labels { get; }

    /// <summary>Number of examples.</summary>
    public int Count => Labels.Shape[0];

    /// <summary>The first <paramref name="count"/> examples (views, no copy); all of them when count exceeds <see cref="Count"/>.</summary>
    public LabeledData Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return count >= Count ? this : Slice(0, count);
    }

    /// <summary>Examples [start, start + count) as views (no copy).</summary>
    public LabeledData Slice(int start, int count) => new(Inputs.Slice(start, count), Labels.Slice(start, count));

    /// <summary>How many examples have each label 0..numClasses-1.</summary>
    public int[] ClassCounts(int numClasses = 10)
    {
        var counts = new int[numClasses];
        foreach (int label in Labels.AsReadOnlySpan())
            if ((uint)label < (uint)numClasses) counts[label]++;
        return counts;
    }
}
