using System.IO.Compression;
using NeuralCore.Layers.Data;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests.Data;

public class NotMnistDatasetTests
{
    private static readonly string s_directory = new DataLocator(NotMnistDataset.Dataset) { AllowDownload = false }.Locate();

    [Fact]
    public void Splits_the_sample_85_15_and_keeps_every_image_once()
    {
        var set = NotMnistDataset.LoadFrom(s_directory, new NotMnistOptions { Layout = ImageLayout.Flat });
        Assert.Equal(new Shape(8500, 784), set.Train.Inputs.Shape);
        Assert.Equal(new Shape(1500, 784), set.Validation.Inputs.Shape);

        // Independent parse of the labels: the split's class counts add up to the file's.
        using var gz = new GZipStream(File.OpenRead(Path.Combine(s_directory, "t10k-labels-idx1-ubyte.gz")), CompressionMode.Decompress);
        var ms = new MemoryStream();
        gz.CopyTo(ms);
        var raw = ms.ToArray()[8..];
        Assert.Equal(10000, raw.Length);
        var expected = new int[10];
        foreach (var b in raw) expected[b]++;
        var train = set.Train.ClassCounts();
        var validation = set.Validation.ClassCounts();
        Assert.Equal(expected, train.Zip(validation, (a, b) => a + b));

        // Every image appears once: compare pixel sums as a multiset against the raw file.
        var rawImages = TestFiles.Gunzip(Path.Combine(s_directory, "t10k-images-idx3-ubyte.gz"));
        var rawSums = Enumerable.Range(0, 10000).Select(i => rawImages.AsSpan(16 + i * 784, 784).ToArray().Sum(b => (int)b)).Order().ToArray();
        var splitSums = new List<int>();
        foreach (var part in new[] { set.Train, set.Validation })
            for (int i = 0; i < part.Count; i++)
                splitSums.Add((int)Math.Round(part.Inputs.Row(i).ToArray().Sum(v => (double)v) * 255));
        Assert.Equal(rawSums, splitSums.Order().ToArray());
    }

    [Fact]
    public void Same_seed_same_split_other_seed_other_split()
    {
        var a = NotMnistDataset.LoadFrom(s_directory, new NotMnistOptions { Seed = 1 });
        var b = NotMnistDataset.LoadFrom(s_directory, new NotMnistOptions { Seed = 1 });
        var c = NotMnistDataset.LoadFrom(s_directory, new NotMnistOptions { Seed = 2 });
        Assert.Equal(new Shape(8500, 1, 28, 28), a.Train.Inputs.Shape);
        Assert.True(a.Validation.Inputs.ValueEquals(b.Validation.Inputs));
        Assert.Equal(a.Validation.Labels.ToArray(), b.Validation.Labels.ToArray());
        Assert.False(a.Validation.Inputs.ValueEquals(c.Validation.Inputs));
    }
}
