using NeuralCore.Layers.Data;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests.Data;

public class DatasetDownloaderTests
{
    private static readonly byte[] s_images = TestFiles.Images(20, 28, 28, seed: 5);
    private static readonly byte[] s_labels = TestFiles.Labels(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

    private static Dictionary<string, byte[]> Served() => new()
    {
        ["img-idx3-ubyte.gz"] = TestFiles.Gzip(s_images),
        ["lab-idx1-ubyte.gz"] = TestFiles.Gzip(s_labels),
    };

    private static DatasetSpec Spec(string imagesSha256, params Uri[] mirrors) => new("tiny", "Tiny",
        [new DatasetFile("img-idx3-ubyte", imagesSha256), new DatasetFile("lab-idx1-ubyte", TestFiles.Sha256(s_labels))], mirrors);

    private static DataLocator Locator(DatasetSpec spec, TempDirectory root, IProgress<DownloadProgress>? progress = null) => new(spec)
    {
        EnvironmentDirectory = null,
        SearchNearRepository = false,
        CacheDirectory = root.Combine("cache", "tiny"),
        Progress = progress,
    };

    [Fact]
    public async Task Downloads_verifies_and_reports_progress()
    {
        using var server = new LocalHttpServer(Served());
        using var root = new TempDirectory();
        var progress = new RecordingProgress<DownloadProgress>();
        var dir = await Locator(Spec(TestFiles.Sha256(s_images), server.BaseUri), root, progress).LocateAsync();

        Assert.Equal(root.Combine("cache", "tiny"), dir);
        Assert.Equal(s_images, TestFiles.Gunzip(Path.Combine(dir, "img-idx3-ubyte.gz")));
        Assert.Equal(s_labels, TestFiles.Gunzip(Path.Combine(dir, "lab-idx1-ubyte.gz")));
        Assert.Empty(Directory.GetFiles(dir, "*.part"));
        Assert.Contains("img-idx3-ubyte", File.ReadAllText(Path.Combine(dir, "SHA256SUMS.uncompressed")));

        var reports = progress.Reports;
        long gzLength = Served()["img-idx3-ubyte.gz"].Length;
        var imageReports = reports.Where(r => r.File == "img-idx3-ubyte.gz").ToList();
        Assert.Equal(0, imageReports[0].BytesReceived);
        Assert.Equal(gzLength, imageReports[^1].BytesReceived);
        Assert.All(imageReports, r => Assert.Equal(gzLength, r.TotalBytes));
        Assert.Equal(1.0, imageReports[^1].Fraction);
        Assert.Contains(reports, r => r.File == "lab-idx1-ubyte.gz");

        // The downloaded files load, and a second lookup finds them without the network.
        var labels = IdxReader.ReadLabels(Path.Combine(dir, "lab-idx1-ubyte.gz"));
        Assert.Equal(new Shape(20), labels.Shape);
        int requests = server.Requests;
        Assert.Equal(dir, await Locator(Spec(TestFiles.Sha256(s_images), server.BaseUri), root).LocateAsync());
        Assert.Equal(requests, server.Requests);
    }

    [Fact]
    public async Task Falls_back_to_the_next_mirror()
    {
        using var empty = new LocalHttpServer([]);
        using var server = new LocalHttpServer(Served());
        using var root = new TempDirectory();
        var dir = await Locator(Spec(TestFiles.Sha256(s_images), empty.BaseUri, server.BaseUri), root).LocateAsync();
        Assert.Equal(s_images, TestFiles.Gunzip(Path.Combine(dir, "img-idx3-ubyte.gz")));
        Assert.True(empty.Requests >= 2);
    }

    [Fact]
    public async Task Wrong_checksum_leaves_no_file_in_the_cache()
    {
        using var server = new LocalHttpServer(Served());
        using var root = new TempDirectory();
        string wrong = new('f', 64);
        var ex = await Assert.ThrowsAsync<ChecksumMismatchException>(() => Locator(Spec(wrong, server.BaseUri), root).LocateAsync());
        Assert.Contains(wrong, ex.Message);
        Assert.Contains(TestFiles.Sha256(s_images), ex.Message);
        Assert.Contains("img-idx3-ubyte.gz", ex.FilePath);
        Assert.Empty(Directory.GetFiles(root.Combine("cache", "tiny"), "img*"));
        Assert.Empty(Directory.GetFiles(root.Combine("cache", "tiny"), "*.part", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(root.Combine("cache", "tiny"), ".*"));
    }

    [Fact]
    public async Task A_stalled_transfer_fails_over_to_the_next_mirror_without_leftovers()
    {
        using var stalling = new LocalHttpServer(Served(), "img-idx3-ubyte.gz");
        using var server = new LocalHttpServer(Served());
        using var root = new TempDirectory();
        var saved = DatasetDownloader.StallTimeout;
        DatasetDownloader.StallTimeout = TimeSpan.FromMilliseconds(500);
        try
        {
            var dir = await Locator(Spec(TestFiles.Sha256(s_images), stalling.BaseUri, server.BaseUri), root).LocateAsync();
            Assert.Equal(s_images, TestFiles.Gunzip(Path.Combine(dir, "img-idx3-ubyte.gz")));
            Assert.Empty(Directory.GetFiles(dir, "*.part"));

            using var root2 = new TempDirectory();
            var ex = await Assert.ThrowsAsync<DatasetUnavailableException>(() => Locator(Spec(TestFiles.Sha256(s_images), stalling.BaseUri), root2).LocateAsync());
            Assert.Contains("no data for", ex.Message);
            Assert.DoesNotContain('\n', ex.Message);
            Assert.Empty(Directory.GetFiles(root2.Combine("cache", "tiny"), "img*"));
            Assert.Empty(Directory.GetFiles(root2.Combine("cache", "tiny"), "*.part"));
        }
        finally
        {
            DatasetDownloader.StallTimeout = saved;
        }
    }

    [Fact]
    public async Task Unreachable_server_gives_one_line_saying_where_and_how()
    {
        using var root = new TempDirectory();
        var nowhere = new Uri($"http://127.0.0.1:{LocalHttpServer.FreePort()}/mnist/");
        var locator = Locator(Spec(TestFiles.Sha256(s_images), nowhere), root);
        var ex = await Assert.ThrowsAsync<DatasetUnavailableException>(() => locator.LocateAsync());
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains(root.Combine("cache", "tiny"), ex.Message);
        Assert.Contains(nowhere.Authority, ex.Message);
        Assert.Contains("--data DIR", ex.Message);
        Assert.Contains("NEURALCORE_DATA", ex.Message);
        Assert.Empty(Directory.Exists(root.Combine("cache", "tiny")) ? Directory.GetFiles(root.Combine("cache", "tiny")) : []);
    }
}
