using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

/// <summary>
/// The register-level implementation of each <see cref="FusedOp"/> for <see cref="FusedLoop"/>: one call
/// applies an op to one group of <see cref="Vector512{T}"/> four-vector operands (64 floats or 32 doubles)
/// that sit in L1 (per-thread group rows) or are read straight from the inputs. All four vectors are loaded
/// before any is stored, so the destination may be one of the operands (in place). The op switch costs a
/// predictable indirect jump per step and group, small next to four vector operations, and, unlike a
/// block-sized pass per step (the original interpreter), intermediate values never leave L1.
/// </summary>
internal static class FusedGroupKernels
{
    /// <summary>Vectors per unrolled iteration: four independent chains give the out-of-order core parallel work.</summary>
    public const int Vectors = 4;

    /// <summary>Vectors per group: 16 (1 KB of floats per row, so a program's rows stay in L1) amortize the
    /// per-step dispatch (operand lookup, op switch) over 256 floats or 128 doubles.</summary>
    public const int GroupVectors = 16;

    /// <summary>Elements per group for element type <typeparamref name="T"/>.</summary>
    public static int GroupSize<T>() where T : unmanaged => GroupVectors * Vector512<T>.Count;

    /// <summary>d = op(a, b, c) over one group; b and c are ignored by ops that take fewer operands.</summary>
    public static void Execute<T, TStore>(in FusedInstruction ins, ref T a, ref T b, ref T c, ref T d)
        where T : unmanaged, IFloatingPointIeee754<T> where TStore : IGroupStore
    {
        switch (ins.Op)
        {
            case FusedOp.Add: Binary<T, AddOp<T>, TStore>(ref a, ref b, ref d, default(AddOp<T>)); break;
            case FusedOp.Sub: Binary<T, SubOp<T>, TStore>(ref a, ref b, ref d, default(SubOp<T>)); break;
            case FusedOp.Mul: Binary<T, MulOp<T>, TStore>(ref a, ref b, ref d, default(MulOp<T>)); break;
            case FusedOp.Div: Binary<T, DivOp<T>, TStore>(ref a, ref b, ref d, default(DivOp<T>)); break;
            case FusedOp.Pow: Pow(ref a, ref b, ref d); break;
            case FusedOp.Maximum: Binary<T, MaxOp<T>, TStore>(ref a, ref b, ref d, default(MaxOp<T>)); break;
            case FusedOp.Minimum: Binary<T, MinOp<T>, TStore>(ref a, ref b, ref d, default(MinOp<T>)); break;
            case FusedOp.Neg: Unary<T, NegOp<T>, TStore>(ref a, ref d, default(NegOp<T>)); break;
            case FusedOp.Exp: Unary<T, ExpOp<T>, TStore>(ref a, ref d, default(ExpOp<T>)); break;
            case FusedOp.Log: Unary<T, LogOp<T>, TStore>(ref a, ref d, default(LogOp<T>)); break;
            case FusedOp.Log1p: Unary<T, Log1pFunction<T>, TStore>(ref a, ref d, default(Log1pFunction<T>)); break;
            case FusedOp.Sqrt: Unary<T, SqrtOp<T>, TStore>(ref a, ref d, default(SqrtOp<T>)); break;
            case FusedOp.Abs: Unary<T, AbsOp<T>, TStore>(ref a, ref d, default(AbsOp<T>)); break;
            case FusedOp.Square: Unary<T, SquareOp<T>, TStore>(ref a, ref d, default(SquareOp<T>)); break;
            case FusedOp.Sign: Unary<T, SignFunction<T>, TStore>(ref a, ref d, default(SignFunction<T>)); break;
            case FusedOp.Tanh: Unary<T, TanhOp<T>, TStore>(ref a, ref d, default(TanhOp<T>)); break;
            case FusedOp.Sigmoid: Unary<T, SigmoidOp<T>, TStore>(ref a, ref d, default(SigmoidOp<T>)); break;
            case FusedOp.Softplus: Unary<T, SoftplusFunction<T>, TStore>(ref a, ref d, default(SoftplusFunction<T>)); break;
            case FusedOp.Relu: Unary<T, ReluFunction<T>, TStore>(ref a, ref d, new ReluFunction<T>(T.CreateTruncating(ins.P0))); break;
            case FusedOp.Elu: Unary<T, EluFunction<T>, TStore>(ref a, ref d, new EluFunction<T>(T.CreateTruncating(ins.P0), T.One)); break;
            case FusedOp.Selu:
                Unary<T, EluFunction<T>, TStore>(ref a, ref d, new EluFunction<T>(T.CreateTruncating(Elementwise.SeluAlpha), T.CreateTruncating(Elementwise.SeluScale)));
                break;
            case FusedOp.Clip: Unary<T, ClipOp<T>, TStore>(ref a, ref d, new ClipOp<T>(T.CreateTruncating(ins.P0), T.CreateTruncating(ins.P1))); break;
            case FusedOp.Equal:
            case FusedOp.NotEqual:
            case FusedOp.Less:
            case FusedOp.LessEqual:
            case FusedOp.Greater:
            case FusedOp.GreaterEqual:
                Binary<T, CompareFunction<T>, TStore>(ref a, ref b, ref d, new CompareFunction<T>(ins.Op)); break;
            case FusedOp.Where: Where<T, TStore>(ref a, ref b, ref c, ref d); break;
            case FusedOp.Second: Unary<T, IdentityOp<T>, TStore>(ref b, ref d, default(IdentityOp<T>)); break;
            case FusedOp.SigmoidGrad: Binary<T, SigmoidGradient<T>, TStore>(ref a, ref b, ref d, default(SigmoidGradient<T>)); break;
            case FusedOp.TanhGrad: Binary<T, TanhGradient<T>, TStore>(ref a, ref b, ref d, default(TanhGradient<T>)); break;
            case FusedOp.ReluGrad: Binary<T, ReluGradient<T>, TStore>(ref a, ref b, ref d, new ReluGradient<T>(T.CreateTruncating(ins.P0))); break;
            default: throw new NotSupportedException($"fused loop: op {ins.Op} is not implemented");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // one small frame per op: Execute stays a cheap jump table
    private static void Unary<T, TOp, TStore>(ref T a, ref T d, TOp op) where T : unmanaged where TOp : struct, IVectorUnary<T> where TStore : IGroupStore
    {
        nuint step = (nuint)(Vectors * Vector512<T>.Count), size = (nuint)GroupSize<T>();
        for (nuint o = 0; o < size; o += step) Unary4<T, TOp, TStore>(ref Unsafe.Add(ref a, o), ref Unsafe.Add(ref d, o), op);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Unary4<T, TOp, TStore>(ref T a, ref T d, TOp op) where T : unmanaged where TOp : struct, IVectorUnary<T> where TStore : IGroupStore
    {
        nuint w = (nuint)Vector512<T>.Count;
        var x0 = Vector512.LoadUnsafe(ref a);
        var x1 = Vector512.LoadUnsafe(ref a, w);
        var x2 = Vector512.LoadUnsafe(ref a, 2 * w);
        var x3 = Vector512.LoadUnsafe(ref a, 3 * w);
        TStore.Store(op.Invoke(x0), ref d, 0);
        TStore.Store(op.Invoke(x1), ref d, w);
        TStore.Store(op.Invoke(x2), ref d, 2 * w);
        TStore.Store(op.Invoke(x3), ref d, 3 * w);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // one small frame per op: Execute stays a cheap jump table
    private static void Binary<T, TOp, TStore>(ref T a, ref T b, ref T d, TOp op) where T : unmanaged where TOp : struct, IVectorBinary<T> where TStore : IGroupStore
    {
        nuint step = (nuint)(Vectors * Vector512<T>.Count), size = (nuint)GroupSize<T>();
        for (nuint o = 0; o < size; o += step) Binary4<T, TOp, TStore>(ref Unsafe.Add(ref a, o), ref Unsafe.Add(ref b, o), ref Unsafe.Add(ref d, o), op);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Binary4<T, TOp, TStore>(ref T a, ref T b, ref T d, TOp op) where T : unmanaged where TOp : struct, IVectorBinary<T> where TStore : IGroupStore
    {
        nuint w = (nuint)Vector512<T>.Count;
        var x0 = Vector512.LoadUnsafe(ref a);
        var x1 = Vector512.LoadUnsafe(ref a, w);
        var x2 = Vector512.LoadUnsafe(ref a, 2 * w);
        var x3 = Vector512.LoadUnsafe(ref a, 3 * w);
        var y0 = Vector512.LoadUnsafe(ref b);
        var y1 = Vector512.LoadUnsafe(ref b, w);
        var y2 = Vector512.LoadUnsafe(ref b, 2 * w);
        var y3 = Vector512.LoadUnsafe(ref b, 3 * w);
        TStore.Store(op.Invoke(x0, y0), ref d, 0);
        TStore.Store(op.Invoke(x1, y1), ref d, w);
        TStore.Store(op.Invoke(x2, y2), ref d, 2 * w);
        TStore.Store(op.Invoke(x3, y3), ref d, 3 * w);
    }

    /// <summary>d = c != 0 ? a : b (operands in FusedOp order: condition, then, else).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Where<T, TStore>(ref T condition, ref T then, ref T otherwise, ref T d) where T : unmanaged where TStore : IGroupStore
    {
        // Each vector is loaded from all three operands before it is stored, so d may be any of them.
        nuint w = (nuint)Vector512<T>.Count;
        for (nuint v = 0; v < GroupVectors; v++)
        {
            var zero = Vector512.Equals(Vector512.LoadUnsafe(ref condition, v * w), Vector512<T>.Zero);
            TStore.Store(Vector512.ConditionalSelect(zero, Vector512.LoadUnsafe(ref otherwise, v * w), Vector512.LoadUnsafe(ref then, v * w)), ref d, v * w);
        }
    }

    /// <summary>Pow has no vector form; element by element (each element is read before it is written).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Pow<T>(ref T a, ref T b, ref T d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = GroupSize<T>();
        for (int i = 0; i < n; i++) Unsafe.Add(ref d, i) = T.Pow(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i));
    }

    /// <summary>Plain stores (intermediate rows, cache-resident outputs).</summary>
    public readonly struct RegularStore : IGroupStore
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store<T>(Vector512<T> value, ref T destination, nuint index) where T : unmanaged => value.StoreUnsafe(ref destination, index);
    }

    /// <summary>Non-temporal stores to pinned, 64-byte aligned memory (the final step of a streaming output), interleaved
    /// with the loads of the same loop as in one large TensorPrimitives call.</summary>
    public readonly unsafe struct NonTemporalStore : IGroupStore
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store<T>(Vector512<T> value, ref T destination, nuint index) where T : unmanaged
            => value.StoreAlignedNonTemporal((T*)Unsafe.AsPointer(ref Unsafe.Add(ref destination, index)));
    }

    private readonly struct AddOp<T> : IVectorBinary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x + y;
        public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x + y;
    }

    private readonly struct SubOp<T> : IVectorBinary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x - y;
        public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x - y;
    }

    private readonly struct MulOp<T> : IVectorBinary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x * y;
        public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x * y;
    }

    private readonly struct DivOp<T> : IVectorBinary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x / y;
        public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x / y;
    }

    /// <summary>IEEE maximum: NaN propagates, as TensorPrimitives.Max.</summary>
    private readonly struct MaxOp<T> : IVectorBinary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.Max(x, y);
        public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.Max(x, y);
    }

    private readonly struct MinOp<T> : IVectorBinary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => Vector512.Min(x, y);
        public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => Vector256.Min(x, y);
    }

    private readonly struct NegOp<T> : IVectorUnary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x) => -x;
        public Vector256<T> Invoke(Vector256<T> x) => -x;
    }

    private readonly struct IdentityOp<T> : IVectorUnary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x) => x;
        public Vector256<T> Invoke(Vector256<T> x) => x;
    }

    private readonly struct ExpOp<T> : IVectorUnary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x) => VectorMath.Exp(x);
        public Vector256<T> Invoke(Vector256<T> x) => VectorMath.Exp(x);
    }

    private readonly struct LogOp<T> : IVectorUnary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x) => VectorMath.Log(x);
        public Vector256<T> Invoke(Vector256<T> x) => VectorMath.Log(x);
    }

    private readonly struct SqrtOp<T> : IVectorUnary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x) => Vector512.Sqrt(x);
        public Vector256<T> Invoke(Vector256<T> x) => Vector256.Sqrt(x);
    }

    private readonly struct AbsOp<T> : IVectorUnary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x) => Vector512.Abs(x);
        public Vector256<T> Invoke(Vector256<T> x) => Vector256.Abs(x);
    }

    private readonly struct SquareOp<T> : IVectorUnary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x) => x * x;
        public Vector256<T> Invoke(Vector256<T> x) => x * x;
    }

    /// <summary>1 / (1 + e⁻ˣ); e⁻ˣ = +∞ gives exactly 0.</summary>
    private readonly struct SigmoidOp<T> : IVectorUnary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x) => Vector512<T>.One / (Vector512<T>.One + VectorMath.Exp(-x));
        public Vector256<T> Invoke(Vector256<T> x) => Vector256<T>.One / (Vector256<T>.One + VectorMath.Exp(-x));
    }

    /// <summary>tanh: <see cref="FloatMath"/> for float; for double −t / (t + 2) with t = expm1(−2|x|) (accurate
    /// near 0, exactly ±1 once e^−2|x| underflows) and the sign of x restored.</summary>
    private readonly struct TanhOp<T> : IVectorUnary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x)
        {
            if (typeof(T) == typeof(float)) return FloatMath.Tanh(x.AsSingle()).As<float, T>();
            var a = Vector512.Abs(x);
            var t = VectorMath.Expm1(-(a + a));
            var magnitude = -t / (t + (Vector512<T>.One + Vector512<T>.One));
            return Vector512.ConditionalSelect(-Vector512<T>.Zero, x, magnitude);
        }

        public Vector256<T> Invoke(Vector256<T> x)
        {
            if (typeof(T) == typeof(float)) return FloatMath.Tanh(x.AsSingle()).As<float, T>();
            var a = Vector256.Abs(x);
            var t = VectorMath.Expm1(-(a + a));
            var magnitude = -t / (t + (Vector256<T>.One + Vector256<T>.One));
            return Vector256.ConditionalSelect(-Vector256<T>.Zero, x, magnitude);
        }
    }

    private readonly struct ClipOp<T>(T min, T max) : IVectorUnary<T> where T : unmanaged
    {
        public Vector512<T> Invoke(Vector512<T> x) => Vector512.Min(Vector512.Max(x, Vector512.Create(min)), Vector512.Create(max));
        public Vector256<T> Invoke(Vector256<T> x) => Vector256.Min(Vector256.Max(x, Vector256.Create(min)), Vector256.Create(max));
    }
}

/// <summary>How <see cref="FusedGroupKernels"/> stores a result vector.</summary>
internal interface IGroupStore
{
    /// <summary>Stores <paramref name="value"/> at element <paramref name="index"/> of <paramref name="destination"/>.</summary>
    static abstract void Store<T>(Vector512<T> value, ref T destination, nuint index) where T : unmanaged;
}
