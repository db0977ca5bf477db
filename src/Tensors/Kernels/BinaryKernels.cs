using System.Numerics;
using System.Numerics.Tensors;
using static NeuralCore.Tensors.SpanCast;

namespace NeuralCore.Tensors;

/// <summary>A binary elementwise operation on contiguous runs: span ⊕ span, span ⊕ scalar and
/// scalar ⊕ span (the three shapes a broadcast run can take), plus the single-value case.</summary>
internal interface IBinaryOperator<T> where T : unmanaged, INumber<T>
{
    T Invoke(T x, T y);
    void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d);
    void Invoke(ReadOnlySpan<T> x, T y, Span<T> d);
    void Invoke(T x, ReadOnlySpan<T> y, Span<T> d);
}

/// <summary>
/// Runs binary operations with NumPy broadcasting: the output is split into contiguous runs (see
/// <see cref="BroadcastLayout"/>), and each run is one call of the operator's span overloads, so a
/// row-broadcast bias add is one vectorized call per row and a scalar operand uses the scalar overload.
/// Large outputs (see <see cref="ParallelChunks.MinParallelCheapElements"/>) are split across threads.
/// </summary>
internal static class BinaryKernels
{
    public static Tensor<T> Run<T, TOp>(string operation, Tensor<T> a, Tensor<T> b, TOp op, bool expensive = false)
        where T : unmanaged, INumber<T> where TOp : struct, IBinaryOperator<T>
    {
        var result = new Tensor<T>(Broadcasting.BroadcastShapes(operation, a.Shape, b.Shape));
        Run(operation, a, b, result, op, expensive);
        return result;
    }

    // expensive: true for compute-heavy operators (pow, exp-based gradients), which go parallel at
    // smaller sizes than memory-bound ones.
    public static void Run<T, TOp>(string operation, Tensor<T> a, Tensor<T> b, Tensor<T> result, TOp op, bool expensive = false)
        where T : unmanaged, INumber<T> where TOp : struct, IBinaryOperator<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(result);
        var shape = result.Shape;
        if (!Broadcasting.BroadcastsTo(a.Shape, b.Shape, shape))
        {
            // Slow path only for errors: name the incompatible inputs, or the wrong result shape.
            shape = Broadcasting.BroadcastShapes(operation, a.Shape, b.Shape);
            CheckResult(operation, shape, result, a.Shape, b.Shape);
        }
        int size = shape.Size;
        if (size == 0) return;
        a = Aliasing.Detach(a, result);
        b = Aliasing.Detach(b, result);
        int chunks = ElementwiseChunks(size, expensive);
        bool blocked = size > ElementwiseBlocking.BlockElements && ElementwiseBlocking.KeepsInCache(ElementwiseBlocking.BytesTouched(result, a, b));
        if (chunks == 1 && a.Shape.Size == size && b.Shape.Size == size)
        {
            // Same-size operands (the common case): flat span operations, no layout needed.
            ReadOnlySpan<T> x = a.AsReadOnlySpan(), y = b.AsReadOnlySpan();
            Span<T> d = result.AsSpan();
            int step = blocked ? ElementwiseBlocking.BlockElements : size;
            for (int i = 0; i < size; i += step)
            {
                int length = Math.Min(step, size - i);
                op.Invoke(x.Slice(i, length), y.Slice(i, length), d.Slice(i, length));
            }
            return;
        }
        var work = new Work<T, TOp>(a, b, result, BroadcastLayout.Create(operation, shape, a.Shape, b.Shape, default, 2), op, chunks, blocked);
        ParallelChunks.Run(work, chunks);
    }

    internal static void CheckResult<T>(string operation, Shape shape, Tensor<T> result, params ReadOnlySpan<Shape> inputs)
        where T : unmanaged, INumber<T>
    {
        if (result.Shape == shape) return;
        var shapes = new Shape[inputs.Length + 1];
        inputs.CopyTo(shapes);
        shapes[^1] = result.Shape;
        var names = new System.Text.StringBuilder();
        for (int i = 0; i < inputs.Length; i++) names.Append(i == 0 ? "" : " and ").Append(inputs[i].ToString());
        throw new ShapeMismatchException(operation, $"result shape {result.Shape} differs from the broadcast shape {shape} of {names}", shapes);
    }

    /// <summary>Number of chunks for an elementwise output of <paramref name="size"/> elements; 1 below
    /// the parallel threshold for compute-heavy (<paramref name="expensive"/>) or memory-bound work.</summary>
    internal static int ElementwiseChunks(int size, bool expensive = false)
    {
        int threshold = expensive ? ParallelChunks.MinParallelElements : ParallelChunks.MinParallelCheapElements;
        if (size < threshold || Parallelism.MaxThreads == 1) return 1;
        // A few chunks per thread balance the load when other processes share the cores.
        return Math.Min(ParallelChunks.ChunkCount(size, 1 << 14), 4 * Parallelism.MaxThreads);
    }

    private readonly struct Work<T, TOp> : IChunkWork
        where T : unmanaged, INumber<T> where TOp : struct, IBinaryOperator<T>
    {
        private readonly T[] _a, _b, _d;
        private readonly int _offsetA, _offsetB, _offsetD, _size;
        private readonly BroadcastLayout _layout;
        private readonly TOp _op;
        public readonly int Chunks;
        private readonly bool _blocked;

        public Work(Tensor<T> a, Tensor<T> b, Tensor<T> d, BroadcastLayout layout, TOp op, int chunks, bool blocked)
        {
            _blocked = blocked;
            (_a, _offsetA, _b, _offsetB, _d, _offsetD) = (a.Array, a.Offset, b.Array, b.Offset, d.Array, d.Offset);
            _size = d.Length;
            _layout = layout;
            _op = op;
            Chunks = chunks;
        }

        public void Run(int chunk)
        {
            int start = (int)((long)_size * chunk / Chunks), end = (int)((long)_size * (chunk + 1) / Chunks);
            var kernel = new RunKernel(this);
            if (!_blocked)
            {
                BroadcastWalker.Walk(_layout, start, end, ref kernel);
                return;
            }
            // Cache-resident data: calls below the non-temporal-store threshold (see ElementwiseBlocking).
            for (int block = start; block < end; block += ElementwiseBlocking.BlockElements)
                BroadcastWalker.Walk(_layout, block, Math.Min(end, block + ElementwiseBlocking.BlockElements), ref kernel);
        }

        private readonly struct RunKernel(Work<T, TOp> w) : IRunKernel
        {
            private readonly T[] _a = w._a, _b = w._b, _d = w._d;
            private readonly int _oa = w._offsetA, _ob = w._offsetB, _od = w._offsetD;
            private readonly bool _contiguousA = w._layout.StrideA[w._layout.Rank - 1] != 0;
            private readonly bool _contiguousB = w._layout.StrideB[w._layout.Rank - 1] != 0;
            private readonly TOp _op = w._op;

            public void Run(int offsetA, int offsetB, int offsetC, int outputOffset, int length)
            {
                var d = _d.AsSpan(_od + outputOffset, length);
                if (_contiguousA)
                {
                    var x = new ReadOnlySpan<T>(_a, _oa + offsetA, length);
                    if (_contiguousB) _op.Invoke(x, new ReadOnlySpan<T>(_b, _ob + offsetB, length), d);
                    else _op.Invoke(x, _b[_ob + offsetB], d);
                }
                else if (_contiguousB) _op.Invoke(_a[_oa + offsetA], new ReadOnlySpan<T>(_b, _ob + offsetB, length), d);
                else d.Fill(_op.Invoke(_a[_oa + offsetA], _b[_ob + offsetB]));
            }
        }
    }
}

/// <summary>Makes inputs safe to read while the result is written.</summary>
internal static class Aliasing
{
    /// <summary>The input itself when it does not overlap the result, or overlaps it exactly (an
    /// elementwise in-place update reads each element before writing it); otherwise a copy.</summary>
    public static Tensor<T> Detach<T>(Tensor<T> input, Tensor<T> result) where T : unmanaged, INumber<T>
    {
        if (!ReferenceEquals(input.Array, result.Array)) return input;
        if (input.Offset == result.Offset && input.Length == result.Length) return input;
        bool disjoint = input.Offset + input.Length <= result.Offset || result.Offset + result.Length <= input.Offset;
        return disjoint ? input : input.Clone();
    }
}

internal readonly struct AddOperator<T> : IBinaryOperator<T> where T : unmanaged, INumber<T>
{
    public T Invoke(T x, T y) => x + y;
    public void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Add(x, y, d);
    public void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Add(x, y, d);
    public void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Add(y, x, d);
}

internal readonly struct SubtractOperator<T> : IBinaryOperator<T> where T : unmanaged, INumber<T>
{
    public T Invoke(T x, T y) => x - y;
    public void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
    public void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
    public void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
}

internal readonly struct MultiplyOperator<T> : IBinaryOperator<T> where T : unmanaged, INumber<T>
{
    public T Invoke(T x, T y) => x * y;
    public void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Multiply(x, y, d);
    public void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Multiply(x, y, d);
    public void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Multiply(y, x, d);
}

internal readonly struct DivideOperator<T> : IBinaryOperator<T> where T : unmanaged, INumber<T>
{
    public T Invoke(T x, T y) => x / y;
    public void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Divide(x, y, d);
    public void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Divide(x, y, d);
    public void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Divide(x, y, d);
}

/// <summary>Elementwise maximum; NaN propagates (as numpy.maximum).</summary>
internal readonly struct MaximumOperator<T> : IBinaryOperator<T> where T : unmanaged, INumber<T>
{
    public T Invoke(T x, T y) => T.Max(x, y);
    public void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Max(x, y, d);
    public void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Max(x, y, d);
    public void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Max(y, x, d);
}

/// <summary>Elementwise minimum; NaN propagates (as numpy.minimum).</summary>
internal readonly struct MinimumOperator<T> : IBinaryOperator<T> where T : unmanaged, INumber<T>
{
    public T Invoke(T x, T y) => T.Min(x, y);
    public void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Min(x, y, d);
    public void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Min(x, y, d);
    public void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Min(y, x, d);
}

/// <summary>x raised to y: TensorPrimitives.Pow for float and double, Math.Pow per element for integers.</summary>
internal readonly struct PowOperator<T> : IBinaryOperator<T> where T : unmanaged, INumber<T>
{
    public T Invoke(T x, T y)
    {
        if (typeof(T) == typeof(float)) return To<T>(MathF.Pow(F(x), F(y)));
        return T.CreateTruncating(Math.Pow(double.CreateTruncating(x), double.CreateTruncating(y)));
    }

    public void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
    {
        if (typeof(T) == typeof(float)) TensorPrimitives.Pow(F(x), F(y), F(d));
        else if (typeof(T) == typeof(double)) TensorPrimitives.Pow(D(x), D(y), D(d));
        else for (int i = 0; i < d.Length; i++) d[i] = Invoke(x[i], y[i]);
    }

    public void Invoke(ReadOnlySpan<T> x, T y, Span<T> d)
    {
        if (typeof(T) == typeof(float)) TensorPrimitives.Pow(F(x), F(y), F(d));
        else if (typeof(T) == typeof(double)) TensorPrimitives.Pow(D(x), D(y), D(d));
        else for (int i = 0; i < d.Length; i++) d[i] = Invoke(x[i], y);
    }

    public void Invoke(T x, ReadOnlySpan<T> y, Span<T> d)
    {
        if (typeof(T) == typeof(float)) TensorPrimitives.Pow(F(x), F(y), F(d));
        else if (typeof(T) == typeof(double)) TensorPrimitives.Pow(D(x), D(y), D(d));
        else for (int i = 0; i < d.Length; i++) d[i] = Invoke(x, y[i]);
    }
}
