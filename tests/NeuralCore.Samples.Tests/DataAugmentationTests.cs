using NeuralCore.Layers.Data;
using NeuralCore.Samples.Common;
using NeuralCore.Tensors;

namespace NeuralCore.Samples.Tests;

public sealed class DataAugmentationTests
{
    // The five images of the expanded set, in ImageTransforms.ExpandWithShifts' order: original, down, up, right, left.
    private static readonly (int Dy, int Dx)[] s_shifts = [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)];

    [Theory]
    [InlineData("none", false, false, false, false)]
    [InlineData("shifts", true, false, false, false)]
    [InlineData("random-shifts", false, true, false, false)]
    [InlineData("Shifts, Rotations", true, false, true, false)]
    [InlineData("random-shifts+elastic", false, true, false, true)]
    [InlineData("shifts,random-shifts,rotations,elastic", true, true, true, true)]
    public void ParseReadsEveryCombination(string text, bool expanded, bool randomShifts, bool rotations, bool elastic)
    {
        var choice = DataAugmentation.Parse(text);
        Assert.Equal(expanded, choice.ExpandedSet);
        Assert.Equal(randomShifts, choice.OnTheFly is { MaxShift: 1, ShiftPattern: ShiftPattern.Cross });
        Assert.Equal(rotations, choice.OnTheFly is { MaxRotationDegrees: > 0 });
        Assert.Equal(elastic, choice.OnTheFly is { ElasticAlpha: > 0 });
        Assert.Equal(!(randomShifts || rotations || elastic), choice.OnTheFly is null);
        // The name parses back to the same choice (it is what a printed command line uses).
        Assert.Equal(choice, DataAugmentation.Parse(choice.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("flips")]
    [InlineData("none,shifts")]
    public void ParseRejectsUnknownOrContradictoryNames(string text) =>
        Assert.Throws<ArgumentException>(() => DataAugmentation.Parse(text));

    [Fact]
    public void NoneLeavesTheTrainingSetAndBatchesAlone()
    {
        var data = Digits(3, flat: true, seed: 1);
        var none = DataAugmentation.Parse("none");
        Assert.Same(data, none.PrepareTrainingSet(data));
        Assert.Null(none.CreateAugment(1));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ExpandedSetHasFiveTimesTheImagesEachAPlainLoopShift(bool flat)
    {
        const int n = 4;
        var data = Digits(n, flat, seed: 2);
        var expanded = DataAugmentation.Parse("shifts").PrepareTrainingSet(data);
        Assert.Equal(5 * n, expanded.Count);
        Assert.Equal(data.Inputs.Shape.With(0, 5 * n), expanded.Inputs.Shape);
        var source = data.Inputs.AsReadOnlySpan();
        var result = expanded.Inputs.AsReadOnlySpan();
        for (int i = 0; i < n; i++)
            for (int k = 0; k < 5; k++)
            {
                var expected = PlainShift(source.Slice(i * 784, 784).ToArray(), s_shifts[k].Dy, s_shifts[k].Dx);
                Assert.Equal(expected, result.Slice((5 * i + k) * 784, 784).ToArray());
                Assert.Equal(data.Labels.AsReadOnlySpan()[i], expanded.Labels.AsReadOnlySpan()[5 * i + k]);
            }
    }

    [Fact]
    public void RandomShiftsDrawOneOfTheFiveExpandedImagesPerImageSeeded()
    {
        const int n = 40;
        var data = Digits(n, flat: false, seed: 3);
        var choice = DataAugmentation.Parse("random-shifts");
        var first = new Tensor<float>(data.Inputs.Shape);
        var again = new Tensor<float>(data.Inputs.Shape);
        var other = new Tensor<float>(data.Inputs.Shape);
        choice.CreateAugment(7)!(data.Inputs, first);
        choice.CreateAugment(7)!(data.Inputs, again);
        choice.CreateAugment(8)!(data.Inputs, other);
        Assert.Equal(first.AsReadOnlySpan().ToArray(), again.AsReadOnlySpan().ToArray());
        Assert.NotEqual(first.AsReadOnlySpan().ToArray(), other.AsReadOnlySpan().ToArray());

        var used = new HashSet<int>();
        for (int i = 0; i < n; i++)
        {
            var image = data.Inputs.AsReadOnlySpan().Slice(i * 784, 784).ToArray();
            var augmented = first.AsReadOnlySpan().Slice(i * 784, 784).ToArray();
            int match = Array.FindIndex(s_shifts, s => PlainShift(image, s.Dy, s.Dx).AsSpan().SequenceEqual(augmented));
            Assert.True(match >= 0, $"image {i} is not one of its five one-pixel shifts");
            used.Add(match);
        }
        // 40 draws from five equally likely variants: all five appear unless the generator is badly broken.
        Assert.Equal(5, used.Count);
    }

    // Random "digits": uniform noise over the whole 28x28 frame, so the five shifts of an image all differ.
    private static LabeledData Digits(int count, bool flat, ulong seed)
    {
        var random = new RandomGenerator(seed);
        var images = random.Uniform<float>(flat ? new Shape(count, 784) : new Shape(count, 1, 28, 28), 0f, 1f);
        var labels = new Tensor<int>(new Shape(count));
        for (int i = 0; i < count; i++) labels.AsSpan()[i] = i % 10;
        return new LabeledData(images, labels);
    }

    // destination[y, x] = source[y - dy, x - dx], zero outside.
    private static float[] PlainShift(float[] source, int dy, int dx)
    {
        var result = new float[784];
        for (int y = 0; y < 28; y++)
            for (int x = 0; x < 28; x++)
            {
                int sy = y - dy, sx = x - dx;
                if (sy >= 0 && sy < 28 && sx >= 0 && sx < 28) result[y * 28 + x] = source[sy * 28 + sx];
            }
        return result;
    }
}
