using System.Net;
using System.Net.Sockets;

namespace NeuralCore.Layers.Tests.Data;

/// <summary>Serves fixed files over HTTP on 127.0.0.1 (404 for anything else) for download tests.</summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _stalling;

    /// <summary>Serves <paramref name="files"/>; the names in <paramref name="stalling"/> send half their bytes, then nothing.</summary>
    public LocalHttpServer(Dictionary<string, byte[]> files, params string[] stalling)
    {
        _files = files;
        _stalling = [.. stalling];
        int port = FreePort();
        BaseUri = new Uri($"http://127.0.0.1:{port}/data/");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUri { get; }

    public int Requests;

    /// <summary>A port nothing listens on (bound, then released).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            Interlocked.Increment(ref Requests);
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            var name = context.Request.Url!.AbsolutePath;
            name = name.StartsWith("/data/", StringComparison.Ordinal) ? name["/data/".Length..] : "";
            if (_files.TryGetValue(name, out var body))
            {
                context.Response.StatusCode = 200;
                context.Response.ContentLength64 = body.Length;
                if (_stalling.Contains(name))
                {
                    await context.Response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2));
                    await context.Response.OutputStream.FlushAsync();
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
                await context.Response.OutputStream.WriteAsync(body);
            }
            else context.Response.StatusCode = 404;
            context.Response.Close();
        }
        catch (Exception) { context.Response.Abort(); }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}

/// <summary>Records progress reports synchronously (Progress&lt;T&gt; would post them asynchronously).</summary>
internal sealed class RecordingProgress<T> : IProgress<T>
{
    private readonly List<T> _reports = [];
    public void Report(T value) { lock (_reports) _reports.Add(value); }
    public List<T> Reports { get { lock (_reports) return [.. _reports]; } }
}
