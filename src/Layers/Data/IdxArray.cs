using System.Buffers.Binary;
using System.Numerics;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Data;

/// <summary>
/// The content of an IDX file of any element type and rank: its shape from the header and its
/// payload (the raw big-endian elements, without the header). Produced by <see cref="IdxReader.Read"/>.
/// </summary>
public sealed class IdxArray
{
    internal IdxArray(string filePath, int magic, IdxElementType elementType, Shape shape, ReadOnlyMemory<byte> payload)
    {
        FilePath = filePath;
        Magic = magic;
        ElementType = elementType;
        Shape = shape;
        Payload = payload;
    }

    /// <summary>The file it was read from.</summary>
    public string FilePath { get; }

    /// <summary>The magic number (e.g. 2051 for MNIST images, 2049 for labels).</summary>
    public int Magic { get; }

    /// <summary>The element type from the header.</summary>
    public IdxElementType ElementType { get; }

    /// <summary>The dimensions from the header (first axis: item count).</summary>
    public Shape Shape { get; }

    /// <summary>The raw elements, big-endian, row-major.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Size in bytes of one element of <paramref name="type"/>.</summary>
    public static int ElementSize(IdxElementType type) => type switch
    {
        IdxElementType.UnsignedByte or IdxElementType.SignedByte => 1,
        IdxElementType.Int16 => 2,
        IdxElementType.Int32 or IdxElementType.Single => 4,
        IdxElementType.Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown IDX element type"),
    };

    /// <summary>The elements converted to float and multiplied by <paramref name="scale"/>
    /// (1/255 turns MNIST bytes into [0, 1]); the tensor has this array's <see cref="Shape"/>.</summary>
    public Tensor<float> ToFloat(float scale = 1f)
    {
        var result = new Tensor<float>(Shape);
        var dst = result.AsSpan();
        var src = Payload.Span;
        switch (ElementType)
        {
            case IdxElementType.UnsignedByte:
                if (scale == 1f / 255f)
                    BytesToUnitRange(src, dst);
                else
                    for (int i = 0; i < dst.Length; i++) dst[i] = src[i] * scale;
                break;
            case IdxElementType.SignedByte:
                for (int i = 0; i < dst.Length; i++) dst[i] = (sbyte)src[i] * scale;
                break;
            case IdxElementType.Int16:
                for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadInt16BigEndian(src[(2 * i)..]) * scale;
                break;
            case IdxElementType.Int32:
                for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadInt32BigEndian(src[(4 * i)..]) * scale;
                break;
            case IdxElementType.Single:
                for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadSingleBigEndian(src[(4 * i)..]) * scale;
                break;
            case IdxElementType.Double:
                for (int i = 0; i < dst.Length; i++) dst[i] = (float)(BinaryPrimitives.ReadDoubleBigEndian(src[(8 * i)..]) * scale);
                break;
        }
        return result;
    }

    /// <summary>dst[i] = src[i] / 255 with SIMD; IEEE division is exact in every lane, so the result is
    /// bit-identical to the scalar loop (and to b / 255f computed anywhere else).</summary>
    internal static void BytesToUnitRange(ReadOnlySpan<byte> src, Span<float> dst)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var divisor = new Vector<float>(255f);
            int bytesPerVector = Vector<byte>.Count, floatsPerVector = Vector<float>.Count;
            for (; i <= src.Length - bytesPerVector; i += bytesPerVector)
            {
                Vector.Widen(new Vector<byte>(src[i..]), out Vector<ushort> low, out Vector<ushort> high);
                Vector.Widen(low, out Vector<uint> q0, out Vector<uint> q1);
                Vector.Widen(high, out Vector<uint> q2, out Vector<uint> q3);
                (Vector.ConvertToSingle(q0) / divisor).CopyTo(dst[i..]);
                (Vector.ConvertToSingle(q1) / divisor).CopyTo(dst[(i + floatsPerVector)..]);
                (Vector.ConvertToSingle(q2) / divisor).CopyTo(dst[(i + 2 * floatsPerVector)..]);
                (Vector.ConvertToSingle(q3) / divisor).CopyTo(dst[(i + 3 * floatsPerVector)..]);
            }
        }
        for (; i < src.Length; i++) dst[i] = src[i] / 255f;
    }

    /// <summary>The elements as 32-bit integers (integer element types only).</summary>
    /// <exception cref="IdxFormatException">When the elements are floating point.</exception>
    public Tensor<int> ToInt32()
    {
        var result = new Tensor<int>(Shape);
        var dst = result.AsSpan();
        var src = Payload.Span;
        switch (ElementType)
        {
            case IdxElementType.UnsignedByte:
                for (int i = 0; i < dst.Length; i++) dst[i] = src[i];
                break;
            case IdxElementType.SignedByte:
                for (int i = 0; i < dst.Length; i++) dst[i] = (sbyte)src[i];
                break;
            case IdxElementType.Int16:
                for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadInt16BigEndian(src[(2 * i)..]);
                break;
            case IdxElementType.Int32:
                for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadInt32BigEndian(src[(4 * i)..]);
                break;
            default:
                throw new IdxFormatException(FilePath, $"holds {ElementType} elements, which cannot be read as integers");
        }
        return result;
    }
}
