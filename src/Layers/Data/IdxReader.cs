using System.Buffers.Binary;
using System.IO.Compression;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Data;

/// <summary>
/// Reads IDX files (the MNIST format), gzipped or plain: a big-endian int32 magic number (two zero
/// bytes, an element type code, the number of dimensions), one big-endian int32 per dimension,
/// then the elements. Gzip is recognised by its signature, not by the file name. Every problem
/// raises an <see cref="IdxFormatException"/> naming the file; a checksum that does not match
/// raises a <see cref="ChecksumMismatchException"/>.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of MNIST image files: unsigned bytes, 3 dimensions (0x00000803).</summary>
    public const int ImagesMagic = 2051;

    /// <summary>Magic number of MNIST label files: unsigned bytes, 1 dimension (0x00000801).</summary>
    public const int LabelsMagic = 2049;

    /// <summary>The file's content, decompressed when it is gzipped.</summary>
    /// <exception cref="IdxFormatException">When the gzip data is corrupt.</exception>
    /// <exception cref="FileNotFoundException">When the file does not exist.</exception>
    public static ReadOnlyMemory<byte> ReadContent(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> signature = stackalloc byte[2];
        int got = file.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (got < 2 || signature[0] != 0x1f || signature[1] != 0x8b)
        {
            var plain = new byte[file.Length];
            file.ReadExactly(plain);
            return plain;
        }

        // The gzip trailer's ISIZE (uncompressed size mod 2^32) sizes the buffer in one go; it is only
        // a hint (multi-member or corrupt files may disagree), the IDX header decides what is valid.
        int capacity = 1 << 16;
        if (file.Length >= 18)
        {
            Span<byte> trailer = stackalloc byte[4];
            file.Position = file.Length - 4;
            file.ReadExactly(trailer);
            file.Position = 0;
            uint isize = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            if (isize > 0 && isize <= 1u << 30) capacity = (int)isize;
        }
        try
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            var buffer = new byte[capacity];
            int total = 0;
            Span<byte> probe = stackalloc byte[1];
            while (true)
            {
                if (total == buffer.Length)
                {
                    // Full: only grow when there really is more data.
                    if (gzip.Read(probe) == 0) break;
                    if (buffer.Length >= Array.MaxLength / 2)
                        throw new IdxFormatException(path, "uncompressed content is larger than 1 GiB, too large for an IDX data file");
                    Array.Resize(ref buffer, buffer.Length * 2);
                    buffer[total++] = probe[0];
                    continue;
                }
                int n = gzip.Read(buffer, total, buffer.Length - total);
                if (n == 0) break;
                total += n;
            }
            return new ReadOnlyMemory<byte>(buffer, 0, total);
        }
        catch (InvalidDataException ex)
        {
            throw new IdxFormatException(path, $"corrupt gzip data ({ex.Message})", ex);
        }
    }

    /// <summary>Reads an IDX file of any element type and rank. When <paramref name="expectedSha256"/>
    /// is given, the uncompressed content must have that SHA-256.</summary>
    /// <exception cref="IdxFormatException">When the file is not a valid IDX file or is truncated.</exception>
    /// <exception cref="ChecksumMismatchException">When the content does not match the expected sum.</exception>
    public static IdxArray Read(string path, string? expectedSha256 = null)
    {
        var content = ReadContent(path);
        var array = Parse(content, path);
        if (expectedSha256 is not null) Sha256Sums.Verify(path, content.Span, expectedSha256);
        return array;
    }

    /// <summary>Parses IDX content held in memory; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="IdxFormatException">When the content is not a valid IDX file or is truncated.</exception>
    public static IdxArray Parse(ReadOnlyMemory<byte> content, string sourceName)
    {
        var bytes = content.Span;
        if (bytes.Length < 4)
            throw new IdxFormatException(sourceName, $"{bytes.Length} bytes are too short for an IDX header (truncated or empty file)");
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (bytes[0] != 0 || bytes[1] != 0)
            throw new IdxFormatException(sourceName, $"wrong magic number 0x{magic:X8}: an IDX file starts with two zero bytes (is this an HTML page or a different format?)");
        var type = (IdxElementType)bytes[2];
        if (!Enum.IsDefined(type))
            throw new IdxFormatException(sourceName, $"wrong magic number 0x{magic:X8}: unknown IDX element type code 0x{bytes[2]:X2}");
        int rank = bytes[3];
        if (rank == 0)
            throw new IdxFormatException(sourceName, $"wrong magic number 0x{magic:X8}: an IDX file needs at least one dimension");
        int headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength)
            throw new IdxFormatException(sourceName, $"truncated header: {rank} dimensions need {headerLength} bytes but the file has {bytes.Length}");
        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + 4 * i)..]);
            if (dims[i] < 0)
                throw new IdxFormatException(sourceName, $"bad dimensions: dimension {i} is {dims[i]}");
            count *= dims[i];
            if (count > int.MaxValue)
                throw new IdxFormatException(sourceName, $"bad dimensions: {Shape.Format(dims.AsSpan(0, i + 1))} has more than {int.MaxValue} elements");
        }
        var shape = new Shape(dims);
        long expected = count * IdxArray.ElementSize(type);
        long actual = bytes.Length - headerLength;
        if (actual < expected)
            throw new IdxFormatException(sourceName, $"truncated data: the header announces shape {shape} ({expected:N0} bytes of data) but only {actual:N0} bytes follow (an incomplete download or a truncated gzip file)");
        if (actual > expected)
            throw new IdxFormatException(sourceName, $"{actual - expected:N0} unexpected bytes after the data of shape {shape} announced by the header");
        return new IdxArray(sourceName, magic, type, shape, content.Slice(headerLength));
    }

    /// <summary>Reads an MNIST-style image file (magic 2051: unsigned bytes, N x rows x cols) as floats
    /// scaled to [0, 1], shaped (N, 1, rows, cols) or (N, rows*cols).</summary>
    /// <exception cref="IdxFormatException">Wrong magic, truncated data or bad dimensions.</exception>
    /// <exception cref="ChecksumMismatchException">When the content does not match <paramref name="expectedSha256"/>.</exception>
    public static Tensor<float> ReadImages(string path, ImageLayout layout = ImageLayout.Image, string? expectedSha256 = null)
    {
        var array = ReadWithMagic(path, ImagesMagic, "images (unsigned bytes, 3 dimensions)", expectedSha256);
        int n = array.Shape[0], rows = array.Shape[1], cols = array.Shape[2];
        if (rows == 0 || cols == 0)
            throw new IdxFormatException(path, $"bad dimensions: images of {rows} x {cols} pixels");
        var images = array.ToFloat(1f / 255f);
        return layout == ImageLayout.Flat ? images.Reshape(n, rows * cols) : images.Reshape(n, 1, rows, cols);
    }

    /// <summary>Reads an MNIST-style label file (magic 2049: unsigned bytes, N) whose labels must lie in
    /// [0, <paramref name="numClasses"/>).</summary>
    /// <exception cref="IdxFormatException">Wrong magic, truncated data or a label out of range.</exception>
    /// <exception cref="ChecksumMismatchException">When the content does not match <paramref name="expectedSha256"/>.</exception>
    public static Tensor<int> ReadLabels(string path, int numClasses = 10, string? expectedSha256 = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        var array = ReadWithMagic(path, LabelsMagic, "labels (unsigned bytes, 1 dimension)", expectedSha256);
        var labels = array.ToInt32();
        var span = labels.AsReadOnlySpan();
        for (int i = 0; i < span.Length; i++)
            if ((uint)span[i] >= (uint)numClasses)
                throw new IdxFormatException(path, $"label {span[i]} of example {i} is out of range 0..{numClasses - 1}");
        return labels;
    }

    /// <summary>Reads an image file and its label file and checks that they hold the same number of examples.</summary>
    /// <exception cref="IdxFormatException">Any problem of either file, or counts that differ (names the label file).</exception>
    /// <exception cref="ChecksumMismatchException">When a content does not match its expected sum.</exception>
    public static (Tensor<float> Images, Tensor<int> Labels) ReadLabeledImages(
        string imagesPath, string labelsPath, ImageLayout layout = ImageLayout.Image, int numClasses = 10,
        string? imagesSha256 = null, string? labelsSha256 = null)
    {
        // Labels first: they are small, so a mismatch is reported before decoding 47 MB of images.
        var labels = ReadLabels(labelsPath, numClasses, labelsSha256);
        var images = ReadImages(imagesPath, layout, imagesSha256);
        if (images.Shape[0] != labels.Shape[0])
            throw new IdxFormatException(labelsPath, $"holds {labels.Shape[0]} labels but {imagesPath} holds {images.Shape[0]} images");
        return (images, labels);
    }

    private static IdxArray ReadWithMagic(string path, int magic, string what, string? expectedSha256)
    {
        var content = ReadContent(path);
        if (content.Length >= 4)
        {
            int found = BinaryPrimitives.ReadInt32BigEndian(content.Span);
            if (found != magic)
            {
                string hint = found == ImagesMagic ? " (an image file)" : found == LabelsMagic ? " (a label file)" : "";
                throw new IdxFormatException(path, $"wrong magic number {found} (0x{found:X8}){hint}: expected {magic} (0x{magic:X8}) for IDX {what}");
            }
        }
        var array = Parse(content, path);
        if (expectedSha256 is not null) Sha256Sums.Verify(path, content.Span, expectedSha256);
        return array;
    }
}
