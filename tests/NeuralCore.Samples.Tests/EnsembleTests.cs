using NeuralCore.Layers.Training;
using NeuralCore.Tensors;

namespace NeuralCore.Samples.Tests;

public sealed class EnsembleTests
{
    private static Tensor<float> Matrix(float[,] values)
    {
        int n = values.GetLength(0), c = values.GetLength(1);
        var flat = new float[n * c];
        for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) flat[i * c + j] = values[i, j];
        return Tensor.FromArray(flat).Reshape(n, c);
    }

    // Three members, three examples, three classes.
    private static readonly Tensor<float>[] s_members =
    [
        Matrix(new float[,] { { 0.6f, 0.3f, 0.1f }, { 0.2f, 0.5f, 0.3f }, { 0.4f, 0.35f, 0.25f } }),
        Matrix(new float[,] { { 0.5f, 0.4f, 0.1f }, { 0.1f, 0.2f, 0.7f }, { 0.1f, 0.8f, 0.1f } }),
        Matrix(new float[,] { { 0.1f, 0.8f, 0.1f }, { 0.3f, 0.3f, 0.4f }, { 0.2f, 0.1f, 0.7f } }),
    ];

    [Fact]
    public void MajorityVoteTakesTheMostCommonLabelAndBreaksTiesByMeanProbability()
    {
        // Example 0: votes 0, 0, 1 -> 0. Example 1: votes 1, 2, 2 -> 2.
        // Example 2: votes 0, 1, 2 (a three-way tie) -> mean probabilities 0.233, 0.417, 0.35 -> 1.
        Assert.Equal([0, 2, 1], EnsembleCombiner.MajorityVote(s_members));
    }

    [Fact]
    public void MeanProbabilityAveragesTheMembers()
    {
        var mean = EnsembleCombiner.MeanProbabilities(s_members).ToArray();
        float[] expected = [0.4f, 0.5f, 0.1f, 0.2f, 1f / 3, 1.4f / 3, 0.7f / 3, 1.25f / 3, 1.05f / 3];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], mean[i], 5);
        // Example 0 shows vote and mean can disagree: mean says class 1.
        Assert.Equal([1, 2, 1], Predictions.ArgMax(EnsembleCombiner.MeanProbabilities(s_members)));
    }

    [Fact]
    public void MembersOfDifferentShapesAreRejected()
    {
        Assert.Throws<ShapeMismatchException>(() => EnsembleCombiner.MajorityVote([s_members[0], Matrix(new float[,] { { 1f, 0f, 0f } })]));
        Assert.Throws<ArgumentException>(() => EnsembleCombiner.MeanProbabilities([]));
    }
}
