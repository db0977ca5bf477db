namespace NeuralCore.Layers.Data;

/// <summary>
/// Downloads a dataset's gzipped files from its mirrors into a directory. Each file is written to
/// a temporary file in the target directory and renamed to its final name only after the SHA-256
/// of its uncompressed content matched, so an interrupted or corrupt download never leaves a
/// file that looks complete. Mirrors are tried in order until one serves the right content.
/// </summary>
public static class DatasetDownloader
{
    private const long ReportEveryBytes = 1 << 16;

    /// <summary>How long a download may go without receiving data before the mirror counts as failed
    /// (HttpClient.Timeout does not cover reading the body of a streamed response).</summary>
    internal static TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    private static readonly Lazy<HttpClient> s_defaultClient = new(() =>
    {
        var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) })
        {
            Timeout = TimeSpan.FromMinutes(10),
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("NeuralCore/0.1");
        return client;
    });

    /// <summary>
    /// Downloads every file of <paramref name="dataset"/> that <paramref name="targetDirectory"/> does not
    /// hold yet from <c>mirror + name + ".gz"</c>, verifies its uncompressed SHA-256 against
    /// <see cref="DatasetFile.Sha256"/>, renames it into place, and finally writes
    /// <c>SHA256SUMS.uncompressed</c> next to the files so later loads can verify them too.
    /// </summary>
    /// <param name="dataset">The files and their expected sums.</param>
    /// <param name="targetDirectory">Where the files go (created when missing).</param>
    /// <param name="mirrors">Base URLs to try in order; <see cref="DatasetSpec.Mirrors"/> when null.</param>
    /// <param name="progress">Receives (file, bytes, total) as data arrives.</param>
    /// <param name="httpClient">The client to use; a shared default client when null.</param>
    /// <param name="cancellationToken">Cancels the download (the temporary file is removed).</param>
    /// <exception cref="DatasetDownloadException">When a file could not be fetched from any mirror (one-line message).</exception>
    /// <exception cref="ChecksumMismatchException">When every mirror that answered served the wrong content.</exception>
    public static async Task DownloadAsync(DatasetSpec dataset, string targetDirectory, IReadOnlyList<Uri>? mirrors = null,
        IProgress<DownloadProgress>? progress = null, HttpClient? httpClient = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        mirrors ??= dataset.Mirrors;
        if (mirrors.Count == 0) throw new DatasetDownloadException($"{dataset.DisplayName}: no download mirror is known");
        var client = httpClient ?? s_defaultClient.Value;
        Directory.CreateDirectory(targetDirectory);

        foreach (var file in dataset.Files)
        {
            if (DataLocator.FindFile(targetDirectory, file.Name) is not null) continue;
            await DownloadFileAsync(client, file, targetDirectory, mirrors, progress, cancellationToken).ConfigureAwait(false);
        }

        var sums = Sha256Sums.Format(dataset.Files);
        if (sums.Length > 0)
        {
            var sumsPath = Path.Combine(targetDirectory, Sha256Sums.FileName);
            var temp = TempPath(targetDirectory, Sha256Sums.FileName);
            try
            {
                await File.WriteAllTextAsync(temp, sums, cancellationToken).ConfigureAwait(false);
                File.Move(temp, sumsPath, overwrite: true);
            }
            finally { TryDelete(temp); }
        }
    }

    private static async Task DownloadFileAsync(HttpClient client, DatasetFile file, string targetDirectory,
        IReadOnlyList<Uri> mirrors, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        ChecksumMismatchException? mismatch = null;
        string remoteName = file.Name + ".gz";
        foreach (var mirror in mirrors)
        {
            var url = new Uri(WithTrailingSlash(mirror), remoteName);
            var temp = TempPath(targetDirectory, remoteName);
            try
            {
                using (var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
                {
                    if (!response.IsSuccessStatusCode)
                    {
                        failures.Add($"{url} (HTTP {(int)response.StatusCode} {response.ReasonPhrase})");
                        continue;
                    }
                    long? total = response.Content.Headers.ContentLength;
                    // Synchronous disposal: the sync Locate() wrapper must not capture a synchronization context.
                    using var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    using var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                    var buffer = new byte[1 << 16];
                    long received = 0, reported = 0;
                    progress?.Report(new DownloadProgress(remoteName, 0, total, url));
                    using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    int n;
                    while (true)
                    {
                        stall.CancelAfter(StallTimeout);
                        try { n = await source.ReadAsync(buffer, stall.Token).ConfigureAwait(false); }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                            throw new IOException($"no data for {StallTimeout.TotalSeconds:0} s after {received} bytes");
                        }
                        if (n == 0) break;
                        await target.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                        received += n;
                        // Sockets deliver small pieces; one report per 64 KiB is plenty for a progress bar.
                        if (received - reported >= ReportEveryBytes)
                        {
                            progress?.Report(new DownloadProgress(remoteName, received, total, url));
                            reported = received;
                        }
                    }
                    if (reported != received) progress?.Report(new DownloadProgress(remoteName, received, total, url));
                    if (total is long expectedLength && received != expectedLength)
                    {
                        failures.Add($"{url} (connection closed after {received} of {expectedLength} bytes)");
                        continue;
                    }
                }

                var content = IdxReader.ReadContent(temp);
                if (file.Sha256 is not null)
                {
                    var actual = Sha256Sums.Compute(content.Span);
                    if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
                    {
                        mismatch = new ChecksumMismatchException(url.ToString(), file.Sha256.ToLowerInvariant(), actual, "the dataset's known sums");
                        failures.Add($"{url} (wrong content: SHA-256 {actual}, expected {file.Sha256})");
                        continue;
                    }
                }
                bool gzipped = IsGzip(temp);
                File.Move(temp, Path.Combine(targetDirectory, gzipped ? remoteName : file.Name), overwrite: true);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested &&
                                       ex is HttpRequestException or IOException or TaskCanceledException or InvalidDataException)
            {
                // TaskCanceledException without our token being cancelled is HttpClient's timeout.
                failures.Add($"{url} ({DataLocator.OneLine(ex.Message)})");
            }
            finally
            {
                TryDelete(temp);
            }
        }
        if (mismatch is not null && failures.Count == 1) throw mismatch;
        if (mismatch is not null && failures.TrueForAll(f => f.Contains("wrong content", StringComparison.Ordinal))) throw mismatch;
        throw new DatasetDownloadException($"could not download {remoteName}: {string.Join("; ", failures)}");
    }

    private static Uri WithTrailingSlash(Uri mirror)
        => mirror.AbsoluteUri.EndsWith('/') ? mirror : new Uri(mirror.AbsoluteUri + "/");

    // Hidden, unique, in the target directory: the final rename stays on one file system (atomic).
    private static string TempPath(string directory, string name)
        => Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.part");

    private static bool IsGzip(string path)
    {
        using var f = File.OpenRead(path);
        return f.ReadByte() == 0x1f && f.ReadByte() == 0x8b;
    }

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); }
        catch (IOException) { /* best effort: a leftover .part file is hidden and never mistaken for data */ }
        catch (UnauthorizedAccessException) { }
    }
}
