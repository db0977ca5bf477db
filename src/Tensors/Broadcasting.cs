using System.Runtime.CompilerServices;
using System.Text;

namespace NeuralCore.Tensors;

/// <summary>
/// NumPy broadcasting of shapes: shapes are aligned at their last axis, and two extents fit when
/// they are equal or one of them is 1 (a missing leading axis counts as 1). The result takes the
/// larger extent on every axis.
/// </summary>
public static class Broadcasting
{
    /// <summary>The broadcast shape of <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <param name="operation">Name of the operation, used in the error message (e.g. "add").</param>
    /// <param name="a">First operand's shape.</param>
    /// <param name="b">Second operand's shape.</param>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together, e.g.
    /// "add: shapes (2, 3) and (4,) cannot be broadcast together".</exception>
    public static Shape BroadcastShapes(string operation, Shape a, Shape b)
    {
        if (a == b) return a;
        // One operand already has the result shape (bias rows, scalars): return it without allocating a new Shape.
        if (CanBroadcastTo(b, a)) return a;
        if (CanBroadcastTo(a, b)) return b;
        if (!TryBroadcast(a, b, out var result))
            throw new ShapeMismatchException(operation, $"shapes {a} and {b} cannot be broadcast together", a, b);
        return result;
    }

    /// <summary>The broadcast shape of three shapes (as used by <see cref="Elementwise.Where{T}(Tensor{T}, Tensor{T}, Tensor{T})"/>).</summary>
    /// <exception cref="ShapeMismatchException">When the shapes cannot be broadcast together; the message names all three.</exception>
    public static Shape BroadcastShapes(string operation, Shape a, Shape b, Shape c)
    {
        if (!TryBroadcast(a, b, out var ab) || !TryBroadcast(ab, c, out var result))
            throw new ShapeMismatchException(operation, $"shapes {a}, {b} and {c} cannot be broadcast together", a, b, c);
        return result;
    }

    /// <summary>True when <paramref name="source"/> broadcasts to exactly <paramref name="target"/>
    /// (every aligned extent of the source is 1 or equal to the target's, and the source has no more axes).</summary>
    public static bool CanBroadcastTo(Shape source, Shape target)
    {
        if (source.Rank > target.Rank) return false;
        int shift = target.Rank - source.Rank;
        for (int i = 0; i < source.Rank; i++)
        {
            int s = source.Dims[i];
            if (s != 1 && s != target.Dims[i + shift]) return false;
        }
        return true;
    }

    /// <summary>Broadcasts two shapes; false when they are incompatible.</summary>
    public static bool TryBroadcast(Shape a, Shape b, out Shape result)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        Span<int> dims = rank <= 32 ? stackalloc int[rank] : new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = DimFromEnd(a, rank - 1 - i), db = DimFromEnd(b, rank - 1 - i);
            if (da == db || db == 1) dims[i] = da;
            else if (da == 1) dims[i] = db;
            else { result = default; return false; }
        }
        result = new Shape(dims);
        return true;
    }

    /// <summary>True when broadcasting <paramref name="a"/> and <paramref name="b"/> gives exactly
    /// <paramref name="result"/>; checks without allocating (the hot path of destination overloads).</summary>
    internal static bool BroadcastsTo(Shape a, Shape b, Shape result)
    {
        int rank = result.Rank;
        if (Math.Max(a.Rank, b.Rank) != rank) return false;
        for (int i = 0; i < rank; i++)
        {
            int da = DimFromEnd(a, rank - 1 - i), db = DimFromEnd(b, rank - 1 - i), r = result.Dims[i];
            int expected = da == db || db == 1 ? da : da == 1 ? db : -1;
            if (expected != r) return false;
        }
        return true;
    }

    // Extent of the axis that is fromEnd positions before the last one; missing axes count as 1.
    private static int DimFromEnd(Shape s, int fromEnd) => fromEnd < s.Rank ? s.Dims[s.Rank - 1 - fromEnd] : 1;
}

/// <summary>Fixed-capacity storage for per-axis integers, so broadcast layouts live on the stack.</summary>
[InlineArray(BroadcastLayout.MaxRank)]
internal struct AxisBuffer
{
    private int _element0;
}

/// <summary>
/// How up to three broadcast operands map onto a contiguous output: the output axes after dropping
/// size-1 axes and merging neighbours that are contiguous in every operand, with each operand's
/// stride per merged axis (0 where the operand is broadcast). The innermost axis then has stride 1
/// or 0 for every operand, so kernels work on contiguous runs or on a repeated scalar.
/// </summary>
internal struct BroadcastLayout
{
    /// <summary>Most output axes a broadcast operation supports.</summary>
    public const int MaxRank = 16;

    public AxisBuffer Dims;
    public AxisBuffer StrideA;
    public AxisBuffer StrideB;
    public AxisBuffer StrideC;
    public int Rank;

    /// <summary>Builds the layout of operands a, b (and c, when <paramref name="operands"/> is 3) against <paramref name="output"/>.</summary>
    public static BroadcastLayout Create(string operation, Shape output, Shape a, Shape b, Shape c, int operands)
    {
        if (output.Rank > MaxRank)
            throw new ArgumentException($"{operation}: shape {output} has more than {MaxRank} axes");
        var layout = default(BroadcastLayout);
        int rank = 0;
        for (int axis = 0; axis < output.Rank; axis++)
        {
            int extent = output.Dims[axis];
            if (extent == 1) continue;
            int sa = OperandStride(a, output.Rank, axis);
            int sb = OperandStride(b, output.Rank, axis);
            int sc = operands == 3 ? OperandStride(c, output.Rank, axis) : 0;
            if (rank > 0 && layout.StrideA[rank - 1] == sa * extent && layout.StrideB[rank - 1] == sb * extent
                && layout.StrideC[rank - 1] == sc * extent)
            {
                // Contiguous with the previous axis in every operand: merge.
                layout.Dims[rank - 1] *= extent;
                layout.StrideA[rank - 1] = sa;
                layout.StrideB[rank - 1] = sb;
                layout.StrideC[rank - 1] = sc;
                continue;
            }
            layout.Dims[rank] = extent;
            layout.StrideA[rank] = sa;
            layout.StrideB[rank] = sb;
            layout.StrideC[rank] = sc;
            rank++;
        }
        if (rank == 0)
        {
            // A one-element output: a single run of length 1 reading element 0 of every operand.
            layout.Dims[0] = 1;
            rank = 1;
        }
        layout.Rank = rank;
        return layout;
    }

    // Stride of the operand along output axis `axis` (0 when broadcast along it).
    private static int OperandStride(Shape operand, int outputRank, int axis)
    {
        int j = axis - (outputRank - operand.Rank);
        if (j < 0 || operand.Dims[j] == 1) return 0;
        int stride = 1;
        for (int k = j + 1; k < operand.Rank; k++) stride *= operand.Dims[k];
        return stride;
    }
}

/// <summary>Processes the contiguous runs of a broadcast output range.</summary>
internal interface IRunKernel
{
    /// <summary>Handles <paramref name="length"/> outputs starting at <paramref name="outputOffset"/>;
    /// operand k starts at its offset and advances by its innermost stride (0 or 1).</summary>
    void Run(int offsetA, int offsetB, int offsetC, int outputOffset, int length);
}

/// <summary>Walks a broadcast layout over a range of flat output indices, run by run.</summary>
internal static class BroadcastWalker
{
    /// <summary>Calls <paramref name="kernel"/> for every run intersecting [start, end).</summary>
    public static void Walk<TKernel>(in BroadcastLayout layout, int start, int end, ref TKernel kernel)
        where TKernel : struct, IRunKernel
    {
        if (start >= end) return;
        int rank = layout.Rank;
        int inner = layout.Dims[rank - 1];
        int innerA = layout.StrideA[rank - 1], innerB = layout.StrideB[rank - 1], innerC = layout.StrideC[rank - 1];
        Span<int> index = stackalloc int[BroadcastLayout.MaxRank];
        int outer = start / inner, innerPos = start % inner;
        int baseA = 0, baseB = 0, baseC = 0;
        for (int k = rank - 2; k >= 0; k--)
        {
            int d = layout.Dims[k];
            index[k] = outer % d;
            outer /= d;
            baseA += index[k] * layout.StrideA[k];
            baseB += index[k] * layout.StrideB[k];
            baseC += index[k] * layout.StrideC[k];
        }
        int pos = start;
        while (true)
        {
            int length = Math.Min(inner - innerPos, end - pos);
            kernel.Run(baseA + innerPos * innerA, baseB + innerPos * innerB, baseC + innerPos * innerC, pos, length);
            pos += length;
            if (pos >= end) return;
            innerPos = 0;
            for (int k = rank - 2; k >= 0; k--)
            {
                baseA += layout.StrideA[k];
                baseB += layout.StrideB[k];
                baseC += layout.StrideC[k];
                if (++index[k] < layout.Dims[k]) break;
                int d = layout.Dims[k];
                baseA -= layout.StrideA[k] * d;
                baseB -= layout.StrideB[k] * d;
                baseC -= layout.StrideC[k] * d;
                index[k] = 0;
            }
        }
    }
}
