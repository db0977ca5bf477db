using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace NeuralCore.Layers.Tests.Data;

/// <summary>A temporary directory deleted on dispose; tests never write into the repository.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "neuralcore-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Writes IDX files byte by byte, independently of the library's reader.</summary>
internal static class TestFiles
{
    public static byte[] Idx(int magic, int[] dims, byte[] payload)
    {
        var bytes = new byte[4 + 4 * dims.Length + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        payload.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    public static byte[] Images(int count, int rows = 28, int cols = 28, int seed = 1)
    {
        var payload = new byte[count * rows * cols];
        new Random(seed).NextBytes(payload);
        return Idx(2051, [count, rows, cols], payload);
    }

    public static byte[] Labels(params byte[] labels) => Idx(2049, [labels.Length], labels);

    public static byte[] Gzip(byte[] content)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(content);
        return ms.ToArray();
    }

    public static byte[] Gunzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string Write(string directory, string name, byte[] content)
    {
        var path = System.IO.Path.Combine(directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
