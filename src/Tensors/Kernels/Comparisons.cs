using System.Numerics;
using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

/// <summary>Adapts a SIMD binary function to the run shapes of <see cref="BinaryKernels"/>.</summary>
internal readonly struct VectorBinaryOperator<T, TV>(TV op) : IBinaryOperator<T>
    where T : unmanaged, INumber<T> where TV : struct, IVectorBinary<T>
{
    public T Invoke(T x, T y) => VectorLoops.Binary(x, y, op);
    public void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => VectorLoops.Binary(x, y, d, op);
    public void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => VectorLoops.Binary(x, y, d, op);
    public void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => VectorLoops.Binary(x, y, d, op);
}

// Comparisons produce 1 (true) or 0 (false) in the operands' element type. A comparison involving
// NaN is false, except "not equal", which is true (IEEE semantics, as NumPy).

/// <summary>x == y → 1 else 0.</summary>
internal readonly struct EqualComparison<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
{
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.Equals(x, y) & Vector512<T>.One;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.Equals(x, y) & Vector256<T>.One;
}

/// <summary>x != y → 1 else 0.</summary>
internal readonly struct NotEqualComparison<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
{
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.AndNot(Vector512<T>.One, Vector512.Equals(x, y));
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.AndNot(Vector256<T>.One, Vector256.Equals(x, y));
}

/// <summary>x &lt; y → 1 else 0.</summary>
internal readonly struct LessComparison<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
{
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.LessThan(x, y) & Vector512<T>.One;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.LessThan(x, y) & Vector256<T>.One;
}

/// <summary>x &lt;= y → 1 else 0.</summary>
internal readonly struct LessEqualComparison<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
{
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.LessThanOrEqual(x, y) & Vector512<T>.One;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.LessThanOrEqual(x, y) & Vector256<T>.One;
}

/// <summary>x &gt; y → 1 else 0.</summary>
internal readonly struct GreaterComparison<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
{
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.GreaterThan(x, y) & Vector512<T>.One;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.GreaterThan(x, y) & Vector256<T>.One;
}

/// <summary>x &gt;= y → 1 else 0.</summary>
internal readonly struct GreaterEqualComparison<T> : IVectorBinary<T> where T : unmanaged, INumber<T>
{
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.GreaterThanOrEqual(x, y) & Vector512<T>.One;
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.GreaterThanOrEqual(x, y) & Vector256<T>.One;
}
