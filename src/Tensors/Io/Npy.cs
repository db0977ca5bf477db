using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace NeuralCore.Tensors.Io;

/// <summary>
/// Reads and writes single tensors in NumPy's <c>.npy</c> format (format version 1.0 when
/// writing; 1.0, 2.0 and 3.0 headers when reading). Supported element types are the ones a
/// <see cref="Tensor"/> holds: little-endian float32 (<c>&lt;f4</c>), float64 (<c>&lt;f8</c>) and
/// int32 (<c>&lt;i4</c>), C order. Anything else (another dtype, big-endian data, Fortran order)
/// is rejected with an <see cref="NpyFormatException"/> that names what was found.
/// </summary>
public static class Npy
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // NumPy pads the header so that the data starts at a multiple of 64 bytes (aligned loads).
    private const int HeaderAlignment = 64;

    /// <summary>Writes <paramref name="tensor"/> to <paramref name="stream"/> as a version 1.0 .npy document.</summary>
    public static void Write(Stream stream, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensor);
        stream.Write(BuildHeader(tensor.DType, tensor.Shape));
        switch (tensor)
        {
            case Tensor<float> f: WriteData<float>(stream, f.AsReadOnlySpan()); break;
            case Tensor<double> d: WriteData<double>(stream, d.AsReadOnlySpan()); break;
            case Tensor<int> i: WriteData<int>(stream, i.AsReadOnlySpan()); break;
            default: throw new NotSupportedException($"npy: cannot write tensors of dtype {tensor.DType.Name()}");
        }
    }

    /// <summary>Saves <paramref name="tensor"/> to the file <paramref name="path"/> atomically: the data
    /// goes to a temporary file in the same directory that then replaces <paramref name="path"/>, so a
    /// crash mid-write leaves any previous file intact.</summary>
    public static void Save(string path, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        AtomicFile.Write(path, stream => Write(stream, tensor));
    }

    /// <summary>Reads one .npy document from <paramref name="stream"/>.</summary>
    /// <param name="stream">Positioned at the magic string; left just after the data.</param>
    /// <param name="source">A name for the data used in error messages (a file or zip entry name).</param>
    /// <exception cref="NpyFormatException">When the data is not a valid, supported .npy document.</exception>
    public static Tensor Read(Stream stream, string source = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (dtype, shape) = ReadHeader(stream, source);
        return dtype switch
        {
            DType.Float32 => ReadData<float>(stream, shape, source),
            DType.Float64 => ReadData<double>(stream, shape, source),
            _ => ReadData<int>(stream, shape, source),
        };
    }

    /// <summary>Loads the tensor stored in the .npy file <paramref name="path"/>.</summary>
    /// <exception cref="NpyFormatException">When the file is not a valid, supported .npy file.</exception>
    public static Tensor Load(string path)
    {
        using var stream = File.OpenRead(path);
        var tensor = Read(stream, path);
        if (stream.ReadByte() != -1) throw new NpyFormatException($"npy: '{path}' has extra bytes after the data of shape {tensor.Shape}");
        return tensor;
    }

    /// <summary>The header bytes (magic, version 1.0, length, padded dictionary) for an array.</summary>
    internal static byte[] BuildHeader(DType dtype, Shape shape)
    {
        string descr = dtype switch
        {
            DType.Float32 => "<f4",
            DType.Float64 => "<f8",
            DType.Int32 => "<i4",
            _ => throw new NotSupportedException($"npy: dtype {dtype} has no .npy descriptor"),
        };
        var sb = new StringBuilder();
        sb.Append("{'descr': '").Append(descr).Append("', 'fortran_order': False, 'shape': (");
        var dims = shape.Dims;
        for (int i = 0; i < dims.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(dims[i].ToString(CultureInfo.InvariantCulture));
        }
        if (dims.Length == 1) sb.Append(',');
        sb.Append("), }");
        int unpadded = Magic.Length + 2 + 2 + sb.Length + 1;
        int padding = (HeaderAlignment - unpadded % HeaderAlignment) % HeaderAlignment;
        sb.Append(' ', padding).Append('\n');
        if (sb.Length > ushort.MaxValue) throw new NotSupportedException($"npy: header for shape {shape} is too long for format 1.0");

        var header = new byte[Magic.Length + 4 + sb.Length];
        Magic.CopyTo(header);
        header[6] = 1; // major version
        header[7] = 0; // minor version
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)sb.Length);
        Encoding.ASCII.GetBytes(sb.ToString(), header.AsSpan(10));
        return header;
    }

    private static void WriteData<T>(Stream stream, ReadOnlySpan<T> values) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        // Big-endian host: swap each element into a little-endian scratch buffer.
        int size = Marshal.SizeOf<T>();
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        for (int i = 0; i < bytes.Length; i += size) bytes.AsSpan(i, size).Reverse();
        stream.Write(bytes);
    }

    /// <summary>Parses the magic string, version and header dictionary.</summary>
    internal static (DType DType, Shape Shape) ReadHeader(Stream stream, string source)
    {
        Span<byte> prefix = stackalloc byte[8];
        int got = ReadFully(stream, prefix);
        if (got < prefix.Length || !prefix[..6].SequenceEqual(Magic))
            throw new NpyFormatException($"npy: '{source}' is not a .npy document (missing the \\x93NUMPY magic string)");
        int major = prefix[6];
        int headerLength;
        Span<byte> lengthBytes = stackalloc byte[4];
        if (major == 1)
        {
            if (ReadFully(stream, lengthBytes[..2]) < 2) throw Truncated(source, "header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes);
        }
        else if (major is 2 or 3)
        {
            if (ReadFully(stream, lengthBytes) < 4) throw Truncated(source, "header length");
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
            if (length > 1 << 20) throw new NpyFormatException($"npy: '{source}' declares an implausible header length of {length} bytes");
            headerLength = (int)length;
        }
        else throw new NpyFormatException($"npy: '{source}' has unsupported format version {major}.{prefix[7]}");

        var headerBytes = new byte[headerLength];
        if (ReadFully(stream, headerBytes) < headerLength) throw Truncated(source, "header");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        return ParseHeader(header, source);
    }

    private static (DType, Shape) ParseHeader(string header, string source)
    {
        string descr = StringValue(header, "descr", source);
        string fortran = RawValue(header, "fortran_order", source);
        string shapeText = RawValue(header, "shape", source);

        if (fortran.StartsWith("True", StringComparison.Ordinal))
            throw new NpyFormatException($"npy: '{source}' is stored in Fortran order, which is not supported; save a C-ordered array (numpy.ascontiguousarray)");
        if (!fortran.StartsWith("False", StringComparison.Ordinal))
            throw new NpyFormatException($"npy: '{source}' has an unreadable fortran_order value in header {header.Trim()}");

        DType dtype = descr switch
        {
            "<f4" => DType.Float32,
            "<f8" => DType.Float64,
            "<i4" => DType.Int32,
            // Single-byte and little-endian-explicit aliases NumPy may write on some platforms.
            "=f4" when BitConverter.IsLittleEndian => DType.Float32,
            "=f8" when BitConverter.IsLittleEndian => DType.Float64,
            "=i4" when BitConverter.IsLittleEndian => DType.Int32,
            _ => throw new NpyFormatException($"npy: '{source}' has unsupported dtype '{descr}' ({DescribeDescr(descr)}); supported are float32 '<f4', float64 '<f8' and int32 '<i4'"),
        };

        if (!shapeText.StartsWith('(')) throw new NpyFormatException($"npy: '{source}' has an unreadable shape in header {header.Trim()}");
        int close = shapeText.IndexOf(')');
        if (close < 0) throw new NpyFormatException($"npy: '{source}' has an unreadable shape in header {header.Trim()}");
        var parts = shapeText[1..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var dims = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            string p = parts[i].TrimEnd('L'); // Python 2 long suffix in old files
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]))
                throw new NpyFormatException($"npy: '{source}' has an unreadable or too large shape extent '{parts[i]}' in header {header.Trim()}");
        }
        Shape shape;
        try { shape = new Shape(dims); }
        catch (ArgumentException e) { throw new NpyFormatException($"npy: '{source}' declares an unusable shape: {e.Message}"); }
        return (dtype, shape);
    }

    private static string DescribeDescr(string descr)
    {
        if (descr.Length < 2) return "unknown";
        char order = descr[0];
        string rest = descr[1..];
        string kind = rest switch
        {
            "f2" => "float16", "f4" => "float32", "f8" => "float64", "f16" => "float128",
            "i1" => "int8", "i2" => "int16", "i4" => "int32", "i8" => "int64",
            "u1" => "uint8", "u2" => "uint16", "u4" => "uint32", "u8" => "uint64",
            "b1" => "bool", "c8" => "complex64", "c16" => "complex128",
            _ => rest.StartsWith('U') ? "unicode string" : rest.StartsWith('S') ? "byte string" : rest.StartsWith('O') ? "Python object" : "unknown",
        };
        return order == '>' ? $"big-endian {kind}" : kind;
    }

    private static string RawValue(string header, string key, string source)
    {
        string quoted = "'" + key + "'";
        int k = header.IndexOf(quoted, StringComparison.Ordinal);
        if (k < 0) throw new NpyFormatException($"npy: '{source}' header lacks the '{key}' entry: {header.Trim()}");
        int colon = header.IndexOf(':', k + quoted.Length);
        if (colon < 0) throw new NpyFormatException($"npy: '{source}' header has no value for '{key}': {header.Trim()}");
        return header[(colon + 1)..].TrimStart();
    }

    private static string StringValue(string header, string key, string source)
    {
        string raw = RawValue(header, key, source);
        if (raw.Length == 0 || (raw[0] != '\'' && raw[0] != '"'))
            throw new NpyFormatException($"npy: '{source}' has a structured or unreadable '{key}' entry, which is not supported: {header.Trim()}");
        int end = raw.IndexOf(raw[0], 1);
        if (end < 0) throw new NpyFormatException($"npy: '{source}' has an unterminated '{key}' entry: {header.Trim()}");
        return raw[1..end];
    }

    private static Tensor<T> ReadData<T>(Stream stream, Shape shape, string source) where T : unmanaged, INumber<T>
    {
        var tensor = new Tensor<T>(shape);
        var bytes = MemoryMarshal.AsBytes(tensor.AsSpan());
        int got = ReadFully(stream, bytes);
        if (got < bytes.Length)
            throw new NpyFormatException($"npy: '{source}' is truncated: shape {shape} of {DTypes.Of<T>().Name()} needs {bytes.Length} data bytes, found {got}");
        if (!BitConverter.IsLittleEndian)
        {
            int size = Marshal.SizeOf<T>();
            for (int i = 0; i < bytes.Length; i += size) bytes.Slice(i, size).Reverse();
        }
        return tensor;
    }

    private static NpyFormatException Truncated(string source, string part) =>
        new($"npy: '{source}' is truncated in the {part}");

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
