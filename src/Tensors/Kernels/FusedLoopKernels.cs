using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace NeuralCore.Tensors;

/// <summary>
/// The block-level implementation of each <see cref="FusedOp"/> for <see cref="FusedLoop"/>. Every op
/// reads element i of its operands before writing element i of the destination, so the destination
/// may be exactly one of the operands (in-place). Ops that need more than one pass compute their
/// intermediate into <c>temp</c> first.
/// </summary>
internal static class FusedKernels
{
    private const double SeluAlpha = 1.6732632423543772848170429916717;
    private const double SeluScale = 1.0507009873554804934193349852946;

    public static void Execute<T>(in FusedInstruction ins, ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> d, Span<T> temp)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (ins.Op)
        {
            case FusedOp.Add: TensorPrimitives.Add(x, y, d); break;
            case FusedOp.Sub: TensorPrimitives.Subtract(x, y, d); break;
            case FusedOp.Mul: TensorPrimitives.Multiply(x, y, d); break;
            case FusedOp.Div: TensorPrimitives.Divide(x, y, d); break;
            case FusedOp.Pow: TensorPrimitives.Pow(x, y, d); break;
            case FusedOp.Maximum: TensorPrimitives.Max(x, y, d); break;
            case FusedOp.Minimum: TensorPrimitives.Min(x, y, d); break;
            case FusedOp.Neg: TensorPrimitives.Negate(x, d); break;
            case FusedOp.Exp: TensorPrimitives.Exp(x, d); break;
            case FusedOp.Log: TensorPrimitives.Log(x, d); break;
            case FusedOp.Log1p: TensorPrimitives.LogP1(x, d); break;
            case FusedOp.Sqrt: TensorPrimitives.Sqrt(x, d); break;
            case FusedOp.Abs: TensorPrimitives.Abs(x, d); break;
            case FusedOp.Square: TensorPrimitives.Multiply(x, x, d); break;
            case FusedOp.Tanh: TensorPrimitives.Tanh(x, d); break;
            case FusedOp.Sigmoid: TensorPrimitives.Sigmoid(x, d); break;
            case FusedOp.Sign: Map(x, d, new SignOp<T>()); break;
            case FusedOp.Relu: Map(x, d, new ReluOp<T>(T.CreateTruncating(ins.P0))); break;
            case FusedOp.Clip: Map(x, d, new ClipOp<T>(T.CreateTruncating(ins.P0), T.CreateTruncating(ins.P1))); break;
            case FusedOp.Elu:
                TensorPrimitives.Exp(x, temp);
                Map(x, temp, d, new EluOp<T>(T.CreateTruncating(ins.P0), T.One));
                break;
            case FusedOp.Selu:
                TensorPrimitives.Exp(x, temp);
                Map(x, temp, d, new EluOp<T>(T.CreateTruncating(SeluAlpha * SeluScale), T.CreateTruncating(SeluScale)));
                break;
            case FusedOp.Softplus:
                // max(x, 0) + log1p(exp(-|x|)): never overflows, exact for large |x|.
                Map(x, temp, new NegAbsOp<T>());
                TensorPrimitives.Exp(temp, temp);
                TensorPrimitives.LogP1(temp, temp);
                Map(x, temp, d, new PositivePartPlusOp<T>());
                break;
            case FusedOp.Equal: Map(x, y, d, new CompareOp<T>(FusedOp.Equal)); break;
            case FusedOp.NotEqual: Map(x, y, d, new CompareOp<T>(FusedOp.NotEqual)); break;
            case FusedOp.Less: Map(x, y, d, new CompareOp<T>(FusedOp.Less)); break;
            case FusedOp.LessEqual: Map(x, y, d, new CompareOp<T>(FusedOp.LessEqual)); break;
            case FusedOp.Greater: Map(x, y, d, new CompareOp<T>(FusedOp.Greater)); break;
            case FusedOp.GreaterEqual: Map(x, y, d, new CompareOp<T>(FusedOp.GreaterEqual)); break;
            case FusedOp.Where: Map(x, y, z, d, new WhereOp<T>()); break;
            case FusedOp.Second: y.CopyTo(d); break;
            case FusedOp.SigmoidGrad: Map(x, y, d, new SigmoidGradOp<T>()); break;
            case FusedOp.TanhGrad: Map(x, y, d, new TanhGradOp<T>()); break;
            case FusedOp.ReluGrad: Map(x, y, d, new ReluGradOp<T>(T.CreateTruncating(ins.P0))); break;
            default: throw new NotSupportedException($"fused loop: op {ins.Op} is not implemented");
        }
    }

    // ---- generic SIMD maps (Vector<T>) with a scalar tail ----

    private interface IMap1<T> where T : unmanaged
    {
        Vector<T> Invoke(Vector<T> x);
        T Invoke(T x);
    }

    private interface IMap2<T> where T : unmanaged
    {
        Vector<T> Invoke(Vector<T> x, Vector<T> y);
        T Invoke(T x, T y);
    }

    private interface IMap3<T> where T : unmanaged
    {
        Vector<T> Invoke(Vector<T> x, Vector<T> y, Vector<T> z);
        T Invoke(T x, T y, T z);
    }

    private static void Map<T, TOp>(ReadOnlySpan<T> x, Span<T> d, TOp op) where T : unmanaged where TOp : struct, IMap1<T>
    {
        int i = 0, w = Vector<T>.Count;
        var vx = MemoryMarshal.Cast<T, Vector<T>>(x);
        var vd = MemoryMarshal.Cast<T, Vector<T>>(d);
        for (int v = 0; v < vx.Length && v < vd.Length; v++, i += w) vd[v] = op.Invoke(vx[v]);
        for (; i < d.Length; i++) d[i] = op.Invoke(x[i]);
    }

    private static void Map<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d, TOp op) where T : unmanaged where TOp : struct, IMap2<T>
    {
        int i = 0, w = Vector<T>.Count;
        var vx = MemoryMarshal.Cast<T, Vector<T>>(x);
        var vy = MemoryMarshal.Cast<T, Vector<T>>(y);
        var vd = MemoryMarshal.Cast<T, Vector<T>>(d);
        int count = Math.Min(vd.Length, Math.Min(vx.Length, vy.Length));
        for (int v = 0; v < count; v++, i += w) vd[v] = op.Invoke(vx[v], vy[v]);
        for (; i < d.Length; i++) d[i] = op.Invoke(x[i], y[i]);
    }

    private static void Map<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> d, TOp op) where T : unmanaged where TOp : struct, IMap3<T>
    {
        int i = 0, w = Vector<T>.Count;
        var vx = MemoryMarshal.Cast<T, Vector<T>>(x);
        var vy = MemoryMarshal.Cast<T, Vector<T>>(y);
        var vz = MemoryMarshal.Cast<T, Vector<T>>(z);
        var vd = MemoryMarshal.Cast<T, Vector<T>>(d);
        int count = Math.Min(Math.Min(vd.Length, vx.Length), Math.Min(vy.Length, vz.Length));
        for (int v = 0; v < count; v++, i += w) vd[v] = op.Invoke(vx[v], vy[v], vz[v]);
        for (; i < d.Length; i++) d[i] = op.Invoke(x[i], y[i], z[i]);
    }

    private readonly struct SignOp<T> : IMap1<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Vector<T> Invoke(Vector<T> x)
            => Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), Vector<T>.One,
                Vector.ConditionalSelect(Vector.LessThan(x, Vector<T>.Zero), -Vector<T>.One, x));
        public T Invoke(T x) => x > T.Zero ? T.One : x < T.Zero ? -T.One : x;
    }

    private readonly struct ReluOp<T>(T alpha) : IMap1<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Vector<T> Invoke(Vector<T> x) => Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), x, x * alpha);
        public T Invoke(T x) => x > T.Zero ? x : alpha * x;
    }

    private readonly struct ClipOp<T>(T min, T max) : IMap1<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Vector<T> Invoke(Vector<T> x)
            => Vector.ConditionalSelect(Vector.LessThan(x, new Vector<T>(min)), new Vector<T>(min),
                Vector.ConditionalSelect(Vector.GreaterThan(x, new Vector<T>(max)), new Vector<T>(max), x));
        public T Invoke(T x) => x < min ? min : x > max ? max : x;
    }

    private readonly struct NegAbsOp<T> : IMap1<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Vector<T> Invoke(Vector<T> x) => -Vector.Abs(x);
        public T Invoke(T x) => -T.Abs(x);
    }

    /// <summary>x &gt; 0 ? scale·x : alpha·(e - 1) where e = exp(x) (ELU, and SELU with alpha·scale).</summary>
    private readonly struct EluOp<T>(T alpha, T scale) : IMap2<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Vector<T> Invoke(Vector<T> x, Vector<T> e)
            => Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), x * scale, (e - Vector<T>.One) * alpha);
        public T Invoke(T x, T e) => x > T.Zero ? scale * x : alpha * (e - T.One);
    }

    private readonly struct PositivePartPlusOp<T> : IMap2<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Vector<T> Invoke(Vector<T> x, Vector<T> t) => Vector.Max(x, Vector<T>.Zero) + t;
        public T Invoke(T x, T t) => (x > T.Zero ? x : T.Zero) + t;
    }

    private readonly struct SigmoidGradOp<T> : IMap2<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Vector<T> Invoke(Vector<T> z, Vector<T> g) => g * z * (Vector<T>.One - z);
        public T Invoke(T z, T g) => g * z * (T.One - z);
    }

    private readonly struct TanhGradOp<T> : IMap2<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Vector<T> Invoke(Vector<T> z, Vector<T> g) => g * (Vector<T>.One - z * z);
        public T Invoke(T z, T g) => g * (T.One - z * z);
    }

    private readonly struct ReluGradOp<T>(T alpha) : IMap2<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Vector<T> Invoke(Vector<T> x, Vector<T> g) => Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), g, g * alpha);
        public T Invoke(T x, T g) => x > T.Zero ? g : alpha * g;
    }

    private readonly struct CompareOp<T>(FusedOp kind) : IMap2<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Vector<T> Invoke(Vector<T> x, Vector<T> y)
        {
            var mask = kind switch
            {
                FusedOp.Equal => Vector.Equals(x, y),
                FusedOp.NotEqual => ~Vector.Equals(x, y),
                FusedOp.Less => Vector.LessThan(x, y),
                FusedOp.LessEqual => Vector.LessThanOrEqual(x, y),
                FusedOp.Greater => Vector.GreaterThan(x, y),
                _ => Vector.GreaterThanOrEqual(x, y),
            };
            return Vector.ConditionalSelect(mask, Vector<T>.One, Vector<T>.Zero);
        }

        public T Invoke(T x, T y)
        {
            bool r = kind switch
            {
                FusedOp.Equal => x == y,
                FusedOp.NotEqual => x != y,
                FusedOp.Less => x < y,
                FusedOp.LessEqual => x <= y,
                FusedOp.Greater => x > y,
                _ => x >= y,
            };
            return r ? T.One : T.Zero;
        }
    }

    private readonly struct WhereOp<T> : IMap3<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Vector<T> Invoke(Vector<T> c, Vector<T> a, Vector<T> b) => Vector.ConditionalSelect(Vector.Equals(c, Vector<T>.Zero), b, a);
        public T Invoke(T c, T a, T b) => c != T.Zero ? a : b;
    }
}
