using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

/// <summary>1 where the comparison holds, else 0: the fused loops' comparisons, whose kind is known only at run time
/// (both evaluators, FusedLoopKernels and FusedGroupKernels, use it; Comparisons.cs has one struct per kind).</summary>
internal readonly struct CompareFunction<T>(FusedOp kind) : IVectorBinary<T> where T : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y)
    {
        var mask = kind switch
        {
            FusedOp.Equal => Vector512.Equals(x, y),
            FusedOp.NotEqual => ~Vector512.Equals(x, y),
            FusedOp.Less => Vector512.LessThan(x, y),
            FusedOp.LessEqual => Vector512.LessThanOrEqual(x, y),
            FusedOp.Greater => Vector512.GreaterThan(x, y),
            _ => Vector512.GreaterThanOrEqual(x, y),
        };
        return mask & Vector512<T>.One;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y)
    {
        var mask = kind switch
        {
            FusedOp.Equal => Vector256.Equals(x, y),
            FusedOp.NotEqual => ~Vector256.Equals(x, y),
            FusedOp.Less => Vector256.LessThan(x, y),
            FusedOp.LessEqual => Vector256.LessThanOrEqual(x, y),
            FusedOp.Greater => Vector256.GreaterThan(x, y),
            _ => Vector256.GreaterThanOrEqual(x, y),
        };
        return mask & Vector256<T>.One;
    }
}
