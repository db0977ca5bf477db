using System.Globalization;
using NeuralCore.Samples.TheanoBasics;

namespace NeuralCore.Samples.Tests;

[Collection(ConsoleOutputCollection.Name)]
public sealed class TheanoBasicsTests
{
    [Fact]
    public async Task WalkThroughExitsZeroAndPrintsTheTutorialsValues()
    {
        var (exit, text) = await ConsoleCapture.RunAsync(() => TheanoBasicsProgram.RunAsync(["--steps", "200"]));
        Assert.Equal(0, exit);
        // The tutorial's values, computed by hand.
        Assert.Contains("Print.Pretty(y): => (A * B)", text);
        Assert.Contains("f.Invoke(6f, 7f)[0]: => 42", text);
        Assert.Contains("f.Invoke(1.5f, 4f)[0]: => 6", text);
        Assert.Contains("=> [[11, 22], [33, 44]]", text);
        // 1 / (1 + e^-1) = 0.731059, 1 / (1 + e) = 0.268941, 1 / (1 + e^2) = 0.119203; s(1 - s) = 0.196612, 0.104994.
        Assert.Contains("=> [[0.5, 0.731059], [0.268941, 0.119203]]", text);
        Assert.Contains("=> [[0.25, 0.196612], [0.196612, 0.104994]]", text);
        // d/dx 5x² = 10x: the raw chain-rule graph is longer, the simplified one is "(10 * x)"; 30 at 3, -5 at -0.5.
        Assert.Contains("(after simplification): => (10 * x)", text);
        Assert.DoesNotContain("(as built by the chain rule): => (10 * x)", text);
        Assert.Contains("Invoke(3f)[0]: => 30", text);
        Assert.Contains("Invoke(-0.5f)[0]: => -5", text);
        // Accumulator: returns the old state, then state 0 -> 1 -> 301; decrementor from -1 by 2 -> -3; givens 3*2+1 = 7.
        string[] expectedInOrder =
        [
            "accumulator(1) returns: => 0", "state.Value: => 1", "accumulator(300) returns: => 1", "state.Value: => 301",
            "decrementor(2) returns: => -1", "state.Value: => -3", "skipShared(1, 3): => 7", "state.Value   (unchanged): => -3",
            "g(10) returns: => 10", "g(10) returns: => 11", "counter.Value: => 2",
        ];
        int at = 0;
        foreach (var line in expectedInOrder)
        {
            int found = text.IndexOf(line, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{line}' missing after position {at}:\n{text}");
            at = found + line.Length;
        }
        // Logistic regression: the cost falls from about ln 2 (small initial weights) and fits the 400 random labels.
        double Value(string label)
        {
            int i = text.IndexOf(label + ": => ", StringComparison.Ordinal);
            Assert.True(i >= 0, $"'{label}' missing");
            var rest = text[(i + label.Length + 5)..];
            return double.Parse(rest[..rest.IndexOfAny(['\n', '\r', '%'])], CultureInfo.InvariantCulture);
        }
        double first = Value("cost at the first step"), last = Value("cost at the last step");
        Assert.InRange(first, 0.6, 0.8);
        Assert.True(last < 0.5 * first, $"cost {first} -> {last}");
        Assert.True(Value("training accuracy of the final weights") > 90);
    }

    [Fact]
    public void FormatPrintsScalarsVectorsAndMatricesLikeTheTutorial()
    {
        Assert.Equal("42", TheanoBasicsProgram.Format(NeuralCore.Tensors.Tensor.Scalar(42f)));
        Assert.Equal("[1.5, -2]", TheanoBasicsProgram.Format(NeuralCore.Tensors.Tensor.FromArray([1.5, -2.0])));
        Assert.Equal("[[1, 2, 3], [4, 5, 6]]", TheanoBasicsProgram.Format(NeuralCore.Tensors.Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } })));
    }
}
