using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

public static partial class T
{
    /// <summary>The marker for a new broadcastable axis in <see cref="DimShuffle"/> patterns given as ints.</summary>
    public const int NewAxis = -1;

    /// <summary>Permutes axes and inserts/drops broadcastable axes; entries are input axes or "x" (or <see cref="NewAxis"/>)
    /// for a new broadcastable axis, e.g. <c>T.DimShuffle(b, "x", 0)</c> turns a bias vector into a row.</summary>
    public static Variable DimShuffle(Variable x, params object[] pattern)
    {
        var p = new int[pattern.Length];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = pattern[i] switch
            {
                int a when a >= 0 => a,
                int a when a == NewAxis => NewAxis,
                "x" => NewAxis,
                _ => throw new GraphBuildException("dimshuffle", $"pattern entry {pattern[i]} is neither an axis nor \"x\"", SourceTrace.Capture()),
            };
        }
        return new DimShuffleOp(p).Apply1(x);
    }

    /// <summary>Reverses the axes (the matrix transpose for rank 2), or applies the permutation <paramref name="axes"/>.</summary>
    public static Variable Transpose(Variable x, params int[] axes)
    {
        if (axes.Length == 0)
        {
            axes = new int[x.Rank];
            for (int i = 0; i < axes.Length; i++) axes[i] = x.Rank - 1 - i;
        }
        return new DimShuffleOp(axes).Apply1(x);
    }

    /// <summary>Matrix/vector product op(a)·op(b) (vectors: matrix·vector, vector·matrix, inner product).</summary>
    public static Variable Dot(Variable a, Variable b, bool transposeA = false, bool transposeB = false)
    {
        (a, b) = Promote(FloatOnly(a), FloatOnly(b));
        return new DotOp(transposeA, transposeB).Apply1(a, b);
    }

    /// <summary>Outer product of two vectors.</summary>
    public static Variable Outer(Variable a, Variable b)
        => Dot(new DimShuffleOp(0, NewAxis).Apply1(a), new DimShuffleOp(NewAxis, 0).Apply1(b));
}
