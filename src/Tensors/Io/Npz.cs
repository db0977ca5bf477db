using System.Globalization;
using System.IO.Compression;

namespace NeuralCore.Tensors.Io;

/// <summary>
/// Reads and writes NumPy <c>.npz</c> archives: a zip file with one <c>.npy</c> entry per array,
/// as <c>numpy.savez</c> (entries stored uncompressed) and <c>numpy.savez_compressed</c> (entries
/// deflated) write them. Positional arrays are named <c>arr_0</c>, <c>arr_1</c>, ... exactly as
/// <c>numpy.savez(path, *arrays)</c> names them, which is how Lasagne users save parameters.
/// </summary>
public static class Npz
{
    /// <summary>Saves <paramref name="arrays"/> as <c>arr_0</c>, <c>arr_1</c>, ... to <paramref name="path"/>,
    /// uncompressed like <c>numpy.savez</c>. The write is atomic (<see cref="AtomicFile"/>).</summary>
    public static void Save(string path, params IReadOnlyList<Tensor> arrays) => Save(path, Positional(arrays), compressed: false);

    /// <summary>Saves named arrays to <paramref name="path"/> atomically; entry <c>name</c> becomes
    /// <c>name.npy</c> in the archive. With <paramref name="compressed"/> the entries are deflated
    /// like <c>numpy.savez_compressed</c>.</summary>
    /// <exception cref="ArgumentException">When a name is empty or repeated.</exception>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> arrays, bool compressed = false)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        var list = arrays.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in list)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("npz: array names must not be empty", nameof(arrays));
            if (!seen.Add(name)) throw new ArgumentException($"npz: array name '{name}' appears twice", nameof(arrays));
            ArgumentNullException.ThrowIfNull(tensor, name);
        }
        AtomicFile.Write(path, stream => Write(stream, list, compressed));
    }

    /// <summary>Writes an .npz archive of named arrays to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> arrays, bool compressed = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(arrays);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        var level = compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
        foreach (var (name, tensor) in arrays)
        {
            var entry = zip.CreateEntry(name + ".npy", level);
            using var entryStream = entry.Open();
            Npy.Write(entryStream, tensor);
        }
    }

    /// <summary>Loads every array of the archive <paramref name="path"/>, in archive order, with the
    /// <c>.npy</c> suffix removed from the names. Stored and deflated entries are both read.</summary>
    /// <exception cref="NpyFormatException">When the file is not a zip archive, an entry is corrupt or
    /// truncated, or an entry holds an unsupported dtype or Fortran-ordered data.</exception>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads every array of an .npz archive from a seekable <paramref name="stream"/>.</summary>
    /// <param name="stream">The archive.</param>
    /// <param name="source">A name for the archive used in error messages.</param>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> Read(Stream stream, string source = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var result = new List<KeyValuePair<string, Tensor>>();
        ZipArchive zip;
        try { zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException e) { throw new NpyFormatException($"npz: '{source}' is not a valid .npz (zip) archive: {e.Message}", e); }
        using (zip)
        {
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue; // directory entry
                string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                string where = $"{source}:{entry.FullName}";
                try
                {
                    using var entryStream = new Crc32Stream(entry.Open());
                    var tensor = Npy.Read(entryStream, where);
                    if (entryStream.ReadByte() != -1)
                        throw new NpyFormatException($"npy: '{where}' has extra bytes after the data of shape {tensor.Shape}");
                    if (entryStream.Crc != entry.Crc32)
                        throw new NpyFormatException($"npz: entry '{where}' is corrupt: CRC-32 {entryStream.Crc:x8} does not match the recorded {entry.Crc32:x8}");
                    result.Add(new(name, tensor));
                }
                catch (InvalidDataException e)
                {
                    // Raised by the zip reader for a damaged compressed stream or a CRC mismatch.
                    throw new NpyFormatException($"npz: entry '{where}' is corrupt: {e.Message}", e);
                }
                catch (EndOfStreamException e)
                {
                    throw new NpyFormatException($"npz: entry '{where}' is truncated: {e.Message}", e);
                }
            }
        }
        return result;
    }

    /// <summary>Loads an archive of positional arrays <c>arr_0</c> ... <c>arr_{n-1}</c> (as written by
    /// <c>numpy.savez(path, *arrays)</c>) and returns them in index order.</summary>
    /// <exception cref="NpyFormatException">When the archive holds other names or misses an index.</exception>
    public static Tensor[] LoadPositional(string path)
    {
        var entries = Load(path);
        var arrays = new Tensor[entries.Count];
        foreach (var (name, tensor) in entries)
        {
            if (!name.StartsWith("arr_", StringComparison.Ordinal)
                || !int.TryParse(name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                || index >= arrays.Length || arrays[index] is not null)
                throw new NpyFormatException($"npz: '{path}' is not a positional archive: entry '{name}' is not one of arr_0 ... arr_{entries.Count - 1} (save with numpy.savez(path, *arrays))");
            arrays[index] = tensor;
        }
        return arrays;
    }

    private static IEnumerable<KeyValuePair<string, Tensor>> Positional(IReadOnlyList<Tensor> arrays)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        for (int i = 0; i < arrays.Count; i++)
            yield return new("arr_" + i.ToString(CultureInfo.InvariantCulture), arrays[i]);
    }
}
