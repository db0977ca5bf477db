using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

/// <summary>
/// The block-level implementation of each <see cref="FusedOp"/> for <see cref="FusedLoop"/>. Every op is
/// one SIMD pass (Vector512 where the hardware has it, else Vector256) over the block: the float
/// transcendental functions are the project's <see cref="FloatMath"/> polynomials (exp, tanh, sigmoid) and
/// <see cref="VectorMath"/> (log1p, expm1 for ELU/SELU, softplus), evaluated in registers, so an op such as
/// softplus or ELU needs no second pass and no scratch row. Every op reads element i of its operands
/// before writing element i of the destination, so the destination may be exactly one of the operands
/// (in-place). The same vector code handles the tail (through a stack buffer), so an element's result does
/// not depend on where it sits in the block.
/// </summary>
internal static class FusedKernels
{
    public static void Execute<T>(in FusedInstruction ins, ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> d)
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
            case FusedOp.Neg: new PrimitiveUnaryOperator<T>(PrimitiveUnary.Negate).Invoke(x, d); break;
            case FusedOp.Exp: new PrimitiveUnaryOperator<T>(PrimitiveUnary.Exp).Invoke(x, d); break;
            case FusedOp.Log: new PrimitiveUnaryOperator<T>(PrimitiveUnary.Log).Invoke(x, d); break;
            case FusedOp.Sqrt: new PrimitiveUnaryOperator<T>(PrimitiveUnary.Sqrt).Invoke(x, d); break;
            case FusedOp.Abs: new PrimitiveUnaryOperator<T>(PrimitiveUnary.Abs).Invoke(x, d); break;
            case FusedOp.Square: new PrimitiveUnaryOperator<T>(PrimitiveUnary.Square).Invoke(x, d); break;
            case FusedOp.Tanh: new PrimitiveUnaryOperator<T>(PrimitiveUnary.Tanh).Invoke(x, d); break;
            case FusedOp.Sigmoid: new PrimitiveUnaryOperator<T>(PrimitiveUnary.Sigmoid).Invoke(x, d); break;
            case FusedOp.Log1p: VectorLoops.Unary(x, d, default(Log1pFunction<T>)); break;
            case FusedOp.Softplus: VectorLoops.Unary(x, d, default(SoftplusFunction<T>)); break;
            case FusedOp.Sign: VectorLoops.Unary(x, d, default(SignFunction<T>)); break;
            case FusedOp.Relu: VectorLoops.Unary(x, d, new ReluFunction<T>(T.CreateTruncating(ins.P0))); break;
            case FusedOp.Clip: TensorPrimitives.Clamp(x, T.CreateTruncating(ins.P0), T.CreateTruncating(ins.P1), d); break;
            case FusedOp.Elu: VectorLoops.Unary(x, d, new EluFunction<T>(T.CreateTruncating(ins.P0), T.One)); break;
            case FusedOp.Selu:
                VectorLoops.Unary(x, d, new EluFunction<T>(T.CreateTruncating(Elementwise.SeluAlpha), T.CreateTruncating(Elementwise.SeluScale)));
                break;
            case FusedOp.Equal: VectorLoops.Binary(x, y, d, new CompareFunction<T>(FusedOp.Equal)); break;
            case FusedOp.NotEqual: VectorLoops.Binary(x, y, d, new CompareFunction<T>(FusedOp.NotEqual)); break;
            case FusedOp.Less: VectorLoops.Binary(x, y, d, new CompareFunction<T>(FusedOp.Less)); break;
            case FusedOp.LessEqual: VectorLoops.Binary(x, y, d, new CompareFunction<T>(FusedOp.LessEqual)); break;
            case FusedOp.Greater: VectorLoops.Binary(x, y, d, new CompareFunction<T>(FusedOp.Greater)); break;
            case FusedOp.GreaterEqual: VectorLoops.Binary(x, y, d, new CompareFunction<T>(FusedOp.GreaterEqual)); break;
            case FusedOp.Where: Where(x, y, z, d); break;
            case FusedOp.Second: y.CopyTo(d); break;
            case FusedOp.SigmoidGrad: VectorLoops.Binary(x, y, d, default(SigmoidGradient<T>)); break;
            case FusedOp.TanhGrad: VectorLoops.Binary(x, y, d, default(TanhGradient<T>)); break;
            case FusedOp.ReluGrad: VectorLoops.Binary(x, y, d, new ReluGradient<T>(T.CreateTruncating(ins.P0))); break;
            default: throw new NotSupportedException($"fused loop: op {ins.Op} is not implemented");
        }
    }

    /// <summary>d = c != 0 ? a : b, as a vector select (the block is contiguous; broadcast operands were gathered).</summary>
    private static void Where<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = d.Length, i = 0;
        ref T cr = ref MemoryMarshal.GetReference(c);
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T br = ref MemoryMarshal.GetReference(b);
        ref T dr = ref MemoryMarshal.GetReference(d);
        if (Vector512.IsHardwareAccelerated)
        {
            for (int w = Vector512<T>.Count; i <= n - w; i += w)
            {
                var mask = Vector512.Equals(Vector512.LoadUnsafe(ref cr, (nuint)i), Vector512<T>.Zero);
                Vector512.ConditionalSelect(mask, Vector512.LoadUnsafe(ref br, (nuint)i), Vector512.LoadUnsafe(ref ar, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else
        {
            for (int w = Vector256<T>.Count; i <= n - w; i += w)
            {
                var mask = Vector256.Equals(Vector256.LoadUnsafe(ref cr, (nuint)i), Vector256<T>.Zero);
                Vector256.ConditionalSelect(mask, Vector256.LoadUnsafe(ref br, (nuint)i), Vector256.LoadUnsafe(ref ar, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < n; i++) d[i] = c[i] != T.Zero ? a[i] : b[i];
    }
}
