using System.Security.Cryptography;
using System.Text;

namespace NeuralCore.Layers.Data;

/// <summary>
/// Reads and writes <c>SHA256SUMS.uncompressed</c> files (the <c>sha256sum</c> format: hex sum, two
/// spaces, file name) holding the SHA-256 of each file's uncompressed content, and computes sums.
/// </summary>
public static class Sha256Sums
{
    /// <summary>The name of the checksum file expected next to the data files.</summary>
    public const string FileName = "SHA256SUMS.uncompressed";

    /// <summary>Reads a checksum file into a map from uncompressed file name (without ".gz") to lower-case hex sum.</summary>
    /// <exception cref="InvalidDataException">When a line is not "hex-sum name".</exception>
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int space = line.IndexOf(' ');
            if (space != 64 || !IsHex(line.AsSpan(0, 64)))
                throw new InvalidDataException($"{path}: line {lineNumber} is not \"<64 hex digits>  <file name>\": {line}");
            // sha256sum marks binary mode with '*' before the name.
            var name = line[(space + 1)..].TrimStart(' ', '*');
            sums[StripGz(name)] = line[..64].ToLowerInvariant();
        }
        return sums;
    }

    /// <summary>Formats sums in the <c>sha256sum</c> text format, one "sum  name" line per file.</summary>
    public static string Format(IEnumerable<DatasetFile> files)
    {
        var sb = new StringBuilder();
        foreach (var f in files)
            if (f.Sha256 is not null) sb.Append(f.Sha256).Append("  ").Append(f.Name).Append('\n');
        return sb.ToString();
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="content"/>.</summary>
    public static string Compute(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Throws <see cref="ChecksumMismatchException"/> naming the file and both sums when the
    /// SHA-256 of <paramref name="content"/> is not <paramref name="expectedSha256"/> (case-insensitive).</summary>
    public static void Verify(string filePath, ReadOnlySpan<byte> content, string expectedSha256, string? source = null)
    {
        var actual = Compute(content);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new ChecksumMismatchException(filePath, expectedSha256.ToLowerInvariant(), actual, source);
    }

    /// <summary>The name without a trailing ".gz".</summary>
    public static string StripGz(string name) => name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }
}
