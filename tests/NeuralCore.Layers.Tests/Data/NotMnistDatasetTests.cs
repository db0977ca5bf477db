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
        var rawSums = new int[10000];
        for (int i = 0; i < 10000; i++)
            for (int p = 0; p < 784; p++) rawSums[i] += rawImages[16 + i * 784 + p];
        Array.Sort(rawSums);
        var splitSums = new List<int>();
        foreach (var part in new[] { set.Train, set.Validation })
        {
            var pixels = part.Inputs.AsReadOnlySpan();
            for (int i = 0; i < part.Count; i++)
            {
                double sum = 0;
                for (int p = 0; p < 784; p++) sum += pixels[i * 784 + p];
                splitSums.Add((int)Math.Round(sum * 255));
            }
        }
        splitSums.Sort();
        Assert.Equal(rawSums, splitSums);
    }

    [Fact]
    public void Same_seed_same_split_other_seed_other_split()
    {
        // Split (internal) is what LoadFrom applies after reading; one read keeps the test fast.
        var all = new LabeledData(IdxReader.ReadImages(Path.Combine(s_directory, "t10k-images-idx3-ubyte.gz")),
                                  IdxReader.ReadLabels(Path.Combine(s_directory, "t10k-labels-idx1-ubyte.gz")));
        var a = NotMnistDataset.Split(s_directory, all, new NotMnistOptions { Seed = 1 });
        var b = NotMnistDataset.Split(s_directory, all, new NotMnistOptions { Seed = 1 });
        var c = NotMnistDataset.Split(s_directory, all, new NotMnistOptions { Seed = 2 });
        Assert.Equal(new Shape(8500, 1, 28, 28), a.Train.Inputs.Shape);
        Assert.True(a.Validation.Inputs.ValueEquals(b.Validation.Inputs));
        Assert.Equal(a.Validation.Labels.ToArray(), b.Validation.Labels.ToArray());
        Assert.False(a.Validation.Inputs.ValueEquals(c.Validation.Inputs));
    }
}
