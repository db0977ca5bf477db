using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

/// <summary>
/// where(condition, a, b) with three-way broadcasting: a where the condition is nonzero, else b.
/// Runs where all three operands are contiguous use a SIMD select; other runs a plain loop.
/// </summary>
internal static class WhereKernel
{
    public static void Run<T>(Tensor<T> condition, Tensor<T> a, Tensor<T> b, Tensor<T> result) where T : unmanaged, INumber<T>
    {
        const string operation = "where";
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(result);
        var shape = Broadcasting.BroadcastShapes(operation, condition.Shape, a.Shape, b.Shape);
        BinaryKernels.CheckResult(operation, shape, result, condition.Shape, a.Shape, b.Shape);
        if (shape.Size == 0) return;
        condition = Aliasing.Detach(condition, result);
        a = Aliasing.Detach(a, result);
        b = Aliasing.Detach(b, result);
        var layout = BroadcastLayout.Create(operation, shape, condition.Shape, a.Shape, b.Shape, 3);
        int chunks = BinaryKernels.ElementwiseChunks(shape.Size);
        ParallelChunks.Run(new Work<T>(condition, a, b, result, layout, chunks), chunks);
    }

    // The chunk count is fixed at construction: chunk ranges must not change if MaxThreads does mid-call.
    private readonly struct Work<T>(Tensor<T> c, Tensor<T> a, Tensor<T> b, Tensor<T> d, BroadcastLayout layout, int chunks) : IChunkWork
        where T : unmanaged, INumber<T>
    {
        private readonly T[] _c = c.Array, _a = a.Array, _b = b.Array, _d = d.Array;
        private readonly int _oc = c.Offset, _oa = a.Offset, _ob = b.Offset, _od = d.Offset, _size = d.Length;
        private readonly BroadcastLayout _layout = layout;

        public void Run(int chunk)
        {
            int start = (int)((long)_size * chunk / chunks), end = (int)((long)_size * (chunk + 1) / chunks);
            int last = _layout.Rank - 1;
            var kernel = new RunKernel(this, _layout.StrideA[last], _layout.StrideB[last], _layout.StrideC[last]);
            BroadcastWalker.Walk(_layout, start, end, ref kernel);
        }

        // Layout operand A is the condition, B is a, C is b.
        private readonly struct RunKernel(Work<T> w, int strideCondition, int strideA, int strideB) : IRunKernel
        {
            public void Run(int offsetCondition, int offsetA, int offsetB, int outputOffset, int length)
            {
                var d = w._d.AsSpan(w._od + outputOffset, length);
                if (strideCondition == 0)
                {
                    // One condition for the whole run: copy or fill from the chosen operand.
                    bool pick = w._c[w._oc + offsetCondition] != T.Zero;
                    var (source, offset, stride) = pick ? (w._a, w._oa + offsetA, strideA) : (w._b, w._ob + offsetB, strideB);
                    if (stride == 0) d.Fill(source[offset]);
                    else source.AsSpan(offset, length).CopyTo(d);
                    return;
                }
                var cond = new ReadOnlySpan<T>(w._c, w._oc + offsetCondition, length);
                if (strideA != 0 && strideB != 0)
                {
                    Select(cond, new ReadOnlySpan<T>(w._a, w._oa + offsetA, length), new ReadOnlySpan<T>(w._b, w._ob + offsetB, length), d);
                    return;
                }
                for (int i = 0; i < length; i++)
                    d[i] = cond[i] != T.Zero ? w._a[w._oa + offsetA + i * strideA] : w._b[w._ob + offsetB + i * strideB];
            }
        }
    }

    private static void Select<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, INumber<T>
    {
        int n = d.Length, i = 0;
        ref T cr = ref MemoryMarshal.GetReference(c);
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T br = ref MemoryMarshal.GetReference(b);
        ref T dr = ref MemoryMarshal.GetReference(d);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var isFalse = Vector512.Equals(Vector512.LoadUnsafe(ref cr, (nuint)i), Vector512<T>.Zero);
                Vector512.ConditionalSelect(isFalse, Vector512.LoadUnsafe(ref br, (nuint)i), Vector512.LoadUnsafe(ref ar, (nuint)i))
                    .StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var isFalse = Vector256.Equals(Vector256.LoadUnsafe(ref cr, (nuint)i), Vector256<T>.Zero);
                Vector256.ConditionalSelect(isFalse, Vector256.LoadUnsafe(ref br, (nuint)i), Vector256.LoadUnsafe(ref ar, (nuint)i))
                    .StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < n; i++) d[i] = c[i] != T.Zero ? a[i] : b[i];
    }
}
