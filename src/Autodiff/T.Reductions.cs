using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

public static partial class T
{
    internal static int[] NormalizeAxes(Variable x, int[]? axes, string op)
    {
        if (axes is null || axes.Length == 0) return [];
        var result = new SortedSet<int>();
        foreach (var a in axes)
        {
            int n = a < 0 ? a + x.Rank : a;
            if (n < 0 || n >= x.Rank) throw new GraphBuildException(op, $"axis {a} is out of range for shape {x.Type.ShapeString}", SourceTrace.Capture());
            if (!result.Add(n)) throw new GraphBuildException(op, $"axis {a} is repeated", SourceTrace.Capture());
        }
        // Reducing every axis is the same as "all axes": one canonical form helps merging.
        return result.Count == x.Rank ? [] : [.. result];
    }

    private static Variable Reduce(ReduceKind kind, Variable x, int[]? axes, bool keepDims)
        => new ReduceOp(kind, NormalizeAxes(x, axes, kind.ToString().ToLowerInvariant()), keepDims).Apply1(x);

    /// <summary>Sum over <paramref name="axes"/> (null or empty = all axes).</summary>
    public static Variable Sum(Variable x, int[]? axes = null, bool keepDims = false) => Reduce(ReduceKind.Sum, x, axes, keepDims);

    /// <summary>Mean over <paramref name="axes"/> (null or empty = all axes).</summary>
    public static Variable Mean(Variable x, int[]? axes = null, bool keepDims = false) => Reduce(ReduceKind.Mean, FloatOnly(x), axes, keepDims);

    /// <summary>Maximum over <paramref name="axes"/> (null or empty = all axes).</summary>
    public static Variable Max(Variable x, int[]? axes = null, bool keepDims = false) => Reduce(ReduceKind.Max, x, axes, keepDims);

    /// <summary>Minimum over <paramref name="axes"/> (null or empty = all axes).</summary>
    public static Variable Min(Variable x, int[]? axes = null, bool keepDims = false) => Reduce(ReduceKind.Min, x, axes, keepDims);

    /// <summary>Product over <paramref name="axes"/> (null or empty = all axes); 1 over an empty axis. Its gradient is
    /// exact when some inputs are zero (one zero in a group: the product of the others; two or more: 0).</summary>
    public static Variable Prod(Variable x, int[]? axes = null, bool keepDims = false) => Reduce(ReduceKind.Prod, x, axes, keepDims);

    /// <summary>Index of the maximum along <paramref name="axis"/> (int32).</summary>
    public static Variable ArgMax(Variable x, int axis = -1, bool keepDims = false)
    {
        int a = axis < 0 ? axis + x.Rank : axis;
        return new ArgMaxOp(a, keepDims).Apply1(x);
    }

    /// <summary>Population variance (divides by N) over <paramref name="axes"/>.</summary>
    public static Variable Var(Variable x, int[]? axes = null, bool keepDims = false)
    {
        x = FloatOnly(x);
        var centered = x - Mean(x, axes, keepDims: true);
        return Mean(Square(centered), axes, keepDims);
    }

    /// <summary>Population standard deviation over <paramref name="axes"/>.</summary>
    public static Variable Std(Variable x, int[]? axes = null, bool keepDims = false) => Sqrt(Var(x, axes, keepDims));

    /// <summary>Product of the run-time extents of <paramref name="axes"/> of x, as a scalar of x's dtype (a constant when static).</summary>
    public static Variable ElementCount(Variable x, int[] axes)
    {
        long n = 1;
        bool known = true;
        foreach (var a in axes)
        {
            if (x.Type.Shape[a] is int d) n *= d;
            else known = false;
        }
        return known ? Constant(n, x.DType) : new ElementCountOp(axes).Apply1(x);
    }
}
