namespace NeuralCore.Layers.Data;

/// <summary>
/// Finds a dataset's files on disk and, when no directory has them, downloads them into the
/// per-user cache. Directories are searched in this order:
/// <list type="number">
/// <item>the explicit directory (a program's <c>--data DIR</c>): its <c>&lt;dataset&gt;</c> subdirectory, then itself; when
/// one is given it is the only place searched, so a typo is reported instead of silently loading other files;</item>
/// <item>the <c>NEURALCORE_DATA</c> environment variable: its <c>&lt;dataset&gt;</c> subdirectory, then itself (not for a
/// dataset whose file names are another's, see <see cref="DatasetSpec.SharesFileNames"/>, unless the directory is named after it);</item>
/// <item><c>shared/data/&lt;dataset&gt;</c> in the nearest ancestor of the current directory and of the program's
/// directory that has one (the directory next to the repository on the project's machines);</item>
/// <item>the per-user cache (<see cref="DefaultCacheDirectory"/>).</item>
/// </list>
/// A directory has the files when every file of the dataset is there, gzipped (<c>name.gz</c>) or plain.
/// </summary>
public sealed class DataLocator
{
    /// <summary>The environment variable naming a data directory.</summary>
    public const string EnvironmentVariable = "NEURALCORE_DATA";

    /// <summary>Creates a locator for <paramref name="dataset"/> with the default search order.</summary>
    public DataLocator(DatasetSpec dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Dataset = dataset;
        CacheDirectory = DefaultCacheDirectory(dataset.DirectoryName);
    }

    /// <summary>The dataset being located.</summary>
    public DatasetSpec Dataset { get; }

    /// <summary>A directory given explicitly (<c>--data DIR</c>); when set, the only place searched.</summary>
    public string? ExplicitDirectory { get; init; }

    /// <summary>The value of <c>NEURALCORE_DATA</c>; read from the environment by default, settable for tests.</summary>
    public string? EnvironmentDirectory { get; init; } = Environment.GetEnvironmentVariable(EnvironmentVariable);

    /// <summary>Whether to search <c>shared/data/&lt;dataset&gt;</c> in the ancestors of <see cref="SearchStartDirectories"/>.</summary>
    public bool SearchNearRepository { get; init; } = true;

    /// <summary>Where the upward search starts: the current directory and the program's directory by default.</summary>
    public IReadOnlyList<string> SearchStartDirectories { get; init; } = [Environment.CurrentDirectory, AppContext.BaseDirectory];

    /// <summary>The per-user cache searched last and downloaded into.</summary>
    public string CacheDirectory { get; init; }

    /// <summary>Whether missing files may be downloaded into <see cref="CacheDirectory"/>.</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>Mirrors to download from instead of <see cref="DatasetSpec.Mirrors"/> (base URLs).</summary>
    public IReadOnlyList<Uri>? Mirrors { get; init; }

    /// <summary>The HTTP client for downloads; a shared default client when null.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Receives download progress (bytes, total, file); no reports when null.</summary>
    public IProgress<DownloadProgress>? Progress { get; init; }

    /// <summary>The directories searched, in order, without duplicates.</summary>
    public IReadOnlyList<string> CandidateDirectories()
    {
        var result = new List<string>();
        void Add(string? dir)
        {
            if (string.IsNullOrWhiteSpace(dir)) return;
            var full = Path.GetFullPath(dir);
            if (!result.Contains(full, StringComparer.Ordinal)) result.Add(full);
        }

        // A root's dataset subdirectory comes before the root itself: a root holding several datasets
        // must not be read as one of them.
        if (ExplicitDirectory is not null)
        {
            Add(Path.Combine(ExplicitDirectory, Dataset.DirectoryName));
            Add(ExplicitDirectory);
            return result;
        }
        if (!string.IsNullOrWhiteSpace(EnvironmentDirectory))
        {
            Add(Path.Combine(EnvironmentDirectory, Dataset.DirectoryName));
            bool namedAfterDataset = string.Equals(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(EnvironmentDirectory))),
                Dataset.DirectoryName, StringComparison.OrdinalIgnoreCase);
            if (!Dataset.SharesFileNames || namedAfterDataset) Add(EnvironmentDirectory);
        }
        if (SearchNearRepository)
        {
            foreach (var start in SearchStartDirectories)
            {
                if (string.IsNullOrWhiteSpace(start)) continue;
                for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, "shared", "data", Dataset.DirectoryName);
                    if (Directory.Exists(candidate)) { Add(candidate); break; }
                }
            }
        }
        Add(CacheDirectory);
        return result;
    }

    /// <summary>The first searched directory that holds every file of the dataset, or null.</summary>
    public string? TryFind()
    {
        foreach (var dir in CandidateDirectories())
            if (HasAllFiles(dir)) return dir;
        return null;
    }

    /// <summary>Whether <paramref name="directory"/> holds every file of the dataset (gzipped or plain).</summary>
    public bool HasAllFiles(string directory)
    {
        if (!Directory.Exists(directory)) return false;
        foreach (var f in Dataset.Files)
            if (FindFile(directory, f.Name) is null) return false;
        return true;
    }

    /// <summary>The directory holding the dataset, downloading it into the cache when allowed and needed.</summary>
    /// <exception cref="DatasetUnavailableException">When no directory has the files and they could not be downloaded (one-line message).</exception>
    /// <exception cref="ChecksumMismatchException">When every mirror served a file with the wrong content.</exception>
    public string Locate() => LocateAsync().GetAwaiter().GetResult();

    /// <summary>The directory holding the dataset, downloading it into the cache when allowed and needed.</summary>
    /// <exception cref="DatasetUnavailableException">When no directory has the files and they could not be downloaded (one-line message).</exception>
    /// <exception cref="ChecksumMismatchException">When every mirror served a file with the wrong content.</exception>
    public async Task<string> LocateAsync(CancellationToken cancellationToken = default)
    {
        var searched = CandidateDirectories();
        foreach (var dir in searched)
            if (HasAllFiles(dir)) return dir;

        string fileList = string.Join(", ", Dataset.Files.Select(f => f.Name + ".gz"));
        string how = $"pass --data DIR or set {EnvironmentVariable} to a directory holding {fileList}";
        string where = string.Join(", ", searched);
        if (ExplicitDirectory is not null)
            throw new DatasetUnavailableException($"{Dataset.DisplayName} files not found in {where} (given with --data); {how}", searched);

        var mirrors = Mirrors ?? Dataset.Mirrors;
        if (!AllowDownload || mirrors.Count == 0)
        {
            string why = AllowDownload ? "it has no download mirror" : "downloading is disabled";
            throw new DatasetUnavailableException($"{Dataset.DisplayName} files not found in {where} and {why}; {how}", searched);
        }
        try
        {
            await DatasetDownloader.DownloadAsync(Dataset, CacheDirectory, mirrors, Progress, HttpClient, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && ex is not ChecksumMismatchException and not DatasetUnavailableException)
        {
            throw new DatasetUnavailableException(
                $"{Dataset.DisplayName} files not found in {where} and the download into {CacheDirectory} failed: {OneLine(ex.Message)}; {how}", searched, ex);
        }
        return CacheDirectory;
    }

    /// <summary>The path of <paramref name="name"/> (uncompressed name) in <paramref name="directory"/>:
    /// <c>name.gz</c> if it exists, else <c>name</c> if it exists, else null.</summary>
    public static string? FindFile(string directory, string name)
    {
        var gz = Path.Combine(directory, name + ".gz");
        if (File.Exists(gz)) return gz;
        var plain = Path.Combine(directory, name);
        return File.Exists(plain) ? plain : null;
    }

    /// <summary>The per-user cache directory of a dataset: <c>%LOCALAPPDATA%\NeuralCore\&lt;dataset&gt;</c> on Windows,
    /// <c>$XDG_CACHE_HOME/neuralcore/&lt;dataset&gt;</c> or <c>~/.cache/neuralcore/&lt;dataset&gt;</c> elsewhere.</summary>
    public static string DefaultCacheDirectory(string datasetDirectoryName)
    {
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "NeuralCore", datasetDirectoryName);
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "neuralcore", datasetDirectoryName);
    }

    internal static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
