using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace NeuralCore.Tensors;

/// <summary>
/// Softmax and log-softmax along any axis, and their gradients. Both subtract the maximum along the
/// axis before exponentiating, so large inputs (1000 and more) neither overflow nor lose precision;
/// log-softmax is computed directly as x − max − log Σ e^(x − max), never as log(softmax).
/// Results may be written in place (result = an input). Float and double only.
/// </summary>
public static class SoftmaxKernels
{
    /// <summary>softmax(x) = e^x / Σ e^x along <paramref name="axis"/>, in a new tensor.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the axis does not exist.</exception>
    public static Tensor<T> Softmax<T>(Tensor<T> x, int axis) where T : unmanaged, INumber<T>
        => Allocate(x, x, axis, Mode.Softmax);

    /// <summary>result = softmax(x) along <paramref name="axis"/>; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from x's.</exception>
    public static void Softmax<T>(Tensor<T> x, int axis, Tensor<T> result) where T : unmanaged, INumber<T>
        => Run("softmax", x, x, axis, result, Mode.Softmax);

    /// <summary>log-softmax(x) = x − log Σ e^x along <paramref name="axis"/>, in a new tensor.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the axis does not exist.</exception>
    public static Tensor<T> LogSoftmax<T>(Tensor<T> x, int axis) where T : unmanaged, INumber<T>
        => Allocate(x, x, axis, Mode.LogSoftmax);

    /// <summary>result = log-softmax(x) along <paramref name="axis"/>; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape differs from x's.</exception>
    public static void LogSoftmax<T>(Tensor<T> x, int axis, Tensor<T> result) where T : unmanaged, INumber<T>
        => Run("log_softmax", x, x, axis, result, Mode.LogSoftmax);

    /// <summary>The gradient with respect to the softmax input, given the softmax output
    /// <paramref name="y"/> and the output gradient <paramref name="dy"/>: dx = y · (dy − Σ dy·y).</summary>
    /// <exception cref="ShapeMismatchException">When y and dy differ in shape.</exception>
    public static Tensor<T> SoftmaxBackward<T>(Tensor<T> y, Tensor<T> dy, int axis) where T : unmanaged, INumber<T>
        => Allocate(y, dy, axis, Mode.SoftmaxBackward);

    /// <summary>result = softmax gradient (see <see cref="SoftmaxBackward{T}(Tensor{T}, Tensor{T}, int)"/>); result may be y or dy.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes differ.</exception>
    public static void SoftmaxBackward<T>(Tensor<T> y, Tensor<T> dy, int axis, Tensor<T> result) where T : unmanaged, INumber<T>
        => Run("softmax_backward", y, dy, axis, result, Mode.SoftmaxBackward);

    /// <summary>The gradient with respect to the log-softmax input, given the log-softmax output
    /// <paramref name="y"/> and the output gradient <paramref name="dy"/>: dx = dy − e^y · Σ dy.</summary>
    /// <exception cref="ShapeMismatchException">When y and dy differ in shape.</exception>
    public static Tensor<T> LogSoftmaxBackward<T>(Tensor<T> y, Tensor<T> dy, int axis) where T : unmanaged, INumber<T>
        => Allocate(y, dy, axis, Mode.LogSoftmaxBackward);

    /// <summary>result = log-softmax gradient (see <see cref="LogSoftmaxBackward{T}(Tensor{T}, Tensor{T}, int)"/>); result may be y or dy.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes differ.</exception>
    public static void LogSoftmaxBackward<T>(Tensor<T> y, Tensor<T> dy, int axis, Tensor<T> result) where T : unmanaged, INumber<T>
        => Run("log_softmax_backward", y, dy, axis, result, Mode.LogSoftmaxBackward);

    private enum Mode
    {
        Softmax,
        LogSoftmax,
        SoftmaxBackward,
        LogSoftmaxBackward,
    }

    private static string Name(Mode mode) => mode switch
    {
        Mode.Softmax => "softmax",
        Mode.LogSoftmax => "log_softmax",
        Mode.SoftmaxBackward => "softmax_backward",
        _ => "log_softmax_backward",
    };

    private static Tensor<T> Allocate<T>(Tensor<T> a, Tensor<T> b, int axis, Mode mode) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = new Tensor<T>(a.Shape);
        Run(Name(mode), a, b, axis, result, mode);
        return result;
    }

    private static void Run<T>(string operation, Tensor<T> a, Tensor<T> b, int axis, Tensor<T> result, Mode mode) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(result);
        if (b.Shape != a.Shape)
            throw new ShapeMismatchException(operation, $"output {a.Shape} and gradient {b.Shape} shapes differ", a.Shape, b.Shape);
        if (result.Shape != a.Shape)
            throw new ShapeMismatchException(operation, $"result shape {result.Shape} differs from input shape {a.Shape}", a.Shape, result.Shape);
        int ax = ReductionPlan.CheckAxis(operation, a.Shape, axis);
        if (a.Length == 0) return;
        a = Aliasing.Detach(a, result);
        b = Aliasing.Detach(b, result);
        if (typeof(T) == typeof(float)) Typed((Tensor<float>)(object)a, (Tensor<float>)(object)b, ax, (Tensor<float>)(object)result, mode);
        else if (typeof(T) == typeof(double)) Typed((Tensor<double>)(object)a, (Tensor<double>)(object)b, ax, (Tensor<double>)(object)result, mode);
        else throw new NotSupportedException($"{operation}: element type {typeof(T).Name} is not supported; use float or double");
    }

    private static void Typed<T>(Tensor<T> a, Tensor<T> b, int axis, Tensor<T> result, Mode mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outer = a.Shape.SizeOf(0, axis), n = a.Shape.Dims[axis], inner = a.Shape.SizeOf(axis + 1, a.Rank);
        int chunks = Math.Min(outer, BinaryKernels.ElementwiseChunks(a.Length, expensive: true));
        var work = new Work<T>(a, b, result, mode, outer, n, inner, chunks);
        if (chunks == 1) work.Run(0);
        else ParallelChunks.Run(work, chunks);
    }

    private readonly struct Work<T>(Tensor<T> a, Tensor<T> b, Tensor<T> d, Mode mode, int outer, int n, int inner, int chunks) : IChunkWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _a = a.Array, _b = b.Array, _d = d.Array;
        private readonly int _oa = a.Offset, _ob = b.Offset, _od = d.Offset;

        public void Run(int chunk)
        {
            int start = (int)((long)outer * chunk / chunks), end = (int)((long)outer * (chunk + 1) / chunks);
            int block = n * inner;
            if (inner == 1 && n <= SmallRow)
            {
                // Short rows (class scores): whole-chunk vector passes instead of several tiny calls per row.
                int count = (end - start) * n;
                T[] temp = ArrayPool<T>.Shared.Rent(count);
                try
                {
                    SmallRows(new ReadOnlySpan<T>(_a, _oa + start * n, count), new ReadOnlySpan<T>(_b, _ob + start * n, count),
                        new Span<T>(_d, _od + start * n, count), temp.AsSpan(0, count), n, mode);
                }
                finally
                {
                    ArrayPool<T>.Shared.Return(temp);
                }
                return;
            }
            T[]? scratch = inner > 1 ? ArrayPool<T>.Shared.Rent(3 * inner) : null;
            try
            {
                for (int o = start; o < end; o++)
                {
                    var x = new ReadOnlySpan<T>(_a, _oa + o * block, block);
                    var g = new ReadOnlySpan<T>(_b, _ob + o * block, block);
                    var r = new Span<T>(_d, _od + o * block, block);
                    if (inner == 1) Row(x, g, r, mode);
                    else Columns(x, g, r, n, inner, scratch!, mode);
                }
            }
            finally
            {
                if (scratch is not null) ArrayPool<T>.Shared.Return(scratch);
            }
        }
    }

    private const int ExpBlock = 256;

    // eˣ over spans: the fast SIMD version for float, TensorPrimitives for double.
    private static void ExpSpan<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) FloatMath.Exp(SpanCast.F(x), SpanCast.F(d));
        else TensorPrimitives.Exp(x, d);
    }

    /// <summary>Rows up to this length take the <see cref="SmallRows{T}"/> path.</summary>
    private const int SmallRow = 32;

    // Many short contiguous rows: scalar loops per row for max and sums, one vectorized exp over the
    // whole block. `temp` has the block's length.
    private static void SmallRows<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> d, Span<T> temp, int n, Mode mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = x.Length / n;
        switch (mode)
        {
            case Mode.Softmax:
            case Mode.LogSoftmax:
            {
                for (int r = 0; r < rows; r++)
                {
                    var row = x.Slice(r * n, n);
                    T max = row[0];
                    for (int j = 1; j < n; j++) max = T.Max(max, row[j]);
                    for (int j = 0; j < n; j++) temp[r * n + j] = row[j] - max;
                }
                if (mode == Mode.Softmax)
                {
                    ExpSpan(temp, d);
                    for (int r = 0; r < rows; r++)
                    {
                        var row = d.Slice(r * n, n);
                        T sum = T.Zero;
                        for (int j = 0; j < n; j++) sum += row[j];
                        for (int j = 0; j < n; j++) row[j] /= sum;
                    }
                }
                else
                {
                    temp.CopyTo(d);
                    ExpSpan(temp, temp);
                    for (int r = 0; r < rows; r++)
                    {
                        T sum = T.Zero;
                        for (int j = 0; j < n; j++) sum += temp[r * n + j];
                        T logSum = T.Log(sum);
                        var row = d.Slice(r * n, n);
                        for (int j = 0; j < n; j++) row[j] -= logSum;
                    }
                }
                return;
            }
            case Mode.SoftmaxBackward:
            {
                for (int r = 0; r < rows; r++)
                {
                    var y = x.Slice(r * n, n);
                    var dy = g.Slice(r * n, n);
                    T dot = T.Zero;
                    for (int j = 0; j < n; j++) dot += dy[j] * y[j];
                    var dx = d.Slice(r * n, n);
                    for (int j = 0; j < n; j++) dx[j] = (dy[j] - dot) * y[j];
                }
                return;
            }
            default:
            {
                ExpSpan(x, temp);
                for (int r = 0; r < rows; r++)
                {
                    var dy = g.Slice(r * n, n);
                    T sum = T.Zero;
                    for (int j = 0; j < n; j++) sum += dy[j];
                    var dx = d.Slice(r * n, n);
                    for (int j = 0; j < n; j++) dx[j] = dy[j] - temp[r * n + j] * sum;
                }
                return;
            }
        }
    }

    // The axis is contiguous: one row of n values.
    private static void Row<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> d, Mode mode) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> tmp = stackalloc T[ExpBlock];
        switch (mode)
        {
            case Mode.Softmax:
            {
                T max = TensorPrimitives.Max(x);
                TensorPrimitives.Subtract(x, max, d);
                ExpSpan(d, d);
                TensorPrimitives.Divide(d, SumKernel.Sum<T>(d), d);
                return;
            }
            case Mode.LogSoftmax:
            {
                T max = TensorPrimitives.Max(x);
                TensorPrimitives.Subtract(x, max, d);
                T sum = T.Zero;
                for (int i = 0; i < d.Length; i += ExpBlock)
                {
                    int len = Math.Min(ExpBlock, d.Length - i);
                    ExpSpan(d.Slice(i, len), tmp[..len]);
                    sum += SumKernel.Sum<T>(tmp[..len]);
                }
                TensorPrimitives.Subtract(d, T.Log(sum), d);
                return;
            }
            case Mode.SoftmaxBackward:
            {
                // x is y (softmax output), g is dy: dx = (dy − Σ dy·y) · y.
                T dot = TensorPrimitives.Dot(g, x);
                TensorPrimitives.AddMultiply(g, -dot, x, d);
                return;
            }
            default:
            {
                // x is y (log-softmax output), g is dy: dx = dy − e^y · Σ dy.
                T negSum = -SumKernel.Sum(g);
                for (int i = 0; i < d.Length; i += ExpBlock)
                {
                    int len = Math.Min(ExpBlock, d.Length - i);
                    ExpSpan(x.Slice(i, len), tmp[..len]);
                    TensorPrimitives.MultiplyAdd(tmp[..len], negSum, g.Slice(i, len), d.Slice(i, len));
                }
                return;
            }
        }
    }

    // The axis has stride `inner`: n rows of `inner` columns, reduced down the rows with whole-row
    // vector operations.
    private static void Columns<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> d, int n, int inner, T[] scratch, Mode mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var acc = scratch.AsSpan(0, inner);
        var tmp = scratch.AsSpan(inner, inner);
        switch (mode)
        {
            case Mode.Softmax:
            case Mode.LogSoftmax:
            {
                var max = scratch.AsSpan(2 * inner, inner);
                x[..inner].CopyTo(max);
                for (int j = 1; j < n; j++) TensorPrimitives.Max(max, x.Slice(j * inner, inner), max);
                acc.Clear();
                for (int j = 0; j < n; j++)
                {
                    var row = d.Slice(j * inner, inner);
                    TensorPrimitives.Subtract(x.Slice(j * inner, inner), max, row);
                    if (mode == Mode.Softmax)
                    {
                        ExpSpan(row, row);
                        TensorPrimitives.Add(acc, row, acc);
                    }
                    else
                    {
                        ExpSpan(row, tmp);
                        TensorPrimitives.Add(acc, tmp, acc);
                    }
                }
                if (mode == Mode.Softmax)
                    for (int j = 0; j < n; j++) TensorPrimitives.Divide(d.Slice(j * inner, inner), acc, d.Slice(j * inner, inner));
                else
                {
                    TensorPrimitives.Log(acc, acc);
                    for (int j = 0; j < n; j++) TensorPrimitives.Subtract(d.Slice(j * inner, inner), acc, d.Slice(j * inner, inner));
                }
                return;
            }
            case Mode.SoftmaxBackward:
            {
                acc.Clear();
                for (int j = 0; j < n; j++) TensorPrimitives.MultiplyAdd(g.Slice(j * inner, inner), x.Slice(j * inner, inner), acc, acc);
                TensorPrimitives.Negate(acc, acc);
                for (int j = 0; j < n; j++)
                    TensorPrimitives.AddMultiply(g.Slice(j * inner, inner), acc, x.Slice(j * inner, inner), d.Slice(j * inner, inner));
                return;
            }
            default:
            {
                acc.Clear();
                for (int j = 0; j < n; j++) TensorPrimitives.Add(acc, g.Slice(j * inner, inner), acc);
                TensorPrimitives.Negate(acc, acc);
                for (int j = 0; j < n; j++)
                {
                    ExpSpan(x.Slice(j * inner, inner), tmp);
                    TensorPrimitives.MultiplyAdd(tmp, acc, g.Slice(j * inner, inner), d.Slice(j * inner, inner));
                }
                return;
            }
        }
    }
}
