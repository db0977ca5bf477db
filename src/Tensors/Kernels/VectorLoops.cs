using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

/// <summary>An elementwise function of one value, written once per SIMD width.</summary>
internal interface IVectorUnary<T> where T : unmanaged
{
    Vector512<T> Invoke(Vector512<T> x);
    Vector256<T> Invoke(Vector256<T> x);
}

/// <summary>An elementwise function of two values, written once per SIMD width.</summary>
internal interface IVectorBinary<T> where T : unmanaged
{
    Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
    Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);
}

/// <summary>
/// SIMD loops for the operations <see cref="System.Numerics.Tensors.TensorPrimitives"/> lacks. The
/// tail shorter than a vector is processed through a stack buffer with the same vector code, so every
/// element gets bit-identical results wherever it sits in a span. Destination may equal a source
/// (same start): each vector is loaded before it is stored.
/// </summary>
internal static class VectorLoops
{
    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> d, TOp op)
        where T : unmanaged where TOp : struct, IVectorUnary<T>
    {
        int n = x.Length, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(d);
        if (Vector512.IsHardwareAccelerated)
        {
            int w = Vector512<T>.Count;
            for (; i <= n - w; i += w)
                op.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            if (i < n)
            {
                Span<T> buffer = stackalloc T[Vector512<T>.Count];
                x[i..].CopyTo(buffer);
                op.Invoke(Vector512.Create<T>(buffer)).CopyTo(buffer);
                buffer[..(n - i)].CopyTo(d[i..]);
            }
        }
        else
        {
            int w = Vector256<T>.Count;
            for (; i <= n - w; i += w)
                op.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            if (i < n)
            {
                Span<T> buffer = stackalloc T[Vector256<T>.Count];
                x[i..].CopyTo(buffer);
                op.Invoke(Vector256.Create<T>(buffer)).CopyTo(buffer);
                buffer[..(n - i)].CopyTo(d[i..]);
            }
        }
    }

    /// <summary>The function of one value, computed with the vector code (for broadcast scalars).</summary>
    public static T Unary<T, TOp>(T x, TOp op) where T : unmanaged where TOp : struct, IVectorUnary<T>
        => Vector512.IsHardwareAccelerated ? op.Invoke(Vector512.Create(x)).ToScalar() : op.Invoke(Vector256.Create(x)).ToScalar();

    /// <summary>The function of two values, computed with the vector code (for broadcast scalars).</summary>
    public static T Binary<T, TOp>(T x, T y, TOp op) where T : unmanaged where TOp : struct, IVectorBinary<T>
        => Vector512.IsHardwareAccelerated
            ? op.Invoke(Vector512.Create(x), Vector512.Create(y)).ToScalar()
            : op.Invoke(Vector256.Create(x), Vector256.Create(y)).ToScalar();

    public static void Binary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d, TOp op)
        where T : unmanaged where TOp : struct, IVectorBinary<T>
    {
        int n = x.Length, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T dr = ref MemoryMarshal.GetReference(d);
        if (Vector512.IsHardwareAccelerated)
        {
            int w = Vector512<T>.Count;
            for (; i <= n - w; i += w)
                op.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            if (i < n)
            {
                Span<T> bx = stackalloc T[Vector512<T>.Count];
                Span<T> by = stackalloc T[Vector512<T>.Count];
                x[i..].CopyTo(bx);
                y[i..].CopyTo(by);
                op.Invoke(Vector512.Create<T>(bx), Vector512.Create<T>(by)).CopyTo(bx);
                bx[..(n - i)].CopyTo(d[i..]);
            }
        }
        else
        {
            int w = Vector256<T>.Count;
            for (; i <= n - w; i += w)
                op.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            if (i < n)
            {
                Span<T> bx = stackalloc T[Vector256<T>.Count];
                Span<T> by = stackalloc T[Vector256<T>.Count];
                x[i..].CopyTo(bx);
                y[i..].CopyTo(by);
                op.Invoke(Vector256.Create<T>(bx), Vector256.Create<T>(by)).CopyTo(bx);
                bx[..(n - i)].CopyTo(d[i..]);
            }
        }
    }

    public static void Binary<T, TOp>(ReadOnlySpan<T> x, T y, Span<T> d, TOp op)
        where T : unmanaged where TOp : struct, IVectorBinary<T>
        => Unary(x, d, new RightScalar<T, TOp>(y, op));

    public static void Binary<T, TOp>(T x, ReadOnlySpan<T> y, Span<T> d, TOp op)
        where T : unmanaged where TOp : struct, IVectorBinary<T>
        => Unary(y, d, new LeftScalar<T, TOp>(x, op));

    private readonly struct RightScalar<T, TOp>(T y, TOp op) : IVectorUnary<T>
        where T : unmanaged where TOp : struct, IVectorBinary<T>
    {
        public Vector512<T> Invoke(Vector512<T> x) => op.Invoke(x, Vector512.Create(y));
        public Vector256<T> Invoke(Vector256<T> x) => op.Invoke(x, Vector256.Create(y));
    }

    private readonly struct LeftScalar<T, TOp>(T x, TOp op) : IVectorUnary<T>
        where T : unmanaged where TOp : struct, IVectorBinary<T>
    {
        public Vector512<T> Invoke(Vector512<T> y) => op.Invoke(Vector512.Create(x), y);
        public Vector256<T> Invoke(Vector256<T> y) => op.Invoke(Vector256.Create(x), y);
    }
}

/// <summary>Vector transcendental functions for a generic element type that is float or double.</summary>
internal static class VectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp<T>(Vector512<T> v) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return FloatMath.Exp(v.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.Exp(v.AsDouble()).As<double, T>();
        throw FloatOnly<T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp<T>(Vector256<T> v) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return FloatMath.Exp(v.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.Exp(v.AsDouble()).As<double, T>();
        throw FloatOnly<T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log<T>(Vector512<T> v) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector512.Log(v.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.Log(v.AsDouble()).As<double, T>();
        throw FloatOnly<T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log<T>(Vector256<T> v) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector256.Log(v.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.Log(v.AsDouble()).As<double, T>();
        throw FloatOnly<T>();
    }

    /// <summary>log(1 + x), accurate for tiny x: with u = 1 + x rounded, log(u) · x / (u − 1)
    /// cancels the rounding error of u (Goldberg's trick); u == 1 means log1p(x) = x to working precision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log1p<T>(Vector512<T> x) where T : unmanaged
    {
        var u = x + Vector512<T>.One;
        var um1 = u - Vector512<T>.One;
        var exact = Log(u) * (x / um1);
        // Where u is +inf (x = +inf) x / (u - 1) is NaN; log(u) is the answer there.
        var result = Vector512.ConditionalSelect(Vector512.Equals(um1, x), Log(u), exact);
        return Vector512.ConditionalSelect(Vector512.Equals(u, Vector512<T>.One), x, result);
    }

    /// <summary>log(1 + x) accurate for tiny x (see the 512-bit overload).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log1p<T>(Vector256<T> x) where T : unmanaged
    {
        var u = x + Vector256<T>.One;
        var um1 = u - Vector256<T>.One;
        var exact = Log(u) * (x / um1);
        var result = Vector256.ConditionalSelect(Vector256.Equals(um1, x), Log(u), exact);
        return Vector256.ConditionalSelect(Vector256.Equals(u, Vector256<T>.One), x, result);
    }

    /// <summary>eˣ − 1, accurate near 0 (Kahan's trick: with u = eˣ rounded, (u − 1) · x / log(u)
    /// cancels the rounding error of u). Meant for x &lt;= 0 as in ELU; +∞ maps to NaN-free +∞ via the select.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Expm1<T>(Vector512<T> x) where T : unmanaged
    {
        var u = Exp(x);
        var um1 = u - Vector512<T>.One;
        var accurate = um1 * (x / Log(u));
        // u == 1: x is below the rounding of 1 (answer x); u − 1 == −1 or u = +inf: the plain difference is exact enough.
        var plain = Vector512.Equals(um1, -Vector512<T>.One) | Vector512.Equals(u, Vector512.Create(PositiveInfinity<T>()));
        var result = Vector512.ConditionalSelect(plain, um1, accurate);
        return Vector512.ConditionalSelect(Vector512.Equals(u, Vector512<T>.One), x, result);
    }

    /// <summary>eˣ − 1 accurate near 0 (see the 512-bit overload).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Expm1<T>(Vector256<T> x) where T : unmanaged
    {
        var u = Exp(x);
        var um1 = u - Vector256<T>.One;
        var accurate = um1 * (x / Log(u));
        var plain = Vector256.Equals(um1, -Vector256<T>.One) | Vector256.Equals(u, Vector256.Create(PositiveInfinity<T>()));
        var result = Vector256.ConditionalSelect(plain, um1, accurate);
        return Vector256.ConditionalSelect(Vector256.Equals(u, Vector256<T>.One), x, result);
    }

    private static T PositiveInfinity<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return SpanCast.To<T>(float.PositiveInfinity);
        if (typeof(T) == typeof(double)) return SpanCast.To<T>(double.PositiveInfinity);
        throw FloatOnly<T>();
    }

    public static NotSupportedException FloatOnly<T>()
        => new($"element type {typeof(T).Name} is not supported by this operation; use float or double");
}

/// <summary>Reinterprets spans of a generic element type known to be float or double.</summary>
internal static class SpanCast
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<float> F<T>(ReadOnlySpan<T> s) where T : struct => MemoryMarshal.Cast<T, float>(s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<float> F<T>(Span<T> s) where T : struct => MemoryMarshal.Cast<T, float>(s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<double> D<T>(ReadOnlySpan<T> s) where T : struct => MemoryMarshal.Cast<T, double>(s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<double> D<T>(Span<T> s) where T : struct => MemoryMarshal.Cast<T, double>(s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F<T>(T v) where T : struct => Unsafe.As<T, float>(ref v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double D<T>(T v) where T : struct => Unsafe.As<T, double>(ref v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T To<T>(float v) where T : struct => Unsafe.As<float, T>(ref v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T To<T>(double v) where T : struct => Unsafe.As<double, T>(ref v);
}
