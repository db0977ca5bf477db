using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

/// <summary>A reduction (sum, max, min): how to reduce a contiguous run and how to merge partial results.</summary>
internal interface IReduction<T> where T : unmanaged, INumber<T>
{
    /// <summary>The value a reduction over nothing starts from.</summary>
    T Identity { get; }

    /// <summary>True when reducing an empty axis is an error (max, min have no identity).</summary>
    bool NeedsNonEmpty { get; }

    T Reduce(ReadOnlySpan<T> x);
    T Combine(T a, T b);

    /// <summary>accumulator = Combine(accumulator, x), elementwise.</summary>
    void Accumulate(ReadOnlySpan<T> x, Span<T> accumulator);
}

/// <summary>Starting values for max and min: −∞/+∞ for floats, the extreme values for integers.</summary>
internal static class ReductionIdentity
{
    public static T Lowest<T>() where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) return T.CreateTruncating(float.NegativeInfinity);
        if (typeof(T) == typeof(double)) return T.CreateTruncating(double.NegativeInfinity);
        if (typeof(T) == typeof(int)) return T.CreateTruncating(int.MinValue);
        throw new NotSupportedException($"element type {typeof(T).Name} is not supported");
    }

    public static T Highest<T>() where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) return T.CreateTruncating(float.PositiveInfinity);
        if (typeof(T) == typeof(double)) return T.CreateTruncating(double.PositiveInfinity);
        if (typeof(T) == typeof(int)) return T.CreateTruncating(int.MaxValue);
        throw new NotSupportedException($"element type {typeof(T).Name} is not supported");
    }
}

internal readonly struct SumReduction<T> : IReduction<T> where T : unmanaged, INumber<T>
{
    public T Identity => T.Zero;
    public bool NeedsNonEmpty => false;
    public T Reduce(ReadOnlySpan<T> x) => SumKernel.Sum(x);
    public T Combine(T a, T b) => a + b;
    public void Accumulate(ReadOnlySpan<T> x, Span<T> accumulator) => TensorPrimitives.Add(accumulator, x, accumulator);
}

internal readonly struct MaxReduction<T> : IReduction<T> where T : unmanaged, INumber<T>
{
    public T Identity => ReductionIdentity.Lowest<T>();
    public bool NeedsNonEmpty => true;
    public T Reduce(ReadOnlySpan<T> x) => TensorPrimitives.Max(x);
    public T Combine(T a, T b) => T.Max(a, b);
    public void Accumulate(ReadOnlySpan<T> x, Span<T> accumulator) => TensorPrimitives.Max(accumulator, x, accumulator);
}

internal readonly struct MinReduction<T> : IReduction<T> where T : unmanaged, INumber<T>
{
    public T Identity => ReductionIdentity.Highest<T>();
    public bool NeedsNonEmpty => true;
    public T Reduce(ReadOnlySpan<T> x) => TensorPrimitives.Min(x);
    public T Combine(T a, T b) => T.Min(a, b);
    public void Accumulate(ReadOnlySpan<T> x, Span<T> accumulator) => TensorPrimitives.Min(accumulator, x, accumulator);
}

/// <summary>Product of the elements (1 over an empty axis, as NumPy).</summary>
internal readonly struct ProdReduction<T> : IReduction<T> where T : unmanaged, INumber<T>
{
    public T Identity => T.One;
    public bool NeedsNonEmpty => false;
    public T Reduce(ReadOnlySpan<T> x) => x.IsEmpty ? T.One : TensorPrimitives.Product(x);
    public T Combine(T a, T b) => a * b;
    public void Accumulate(ReadOnlySpan<T> x, Span<T> accumulator) => TensorPrimitives.Multiply(accumulator, x, accumulator);
}

/// <summary>
/// Executes a reduction. The input's axes are collapsed into alternating groups of kept and reduced
/// axes (extent-1 axes dropped, neighbours with the same role merged), then:
/// <list type="bullet">
/// <item>leading kept group: its entries are independent sub-problems, split across threads;</item>
/// <item>leading reduced group: split into blocks of a fixed number of rows (set by the shape
/// alone), each block reduced into its own partial result, partials merged in block order.</item>
/// </list>
/// Within a block the innermost group is either reduced (one vectorized reduce per contiguous run —
/// e.g. row sums) or kept (contiguous runs accumulated into the output — e.g. column sums for bias
/// gradients). Nothing depends on the thread count, so results are identical for any MaxThreads.
/// </summary>
internal static class ReductionPlan
{
    /// <summary>Elements per block when splitting a leading reduced group (fixed, for determinism).</summary>
    private const int BlockElements = 1 << 15;

    public static void MarkAxes(string operation, Shape shape, ReadOnlySpan<int> axes, Span<bool> reduced)
    {
        reduced.Clear();
        if (axes.Length == 0)
        {
            reduced[..shape.Rank].Fill(true);
            return;
        }
        foreach (int axis in axes)
        {
            int a = CheckAxis(operation, shape, axis);
            if (reduced[a]) throw new ArgumentException($"{operation}: axis {axis} is repeated in the axes for shape {shape}", nameof(axes));
            reduced[a] = true;
        }
    }

    public static int CheckAxis(string operation, Shape shape, int axis)
    {
        int a = axis < 0 ? axis + shape.Rank : axis;
        if ((uint)a >= (uint)shape.Rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"{operation}: axis {axis} is out of range for shape {shape}");
        return a;
    }

    /// <summary>Reduces the axes flagged in <paramref name="reduced"/>; result.Length must be the product of the kept extents.</summary>
    public static void Run<T, TOp>(string operation, Tensor<T> x, ReadOnlySpan<bool> reduced, Tensor<T> result)
        where T : unmanaged, INumber<T> where TOp : struct, IReduction<T>
    {
        var op = default(TOp);
        int outSize = result.Length;
        if (outSize == 0) return;
        if (x.Length == 0)
        {
            if (op.NeedsNonEmpty) throw new ArgumentException($"{operation}: cannot reduce over an empty axis of shape {x.Shape}");
            result.Fill(op.Identity);
            return;
        }
        if (x.Rank > BroadcastLayout.MaxRank) throw new ArgumentException($"{operation}: shape {x.Shape} has more than {BroadcastLayout.MaxRank} axes");
        x = Aliasing.Detach(x, result);

        var plan = default(Plan);
        for (int i = 0; i < x.Rank; i++)
        {
            int e = x.Shape.Dims[i];
            if (e == 1) continue;
            if (plan.Groups > 0 && plan.IsReduced(plan.Groups - 1) == reduced[i]) plan.Extents[plan.Groups - 1] *= e;
            else plan.Add(e, reduced[i]);
        }
        if (!plan.AnyReduced)
        {
            // Only extent-1 axes are reduced: the values are unchanged.
            x.AsReadOnlySpan().CopyTo(result.AsSpan());
            return;
        }

        int first = plan.Extents[0];
        int inner = x.Length / first; // elements per entry of the leading group
        if (!plan.IsReduced(0))
        {
            int chunks = Math.Min(first, BinaryKernels.ElementwiseChunks(x.Length));
            ParallelChunks.Run(new KeptLeadWork<T, TOp>(x, result, plan, chunks), chunks);
            return;
        }

        int blockRows = Math.Max(1, BlockElements / inner);
        int blocks = (first + blockRows - 1) / blockRows;
        if (blocks == 1)
        {
            Sequential(x.AsReadOnlySpan(), plan, 0, first, result.AsSpan(), op);
            return;
        }
        var partials = ArrayPool<T>.Shared.Rent(blocks * outSize);
        try
        {
            var work = new ReducedLeadWork<T, TOp>(x, partials, plan, blockRows, outSize);
            if (x.Length < ParallelChunks.MinParallelCheapElements || Parallelism.MaxThreads == 1) for (int b = 0; b < blocks; b++) work.Run(b);
            else ParallelChunks.Run(work, blocks);
            var output = result.AsSpan();
            partials.AsSpan(0, outSize).CopyTo(output);
            for (int b = 1; b < blocks; b++) op.Accumulate(partials.AsSpan(b * outSize, outSize), output);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(partials);
        }
    }

    /// <summary>
    /// Reduces groups [g0, Groups) of a contiguous block into <paramref name="output"/> (initialised
    /// here), with group g0's extent replaced by <paramref name="firstExtent"/> (a row range).
    /// </summary>
    private static void Sequential<T, TOp>(ReadOnlySpan<T> x, in Plan plan, int g0, int firstExtent, Span<T> output, TOp op)
        where T : unmanaged, INumber<T> where TOp : struct, IReduction<T>
    {
        int last = plan.Groups - 1;
        int n = last == g0 ? firstExtent : plan.Extents[last];
        bool lastReduced = plan.IsReduced(last);
        // Output stride of each outer group: product of the kept extents after it (0 for reduced groups).
        Span<int> outStride = stackalloc int[BroadcastLayout.MaxRank];
        Span<int> extent = stackalloc int[BroadcastLayout.MaxRank];
        Span<int> index = stackalloc int[BroadcastLayout.MaxRank];
        int stride = lastReduced ? 1 : n;
        for (int g = last - 1; g >= g0; g--)
        {
            extent[g] = g == g0 ? firstExtent : plan.Extents[g];
            index[g] = 0;
            outStride[g] = plan.IsReduced(g) ? 0 : stride;
            if (!plan.IsReduced(g)) stride *= extent[g];
        }
        int runs = x.Length / n, o = 0;
        output.Fill(op.Identity);
        for (int p = 0; p < runs; p++)
        {
            var run = x.Slice(p * n, n);
            if (lastReduced) output[o] = op.Combine(output[o], op.Reduce(run));
            else op.Accumulate(run, output.Slice(o, n));
            // Step the odometer over the outer groups, moving the output offset with it.
            for (int g = last - 1; g >= g0; g--)
            {
                o += outStride[g];
                if (++index[g] < extent[g]) break;
                o -= outStride[g] * extent[g];
                index[g] = 0;
            }
        }
    }

    /// <summary>Collapsed groups: extents and which are reduced.</summary>
    internal struct Plan
    {
        public AxisBuffer Extents;
        public int Groups;
        private int _reducedMask;

        public readonly bool IsReduced(int group) => (_reducedMask & (1 << group)) != 0;
        public readonly bool AnyReduced => _reducedMask != 0;

        public void Add(int extent, bool reduced)
        {
            Extents[Groups] = extent;
            if (reduced) _reducedMask |= 1 << Groups;
            Groups++;
        }
    }

    private readonly struct KeptLeadWork<T, TOp>(Tensor<T> x, Tensor<T> result, Plan plan, int chunks) : IChunkWork
        where T : unmanaged, INumber<T> where TOp : struct, IReduction<T>
    {
        private readonly T[] _x = x.Array, _out = result.Array;
        private readonly int _ox = x.Offset, _oo = result.Offset, _rowIn = x.Length / plan.Extents[0], _rowOut = result.Length / plan.Extents[0];

        public void Run(int chunk)
        {
            int rows = plan.Extents[0];
            int start = (int)((long)rows * chunk / chunks), end = (int)((long)rows * (chunk + 1) / chunks);
            for (int r = start; r < end; r++)
                Sequential(new ReadOnlySpan<T>(_x, _ox + r * _rowIn, _rowIn), plan, 1, plan.Extents[1],
                    new Span<T>(_out, _oo + r * _rowOut, _rowOut), default(TOp));
        }
    }

    private readonly struct ReducedLeadWork<T, TOp>(Tensor<T> x, T[] partials, Plan plan, int blockRows, int outSize) : IChunkWork
        where T : unmanaged, INumber<T> where TOp : struct, IReduction<T>
    {
        private readonly T[] _x = x.Array;
        private readonly int _ox = x.Offset, _rowIn = x.Length / plan.Extents[0];

        public void Run(int block)
        {
            int start = block * blockRows, rows = Math.Min(blockRows, plan.Extents[0] - start);
            Sequential(new ReadOnlySpan<T>(_x, _ox + start * _rowIn, rows * _rowIn), plan, 0, rows,
                partials.AsSpan(block * outSize, outSize), default(TOp));
        }
    }
}

/// <summary>Deterministic SIMD sums: the order of additions depends only on the length, never on
/// the alignment of the data or on threads. Float sums accumulate blocks in double for accuracy.</summary>
internal static class SumKernel
{
    private const int FloatBlock = 4096;

    public static T Sum<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float))
        {
            var f = MemoryMarshal.Cast<T, float>(x);
            double total = 0;
            for (int start = 0; start < f.Length; start += FloatBlock)
                total += BlockSum(f.Slice(start, Math.Min(FloatBlock, f.Length - start)));
            return T.CreateTruncating((float)total);
        }
        if (typeof(T) == typeof(double)) return T.CreateTruncating(BlockSum(MemoryMarshal.Cast<T, double>(x)));
        return TensorPrimitives.Sum(x);
    }

    // Four independent vector accumulators, then a fixed horizontal order, then the scalar tail.
    private static T BlockSum<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>
    {
        int n = x.Length, i = 0;
        ref T r = ref MemoryMarshal.GetReference(x);
        T total = T.Zero;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            int w = Vector512<T>.Count;
            Vector512<T> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 4 * w; i += 4 * w)
            {
                a0 += Vector512.LoadUnsafe(ref r, (nuint)i);
                a1 += Vector512.LoadUnsafe(ref r, (nuint)(i + w));
                a2 += Vector512.LoadUnsafe(ref r, (nuint)(i + 2 * w));
                a3 += Vector512.LoadUnsafe(ref r, (nuint)(i + 3 * w));
            }
            for (; i <= n - w; i += w) a0 += Vector512.LoadUnsafe(ref r, (nuint)i);
            total = Vector512.Sum((a0 + a1) + (a2 + a3));
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            int w = Vector256<T>.Count;
            Vector256<T> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 4 * w; i += 4 * w)
            {
                a0 += Vector256.LoadUnsafe(ref r, (nuint)i);
                a1 += Vector256.LoadUnsafe(ref r, (nuint)(i + w));
                a2 += Vector256.LoadUnsafe(ref r, (nuint)(i + 2 * w));
                a3 += Vector256.LoadUnsafe(ref r, (nuint)(i + 3 * w));
            }
            for (; i <= n - w; i += w) a0 += Vector256.LoadUnsafe(ref r, (nuint)i);
            total = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        for (; i < n; i++) total += x[i];
        return total;
    }
}
