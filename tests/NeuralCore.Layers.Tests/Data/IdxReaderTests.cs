using NeuralCore.Layers.Data;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests.Data;

public class IdxReaderTests
{
    [Fact]
    public void Reads_gzipped_and_plain_images_scaled_to_unit_range()
    {
        using var dir = new TempDirectory();
        var content = TestFiles.Images(3, 4, 5);
        var plain = TestFiles.Write(dir.Path, "img", content);
        var gz = TestFiles.Write(dir.Path, "img.gz", TestFiles.Gzip(content));

        foreach (var path in new[] { plain, gz })
        {
            var image = IdxReader.ReadImages(path);
            Assert.Equal(new Shape(3, 1, 4, 5), image.Shape);
            var flat = IdxReader.ReadImages(path, ImageLayout.Flat);
            Assert.Equal(new Shape(3, 20), flat.Shape);
            for (int i = 0; i < 60; i++)
            {
                Assert.Equal(content[16 + i] / 255f, flat.AsReadOnlySpan()[i]);
                Assert.Equal(content[16 + i] / 255f, image.AsReadOnlySpan()[i]);
            }
        }
    }

    [Fact]
    public void Every_byte_value_maps_to_value_over_255_in_the_vector_and_scalar_paths()
    {
        using var dir = new TempDirectory();
        var payload = new byte[3 * 17 * 19];
        for (int i = 0; i < payload.Length; i++) payload[i] = (byte)(i * 7);
        var path = TestFiles.Write(dir.Path, "all-values", TestFiles.Idx(2051, [3, 17, 19], payload));
        var pixels = IdxReader.ReadImages(path, ImageLayout.Flat).AsReadOnlySpan();
        for (int i = 0; i < payload.Length; i++) Assert.Equal(payload[i] / 255f, pixels[i]);
    }

    [Fact]
    public void Reads_labels_and_generic_idx_of_other_types()
    {
        using var dir = new TempDirectory();
        var labels = IdxReader.ReadLabels(TestFiles.Write(dir.Path, "lab.gz", TestFiles.Gzip(TestFiles.Labels(3, 0, 9, 7))));
        Assert.Equal([3, 0, 9, 7], labels.ToArray());

        // Generic header: int32 elements (type 0x0C), 2 dimensions, big-endian payload.
        var payload = new byte[] { 0, 0, 0, 1, 255, 255, 255, 254, 0, 0, 1, 0, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0, 7 };
        var path = TestFiles.Write(dir.Path, "ints", TestFiles.Idx(0x0C02, [2, 3], payload));
        var array = IdxReader.Read(path);
        Assert.Equal(IdxElementType.Int32, array.ElementType);
        Assert.Equal(new Shape(2, 3), array.Shape);
        Assert.Equal([1, -2, 256, 5, 6, 7], array.ToInt32().ToArray());
        Assert.Equal([1f, -2f, 256f, 5f, 6f, 7f], array.ToFloat().ToArray());
    }

    [Fact]
    public void Wrong_magic_names_the_file_and_both_numbers()
    {
        using var dir = new TempDirectory();
        var labelsAsImages = TestFiles.Write(dir.Path, "labels-as-images.gz", TestFiles.Gzip(TestFiles.Labels(1, 2)));
        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(labelsAsImages));
        Assert.Equal(labelsAsImages, ex.FilePath);
        Assert.StartsWith(labelsAsImages + ": wrong magic number 2049", ex.Message);
        Assert.Contains("expected 2051", ex.Message);

        var html = TestFiles.Write(dir.Path, "page.gz", TestFiles.Gzip("<html>not found</html>"u8.ToArray()));
        var ex2 = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(html));
        Assert.Contains("wrong magic number", ex2.Message);
        Assert.Throws<IdxFormatException>(() => IdxReader.Read(html));
    }

    [Fact]
    public void Truncated_gzip_is_reported_as_truncated_data()
    {
        using var dir = new TempDirectory();
        var gz = TestFiles.Gzip(TestFiles.Images(50, 28, 28));
        var path = TestFiles.Write(dir.Path, "train-images-idx3-ubyte.gz", gz[..(gz.Length / 2)]);
        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("(50, 28, 28)", ex.Message);

        var tiny = TestFiles.Write(dir.Path, "header-only.gz", gz[..12]);
        Assert.Contains("truncated", Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(tiny)).Message);
    }

    [Fact]
    public void Corrupt_gzip_data_names_the_file()
    {
        using var dir = new TempDirectory();
        var gz = TestFiles.Gzip(TestFiles.Images(20, 28, 28));
        // Overwrite the deflate stream after the 10-byte gzip header with bytes that are not valid deflate data.
        for (int i = 10; i < 200; i++) gz[i] = 0xFF;
        var path = TestFiles.Write(dir.Path, "corrupt.gz", gz);
        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith(path + ": ", ex.Message);
    }

    [Fact]
    public void Short_plain_file_and_extra_bytes_are_errors()
    {
        using var dir = new TempDirectory();
        var content = TestFiles.Images(2, 3, 3);
        var shortPath = TestFiles.Write(dir.Path, "short", content[..^1]);
        Assert.Contains("truncated data", Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(shortPath)).Message);
        var longPath = TestFiles.Write(dir.Path, "long", [.. content, 7]);
        Assert.Contains("unexpected bytes", Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(longPath)).Message);
    }

    [Fact]
    public void Labels_out_of_range_are_reported_with_their_position()
    {
        using var dir = new TempDirectory();
        var path = TestFiles.Write(dir.Path, "labels", TestFiles.Labels(1, 2, 10, 3));
        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Equal($"{path}: label 10 of example 2 is out of range 0..9", ex.Message);
        Assert.Equal([1, 2, 10, 3], IdxReader.ReadLabels(path, numClasses: 11).ToArray());
    }

    [Fact]
    public void Image_and_label_counts_that_differ_are_reported()
    {
        using var dir = new TempDirectory();
        var images = TestFiles.Write(dir.Path, "images", TestFiles.Images(3, 2, 2));
        var labels = TestFiles.Write(dir.Path, "labels", TestFiles.Labels(1, 2));
        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabeledImages(images, labels));
        Assert.Equal($"{labels}: holds 2 labels but {images} holds 3 images", ex.Message);
    }

    [Fact]
    public void Bad_dimensions_are_reported()
    {
        using var dir = new TempDirectory();
        var negative = TestFiles.Write(dir.Path, "neg", TestFiles.Idx(2051, [1, -28, 28], []));
        Assert.Contains("bad dimensions", Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(negative)).Message);
        var zeroRows = TestFiles.Write(dir.Path, "zero", TestFiles.Idx(2051, [5, 0, 28], []));
        Assert.Contains("bad dimensions", Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(zeroRows)).Message);
        var huge = TestFiles.Write(dir.Path, "huge", TestFiles.Idx(2051, [100000, 100000, 28], []));
        Assert.Contains("bad dimensions", Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(huge)).Message);

        // 28 x 28 is required by the MNIST loader.
        var mnistDir = dir.Combine("mnist");
        Directory.CreateDirectory(mnistDir);
        foreach (var prefix in new[] { "train", "t10k" })
        {
            TestFiles.Write(mnistDir, $"{prefix}-images-idx3-ubyte", TestFiles.Images(3, 27, 28));
            TestFiles.Write(mnistDir, $"{prefix}-labels-idx1-ubyte", TestFiles.Labels(1, 2, 3));
        }
        var ex = Assert.Throws<IdxFormatException>(() => MnistDataset.LoadFrom(mnistDir, new MnistOptions { Split = MnistSplit.Keras }));
        Assert.Contains("bad dimensions", ex.Message);
        Assert.Contains("(3, 1, 27, 28)", ex.Message);
    }

    [Fact]
    public void Checksum_mismatch_names_the_file_and_both_sums()
    {
        using var dir = new TempDirectory();
        var content = TestFiles.Labels(1, 2, 3);
        var path = TestFiles.Write(dir.Path, "labels.gz", TestFiles.Gzip(content));
        string wrong = new('a', 64), right = TestFiles.Sha256(content);
        var ex = Assert.Throws<ChecksumMismatchException>(() => IdxReader.ReadLabels(path, expectedSha256: wrong));
        Assert.Equal(path, ex.FilePath);
        Assert.Equal(wrong, ex.ExpectedSha256);
        Assert.Equal(right, ex.ActualSha256);
        Assert.Contains(path, ex.Message);
        Assert.Contains(wrong, ex.Message);
        Assert.Contains(right, ex.Message);
        Assert.Equal([1, 2, 3], IdxReader.ReadLabels(path, expectedSha256: right.ToUpperInvariant()).ToArray());
    }

    [Fact]
    public void Local_SHA256SUMS_file_is_checked_when_loading_a_dataset()
    {
        using var dir = new TempDirectory();
        var testImages = TestFiles.Images(3, 28, 28, seed: 2);
        var trainLabels = TestFiles.Labels(4, 5, 6);
        TestFiles.Write(dir.Path, "train-images-idx3-ubyte.gz", TestFiles.Gzip(TestFiles.Images(3)));
        var labelsPath = TestFiles.Write(dir.Path, "train-labels-idx1-ubyte.gz", TestFiles.Gzip(trainLabels));
        TestFiles.Write(dir.Path, "t10k-images-idx3-ubyte", testImages);
        TestFiles.Write(dir.Path, "t10k-labels-idx1-ubyte", TestFiles.Labels(7, 8, 9));
        string wrong = new('0', 64);
        File.WriteAllText(Path.Combine(dir.Path, "SHA256SUMS.uncompressed"),
            $"{TestFiles.Sha256(testImages)}  t10k-images-idx3-ubyte\n{wrong}  train-labels-idx1-ubyte\n");

        var ex = Assert.Throws<ChecksumMismatchException>(() => MnistDataset.LoadFrom(dir.Path, new MnistOptions { Split = MnistSplit.Keras }));
        Assert.Equal(labelsPath, ex.FilePath);
        Assert.Contains(wrong, ex.Message);
        Assert.Contains(TestFiles.Sha256(trainLabels), ex.Message);

        // With the right sum the tiny set loads (Keras split: all training examples, no validation).
        File.WriteAllText(Path.Combine(dir.Path, "SHA256SUMS.uncompressed"), $"{TestFiles.Sha256(trainLabels)}  train-labels-idx1-ubyte.gz\n");
        var set = MnistDataset.LoadFrom(dir.Path, new MnistOptions { Split = MnistSplit.Keras, Layout = ImageLayout.Flat });
        Assert.Equal(3, set.Train.Count);
        Assert.Equal(new Shape(3, 784), set.Train.Inputs.Shape);
        Assert.Null(set.Validation);
        Assert.Equal([7, 8, 9], set.Test.Labels.ToArray());
        Assert.Equal(testImages[16] / 255f, set.Test.Inputs.AsReadOnlySpan()[0]);
    }
}
