using NeuralCore.Layers.Data;

namespace NeuralCore.Layers.Tests.Data;

public class DataLocatorTests
{
    private static readonly DatasetSpec s_tiny = new("tiny", "Tiny",
        [new DatasetFile("a-idx1-ubyte", null), new DatasetFile("b-idx1-ubyte", null)], []);

    private static void Populate(string dir)
    {
        Directory.CreateDirectory(dir);
        TestFiles.Write(dir, "a-idx1-ubyte.gz", TestFiles.Gzip(TestFiles.Labels(1)));
        TestFiles.Write(dir, "b-idx1-ubyte", TestFiles.Labels(2));
    }

    private static DataLocator Isolated(TempDirectory root, string? explicitDir = null, string? env = null) => new(s_tiny)
    {
        ExplicitDirectory = explicitDir,
        EnvironmentDirectory = env,
        SearchStartDirectories = [root.Combine("repo", "src", "deep")],
        CacheDirectory = root.Combine("cache", "tiny"),
        AllowDownload = false,
    };

    [Fact]
    public void Search_order_is_explicit_environment_near_repository_cache()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.Combine("repo", "src", "deep"));
        Directory.CreateDirectory(root.Combine("shared", "data", "tiny"));

        var candidates = Isolated(root, env: root.Combine("env")).CandidateDirectories();
        Assert.Equal([root.Combine("env", "tiny"), root.Combine("env"), root.Combine("shared", "data", "tiny"), root.Combine("cache", "tiny")], candidates);
        // An explicit directory is the only place searched.
        Assert.Equal([root.Combine("x", "tiny"), root.Combine("x")], Isolated(root, explicitDir: root.Combine("x"), env: root.Combine("env")).CandidateDirectories());

        Populate(root.Combine("cache", "tiny"));
        Assert.Equal(root.Combine("cache", "tiny"), Isolated(root).Locate());
        Populate(root.Combine("shared", "data", "tiny"));
        Assert.Equal(root.Combine("shared", "data", "tiny"), Isolated(root).Locate());
        Populate(root.Combine("env", "tiny"));
        Assert.Equal(root.Combine("env", "tiny"), Isolated(root, env: root.Combine("env")).Locate());
        Populate(root.Combine("explicit"));
        Assert.Equal(root.Combine("explicit"), Isolated(root, explicitDir: root.Combine("explicit"), env: root.Combine("env")).Locate());
    }

    [Fact]
    public void A_directory_missing_one_file_is_skipped()
    {
        using var root = new TempDirectory();
        Populate(root.Combine("cache", "tiny"));
        Directory.CreateDirectory(root.Combine("env"));
        TestFiles.Write(root.Combine("env"), "a-idx1-ubyte.gz", TestFiles.Gzip(TestFiles.Labels(1)));
        Assert.Equal(root.Combine("cache", "tiny"), Isolated(root, env: root.Combine("env")).Locate());
    }

    [Fact]
    public void Missing_everywhere_without_download_gives_one_line_naming_the_places_and_the_remedy()
    {
        using var root = new TempDirectory();
        var ex = Assert.Throws<DatasetUnavailableException>(() => Isolated(root, env: root.Combine("env")).Locate());
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains(root.Combine("env"), ex.Message);
        Assert.Contains(root.Combine("cache", "tiny"), ex.Message);
        Assert.Contains("--data DIR", ex.Message);
        Assert.Contains("NEURALCORE_DATA", ex.Message);
        Assert.Contains("a-idx1-ubyte.gz", ex.Message);

        var exExplicit = Assert.Throws<DatasetUnavailableException>(() => Isolated(root, explicitDir: root.Combine("typo")).Locate());
        Assert.Equal([root.Combine("typo", "tiny"), root.Combine("typo")], exExplicit.SearchedDirectories);
        Assert.Contains("given with --data", exExplicit.Message);
    }

    [Fact]
    public void NotMnist_never_takes_the_MNIST_test_files_from_a_data_root()
    {
        using var root = new TempDirectory();
        // NEURALCORE_DATA points at an MNIST directory: same t10k-* names as the notMNIST sample.
        var mnist = root.Combine("mnist");
        Directory.CreateDirectory(mnist);
        TestFiles.Write(mnist, "t10k-images-idx3-ubyte.gz", TestFiles.Gzip(TestFiles.Images(1)));
        TestFiles.Write(mnist, "t10k-labels-idx1-ubyte.gz", TestFiles.Gzip(TestFiles.Labels(1)));
        var locator = new DataLocator(NotMnistDataset.Dataset)
        {
            EnvironmentDirectory = mnist, SearchNearRepository = false, CacheDirectory = root.Combine("cache", "notmnist"),
        };
        Assert.Equal([root.Combine("mnist", "notmnist"), root.Combine("cache", "notmnist")], locator.CandidateDirectories());
        Assert.Throws<DatasetUnavailableException>(() => locator.Locate());

        // A root holding both datasets, or a directory named notmnist, is used.
        var notmnist = root.Combine("notmnist");
        Directory.CreateDirectory(notmnist);
        TestFiles.Write(notmnist, "t10k-images-idx3-ubyte.gz", TestFiles.Gzip(TestFiles.Images(1)));
        TestFiles.Write(notmnist, "t10k-labels-idx1-ubyte.gz", TestFiles.Gzip(TestFiles.Labels(1)));
        Assert.Equal(notmnist, new DataLocator(NotMnistDataset.Dataset)
        {
            EnvironmentDirectory = root.Path, SearchNearRepository = false, CacheDirectory = root.Combine("cache", "notmnist"),
        }.Locate());
        Assert.Equal(notmnist, new DataLocator(NotMnistDataset.Dataset)
        {
            EnvironmentDirectory = notmnist, SearchNearRepository = false, CacheDirectory = root.Combine("cache", "notmnist"),
        }.Locate());
        // MNIST itself accepts the directory directly.
        Assert.Equal(mnist, new DataLocator(new DatasetSpec("mnist", "MNIST", [new DatasetFile("t10k-images-idx3-ubyte", null)], []))
        {
            EnvironmentDirectory = mnist, SearchNearRepository = false, CacheDirectory = root.Combine("cache", "mnist"),
        }.Locate());
    }

    [Fact]
    public void Default_cache_is_per_user_and_named_after_the_dataset()
    {
        var cache = DataLocator.DefaultCacheDirectory("mnist");
        Assert.True(Path.IsPathRooted(cache));
        Assert.EndsWith(Path.Combine("mnist"), cache);
        Assert.Contains("neuralcore", cache, StringComparison.OrdinalIgnoreCase);
    }
}
