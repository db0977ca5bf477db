using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralCore.Tensors;

// The fused-loop vector functions that both evaluators (the block interpreter in FusedLoopKernels and the group
// evaluator in FusedGroupKernels) share: comparisons and the activation gradients.

/// <summary>1 where the comparison holds, else 0.</summary>
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

/// <summary>g · s · (1 − s): the sigmoid gradient from the sigmoid output s and the output gradient g.</summary>
internal readonly struct SigmoidGradFunction<T> : IVectorBinary<T> where T : unmanaged
{
    public Vector512<T> Invoke(Vector512<T> s, Vector512<T> g) => g * s * (Vector512<T>.One - s);
    public Vector256<T> Invoke(Vector256<T> s, Vector256<T> g) => g * s * (Vector256<T>.One - s);
}

/// <summary>g · (1 − t²): the tanh gradient from the tanh output t and the output gradient g.</summary>
internal readonly struct TanhGradFunction<T> : IVectorBinary<T> where T : unmanaged
{
    public Vector512<T> Invoke(Vector512<T> t, Vector512<T> g) => g * (Vector512<T>.One - t * t);
    public Vector256<T> Invoke(Vector256<T> t, Vector256<T> g) => g * (Vector256<T>.One - t * t);
}

/// <summary>x &gt; 0 ? g : alpha · g: the (leaky) rectifier gradient from its input x and the output gradient g.</summary>
internal readonly struct ReluGradFunction<T>(T alpha) : IVectorBinary<T> where T : unmanaged
{
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> g)
        => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), g, g * Vector512.Create(alpha));
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> g)
        => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<T>.Zero), g, g * Vector256.Create(alpha));
}
