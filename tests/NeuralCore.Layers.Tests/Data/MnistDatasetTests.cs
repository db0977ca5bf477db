using System.IO.Compression;
using NeuralCore.Layers.Data;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests.Data;

/// <summary>Loads the real MNIST once (about a second) for all the tests of <see cref="MnistDatasetTests"/>.</summary>
public sealed class MnistFixture
{
    public MnistFixture()
    {
        // The files are always next to the repository on the project's machines and CI; never download in tests.
        // The public path end to end: locate, verify the sums, read, split.
        Keras = MnistDataset.Load(new MnistOptions
        {
            Locator = new DataLocator(MnistFiles.Dataset) { AllowDownload = false },
            Split = MnistSplit.Keras,
        });
        Directory = Keras.Directory;
    }

    public string Directory { get; }
    public MnistDataset Keras { get; }
}

public class MnistDatasetTests(MnistFixture fixture) : IClassFixture<MnistFixture>
{
    // Published class counts of MNIST (LeCun et al.), written down by hand, not computed by the library.
    private static readonly int[] s_trainCounts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
    private static readonly int[] s_testCounts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

    [Fact]
    public void Finds_the_shared_copy_next_to_the_repository()
    {
        Assert.True(File.Exists(Path.Combine(fixture.Directory, "train-images-idx3-ubyte.gz")));
        Assert.Equal("mnist", Path.GetFileName(fixture.Directory));
        // --data may name the directory itself or a data root holding mnist/.
        Assert.Equal(fixture.Directory, MnistFiles.CreateLocator(fixture.Directory).Locate());
        Assert.Equal(fixture.Directory, MnistFiles.CreateLocator(Path.GetDirectoryName(fixture.Directory)).Locate());
    }

    [Fact]
    public void Files_have_the_known_uncompressed_SHA256()
    {
        var listed = new Dictionary<string, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(fixture.Directory, "SHA256SUMS.uncompressed")))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2) listed[parts[1]] = parts[0];
        }
        Assert.Equal(4, listed.Count);
        foreach (var file in MnistFiles.Dataset.Files)
        {
            var actual = TestFiles.Sha256(TestFiles.Gunzip(Path.Combine(fixture.Directory, file.Name + ".gz")));
            Assert.Equal(listed[file.Name], actual);
            Assert.Equal(file.Sha256, actual);
        }
    }

    [Fact]
    public void Counts_layout_and_pixel_range()
    {
        var set = fixture.Keras;
        Assert.Equal(new Shape(60000, 1, 28, 28), set.Train.Inputs.Shape);
        Assert.Equal(new Shape(60000), set.Train.Labels.Shape);
        Assert.Equal(new Shape(10000, 1, 28, 28), set.Test.Inputs.Shape);
        Assert.Equal(new Shape(10000), set.Test.Labels.Shape);
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in set.Train.Inputs.AsReadOnlySpan()) { min = Math.Min(min, v); max = Math.Max(max, v); }
        Assert.Equal(0f, min);
        Assert.Equal(1f, max);
    }

    [Fact]
    public void Label_histograms_match_an_independent_parse_and_the_published_counts()
    {
        Assert.Equal(s_trainCounts, Histogram(RawLabels("train-labels-idx1-ubyte.gz")));
        Assert.Equal(s_testCounts, Histogram(RawLabels("t10k-labels-idx1-ubyte.gz")));
        Assert.Equal(s_trainCounts, fixture.Keras.Train.ClassCounts());
        Assert.Equal(s_testCounts, fixture.Keras.Test.ClassCounts());
        Assert.Equal(RawLabels("t10k-labels-idx1-ubyte.gz").Select(b => (int)b), fixture.Keras.Test.Labels.ToArray());
    }

    [Fact]
    public void Pixels_match_an_independent_parse()
    {
        var raw = TestFiles.Gunzip(Path.Combine(fixture.Directory, "t10k-images-idx3-ubyte.gz"));
        var pixels = fixture.Keras.Test.Inputs.AsReadOnlySpan();
        // Check the first two and the last image byte for byte (header: 16 bytes).
        foreach (int image in new[] { 0, 1, 9999 })
            for (int p = 0; p < 784; p++)
                Assert.Equal(raw[16 + image * 784 + p] / 255f, pixels[image * 784 + p]);
    }

    [Fact]
    public void Lasagne_split_is_first_50000_then_last_10000()
    {
        // Split (internal) is what LoadFrom applies after reading; reusing the loaded arrays keeps the test fast.
        var set = MnistDataset.Split(fixture.Directory, fixture.Keras.Train, fixture.Keras.Test, new MnistOptions { MaxTest = 1000 });
        Assert.Equal(new Shape(50000, 1, 28, 28), set.Train.Inputs.Shape);
        Assert.NotNull(set.Validation);
        Assert.Equal(new Shape(10000, 1, 28, 28), set.Validation.Inputs.Shape);
        Assert.Equal(new Shape(1000, 1, 28, 28), set.Test.Inputs.Shape);
        var all = fixture.Keras.Train;
        Assert.Equal(all.Inputs.Slice(50000, 10000).AsReadOnlySpan().ToArray(), set.Validation.Inputs.AsReadOnlySpan().ToArray());
        Assert.Equal(all.Labels.Slice(0, 50000).ToArray(), set.Train.Labels.ToArray());
        Assert.Equal(all.Labels.Slice(50000, 10000).ToArray(), set.Validation.Labels.ToArray());
    }

    [Fact]
    public void Keras_fraction_and_subsets()
    {
        var set = MnistDataset.Split(fixture.Directory, fixture.Keras.Train, fixture.Keras.Test, new MnistOptions
        {
            Split = MnistSplit.Keras, ValidationFraction = 0.1, MaxTrain = 5000, MaxValidation = 100, MaxTest = 10,
        });
        Assert.Equal(5000, set.Train.Count);
        Assert.Equal(100, set.Validation!.Count);
        Assert.Equal(10, set.Test.Count);
        Assert.Equal(fixture.Keras.Train.Labels.Slice(54000, 100).ToArray(), set.Validation.Labels.ToArray());
        Assert.Equal(fixture.Keras.Train.Labels.Slice(0, 5000).ToArray(), set.Train.Labels.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => MnistDataset.Split(fixture.Directory, fixture.Keras.Train, fixture.Keras.Test,
            new MnistOptions { Split = MnistSplit.Keras, ValidationFraction = 1.5 }));
    }

    private byte[] RawLabels(string file)
    {
        // A tiny independent IDX parse: 8 header bytes (magic 2049, count), then one byte per label.
        using var gz = new GZipStream(File.OpenRead(Path.Combine(fixture.Directory, file)), CompressionMode.Decompress);
        var ms = new MemoryStream();
        gz.CopyTo(ms);
        var bytes = ms.ToArray();
        Assert.Equal(new byte[] { 0, 0, 8, 1 }, bytes[..4]);
        int count = (bytes[4] << 24) | (bytes[5] << 16) | (bytes[6] << 8) | bytes[7];
        Assert.Equal(bytes.Length - 8, count);
        return bytes[8..];
    }

    private static int[] Histogram(byte[] labels)
    {
        var h = new int[10];
        foreach (var b in labels) h[b]++;
        return h;
    }
}
