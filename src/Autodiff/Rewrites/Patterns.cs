using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

/// <summary>Small matching helpers shared by the rewrite rules.</summary>
internal static class Patterns
{
    /// <summary>True when <paramref name="node"/> is still part of <paramref name="graph"/> (some output is used).</summary>
    public static bool IsLive(FunctionGraph graph, Apply node)
    {
        foreach (var o in node.OutputArray)
            if (graph.Clients(o).Count > 0 || graph.IsOutput(o)) return true;
        return false;
    }

    /// <summary>True when <paramref name="replacement"/> can stand in for <paramref name="original"/>: same dtype,
    /// rank and broadcastable pattern (so every run-time shape is the same).</summary>
    public static bool SameType(Variable original, Variable replacement)
    {
        if (original.DType != replacement.DType || original.Rank != replacement.Rank) return false;
        for (int i = 0; i < original.Rank; i++)
        {
            if (original.Type.IsBroadcastable(i) != replacement.Type.IsBroadcastable(i)) return false;
            if (original.Type.Shape[i] is int a && replacement.Type.Shape[i] is int b && a != b) return false;
        }
        return true;
    }

    /// <summary>The scalar op of an elementwise node, or null.</summary>
    public static ScalarOp? ScalarOf(Apply? node) => node?.Op is ElementwiseOp e ? e.Scalar : null;

    /// <summary>True when <paramref name="v"/> is computed by the elementwise op <typeparamref name="TScalar"/>.</summary>
    public static bool Is<TScalar>(Variable v, out Apply node) where TScalar : ScalarOp
    {
        node = v.Owner!;
        return v.Owner?.Op is ElementwiseOp { Scalar: TScalar };
    }

    /// <summary>The value of a one-element constant, or null.</summary>
    public static double? ScalarConstant(Variable v) => v is Constant { IsScalarLike: true } c ? c.ScalarValue : null;

    /// <summary>True when <paramref name="v"/> is a one-element constant equal to <paramref name="value"/>.</summary>
    public static bool IsConstant(Variable v, double value) => ScalarConstant(v) is double d && d == value;

    /// <summary>A rank-0 constant of <paramref name="like"/>'s dtype.</summary>
    public static Variable Constant(double value, Variable like) => T.Constant(value, like.DType);

    /// <summary>True when <paramref name="v"/> is used only by one node input and is not a graph output, so a rewrite
    /// that absorbs its node does not duplicate work.</summary>
    public static bool SingleUse(FunctionGraph graph, Variable v) => v.Owner is not null && graph.Clients(v).Count == 1 && !graph.IsOutput(v);

    /// <summary>Applies the elementwise scalar op to inputs.</summary>
    public static Variable Elementwise(ScalarOp op, params Variable[] inputs) => new ElementwiseOp(op).Apply1(inputs);

    /// <summary>When simplification removed operands that gave <paramref name="original"/> its shape (x/x -> 1),
    /// broadcasts <paramref name="result"/> back with fill(removed, result) until it has the original type.</summary>
    public static Variable RestoreShape(Variable result, Variable original, IReadOnlyList<Variable> removed)
    {
        foreach (var r in removed)
        {
            if (SameType(original, result)) return result;
            result = Elementwise(Second.Instance, r, result);
        }
        return result;
    }
}
