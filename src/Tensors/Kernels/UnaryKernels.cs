using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using static NeuralCore.Tensors.SpanCast;

namespace NeuralCore.Tensors;

/// <summary>A unary elementwise operation on a contiguous span (destination may equal the source).</summary>
internal interface IUnaryOperator<T> where T : unmanaged, INumber<T>
{
    void Invoke(ReadOnlySpan<T> x, Span<T> d);
}

/// <summary>Runs unary operations over whole tensors, split across threads when large.</summary>
internal static class UnaryKernels
{
    public static Tensor<T> Run<T, TOp>(string operation, Tensor<T> x, TOp op, bool expensive = false)
        where T : unmanaged, INumber<T> where TOp : struct, IUnaryOperator<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = new Tensor<T>(x.Shape);
        Run(operation, x, result, op, expensive);
        return result;
    }

    // expensive: true for transcendental functions, which go parallel at smaller sizes.
    public static void Run<T, TOp>(string operation, Tensor<T> x, Tensor<T> result, TOp op, bool expensive = false)
        where T : unmanaged, INumber<T> where TOp : struct, IUnaryOperator<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Shape != x.Shape)
            throw new ShapeMismatchException(operation, $"result shape {result.Shape} differs from input shape {x.Shape}", x.Shape, result.Shape);
        if (x.Length == 0) return; // some TensorPrimitives functions reject empty spans
        x = Aliasing.Detach(x, result);
        int chunks = BinaryKernels.ElementwiseChunks(x.Length, expensive);
        bool blocked = x.Length > ElementwiseBlocking.BlockElements && ElementwiseBlocking.KeepsInCache(ElementwiseBlocking.BytesTouched(result, x));
        if (chunks == 1 && !blocked)
        {
            op.Invoke(x.AsReadOnlySpan(), result.AsSpan());
            return;
        }
        var work = new Work<T, TOp>(x, result, op, chunks, blocked);
        if (chunks == 1) work.Run(0);
        else ParallelChunks.Run(work, chunks);
    }

    private readonly struct Work<T, TOp>(Tensor<T> x, Tensor<T> d, TOp op, int chunks, bool blocked) : IChunkWork
        where T : unmanaged, INumber<T> where TOp : struct, IUnaryOperator<T>
    {
        private readonly T[] _x = x.Array, _d = d.Array;
        private readonly int _ox = x.Offset, _od = d.Offset, _size = d.Length;

        public void Run(int chunk)
        {
            int start = (int)((long)_size * chunk / chunks), end = (int)((long)_size * (chunk + 1) / chunks);
            // Cache-resident data: calls below the non-temporal-store threshold (see ElementwiseBlocking).
            int step = blocked ? ElementwiseBlocking.BlockElements : end - start;
            for (int i = start; i < end; i += step)
            {
                int length = Math.Min(step, end - i);
                op.Invoke(new ReadOnlySpan<T>(_x, _ox + i, length), new Span<T>(_d, _od + i, length));
            }
        }
    }
}

/// <summary>Adapts a SIMD unary function to <see cref="IUnaryOperator{T}"/>.</summary>
internal readonly struct VectorUnaryOperator<T, TV>(TV op) : IUnaryOperator<T>
    where T : unmanaged, INumber<T> where TV : struct, IVectorUnary<T>
{
    public void Invoke(ReadOnlySpan<T> x, Span<T> d) => VectorLoops.Unary(x, d, op);
}

/// <summary>Which TensorPrimitives function a <see cref="PrimitiveUnaryOperator{T}"/> applies.</summary>
internal enum PrimitiveUnary
{
    Negate,
    Exp,
    Log,
    Sqrt,
    Abs,
    Square,
    Tanh,
    Sigmoid,
}

/// <summary>The unary functions TensorPrimitives provides (float exp, tanh and sigmoid use the faster
/// <see cref="FloatMath"/> versions). The switch on a field is one predictable branch per span.</summary>
internal readonly struct PrimitiveUnaryOperator<T>(PrimitiveUnary function) : IUnaryOperator<T> where T : unmanaged, INumber<T>
{
    public void Invoke(ReadOnlySpan<T> x, Span<T> d)
    {
        switch (function)
        {
            case PrimitiveUnary.Negate: TensorPrimitives.Negate(x, d); return;
            case PrimitiveUnary.Abs: TensorPrimitives.Abs(x, d); return;
            case PrimitiveUnary.Square: TensorPrimitives.Multiply(x, x, d); return;
        }
        if (typeof(T) == typeof(float))
        {
            ReadOnlySpan<float> fx = F(x);
            Span<float> fd = F(d);
            switch (function)
            {
                case PrimitiveUnary.Exp: FloatMath.Exp(fx, fd); return;
                case PrimitiveUnary.Log: TensorPrimitives.Log(fx, fd); return;
                case PrimitiveUnary.Sqrt: TensorPrimitives.Sqrt(fx, fd); return;
                case PrimitiveUnary.Tanh: FloatMath.Tanh(fx, fd); return;
                case PrimitiveUnary.Sigmoid: FloatMath.Sigmoid(fx, fd); return;
            }
        }
        else if (typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> dx = D(x);
            Span<double> dd = D(d);
            switch (function)
            {
                case PrimitiveUnary.Exp: TensorPrimitives.Exp(dx, dd); return;
                case PrimitiveUnary.Log: TensorPrimitives.Log(dx, dd); return;
                case PrimitiveUnary.Sqrt: TensorPrimitives.Sqrt(dx, dd); return;
                case PrimitiveUnary.Tanh: TensorPrimitives.Tanh(dx, dd); return;
                case PrimitiveUnary.Sigmoid: TensorPrimitives.Sigmoid(dx, dd); return;
            }
        }
        throw VectorMath.FloatOnly<T>();
    }
}

/// <summary>x · factor + offset (Scale, AddScalar and their combination).</summary>
internal readonly struct AffineOperator<T>(T factor, T offset) : IUnaryOperator<T> where T : unmanaged, INumber<T>
{
    public void Invoke(ReadOnlySpan<T> x, Span<T> d)
    {
        if (offset == T.Zero) TensorPrimitives.Multiply(x, factor, d);
        else if (factor == T.One) TensorPrimitives.Add(x, offset, d);
        else
        {
            TensorPrimitives.Multiply(x, factor, d);
            TensorPrimitives.Add(d, offset, d);
        }
    }
}

/// <summary>Clamps to [min, max].</summary>
internal readonly struct ClipOperator<T>(T min, T max) : IUnaryOperator<T> where T : unmanaged, INumber<T>
{
    public void Invoke(ReadOnlySpan<T> x, Span<T> d) => TensorPrimitives.Clamp(x, min, max, d);
}

/// <summary>log(1 + x), accurate near 0 (TensorPrimitives.LogP1 computes log(x + 1) directly).</summary>
internal readonly struct Log1pFunction<T> : IVectorUnary<T> where T : unmanaged
{
    public Vector512<T> Invoke(Vector512<T> x) => VectorMath.Log1p(x);
    public Vector256<T> Invoke(Vector256<T> x) => VectorMath.Log1p(x);
}

/// <summary>softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^−|x|): never overflows, and stays accurate
/// for large negative x where it equals eˣ.</summary>
internal readonly struct SoftplusFunction<T> : IVectorUnary<T> where T : unmanaged
{
    public Vector512<T> Invoke(Vector512<T> x)
        => Vector512.Max(x, Vector512<T>.Zero) + VectorMath.Log1p(VectorMath.Exp(-Vector512.Abs(x)));
    public Vector256<T> Invoke(Vector256<T> x)
        => Vector256.Max(x, Vector256<T>.Zero) + VectorMath.Log1p(VectorMath.Exp(-Vector256.Abs(x)));
}

/// <summary>-1, 0 or +1 by sign; NaN stays NaN (as numpy.sign).</summary>
internal readonly struct SignFunction<T> : IVectorUnary<T> where T : unmanaged
{
    public Vector512<T> Invoke(Vector512<T> x)
    {
        var sign = (Vector512.GreaterThan(x, Vector512<T>.Zero) & Vector512<T>.One) - (Vector512.LessThan(x, Vector512<T>.Zero) & Vector512<T>.One);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), sign, x);
    }

    public Vector256<T> Invoke(Vector256<T> x)
    {
        var sign = (Vector256.GreaterThan(x, Vector256<T>.Zero) & Vector256<T>.One) - (Vector256.LessThan(x, Vector256<T>.Zero) & Vector256<T>.One);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), sign, x);
    }
}

/// <summary>Leaky rectifier: x where x &gt; 0, else alpha · x (alpha = 0 is the plain ReLU, which
/// maps −∞ to 0 rather than 0 · −∞ = NaN). NaN stays NaN.</summary>
internal readonly struct ReluFunction<T>(T alpha) : IVectorUnary<T> where T : unmanaged, INumber<T>
{
    private readonly bool _plain = alpha == T.Zero;

    public Vector512<T> Invoke(Vector512<T> x)
    {
        var negative = _plain ? Vector512<T>.Zero : x * Vector512.Create(alpha);
        return Vector512.ConditionalSelect(Vector512.LessThanOrEqual(x, Vector512<T>.Zero), negative, x);
    }

    public Vector256<T> Invoke(Vector256<T> x)
    {
        var negative = _plain ? Vector256<T>.Zero : x * Vector256.Create(alpha);
        return Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, Vector256<T>.Zero), negative, x);
    }
}

/// <summary>scale · (x where x &gt; 0, else alpha · expm1(x)): ELU with scale 1, SELU with its constants.</summary>
internal readonly struct EluFunction<T>(T alpha, T scale) : IVectorUnary<T> where T : unmanaged
{
    public Vector512<T> Invoke(Vector512<T> x)
    {
        // expm1 of min(x, 0): accurate near 0, and positive lanes (not selected) never overflow.
        var negative = Vector512.Create(alpha) * VectorMath.Expm1(Vector512.Min(x, Vector512<T>.Zero));
        return Vector512.Create(scale) * Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), x, negative);
    }

    public Vector256<T> Invoke(Vector256<T> x)
    {
        var negative = Vector256.Create(alpha) * VectorMath.Expm1(Vector256.Min(x, Vector256<T>.Zero));
        return Vector256.Create(scale) * Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), x, negative);
    }
}

/// <summary>value / x (scalarIsNumerator) or x / value, as true divisions.</summary>
internal readonly struct ScalarDivideOperator<T>(T value, bool scalarIsNumerator) : IUnaryOperator<T> where T : unmanaged, INumber<T>
{
    public void Invoke(ReadOnlySpan<T> x, Span<T> d)
    {
        if (scalarIsNumerator) TensorPrimitives.Divide(value, x, d);
        else TensorPrimitives.Divide(x, value, d);
    }
}
