using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

/// <summary>
/// Removal of operations that do nothing (Theano's <c>useless</c> stage and <c>local_neg_neg</c>,
/// <c>local_dimshuffle_lift</c>): x + 0, 0 + x, x - 0, x * 1, 1 * x, x / 1, x ^ 1, -(-x),
/// fill(x, y) when y already has x's shape, an identity dimshuffle, two dimshuffles in a row
/// (e.g. a double transpose) become one, and a reshape to the (statically known) same shape. A rewrite applies only when the kept operand has the
/// output's exact type (a broadcast operand is never returned in place of a larger result).
/// </summary>
public static class UselessOps
{
    /// <summary>All the rules of this group, in the order they are tried.</summary>
    public static IReadOnlyList<LocalRewrite> All { get; } =
    [
        new Identity("useless_add_zero", static (n, i) => n is Add && (i == 0 || i == 1), 0),
        new Identity("useless_sub_zero", static (n, i) => n is Sub && i == 1, 0),
        new Identity("useless_mul_one", static (n, i) => n is Mul && (i == 0 || i == 1), 1),
        new Identity("useless_div_one", static (n, i) => n is Div && i == 1, 1),
        new Identity("useless_pow_one", static (n, i) => n is Pow && i == 1, 1),
        new NegNeg(),
        new UselessFill(),
        new DimShuffleIdentity(),
        new DimShuffleChain(),
        new UselessReshape(),
    ];

    /// <summary>op(x, c) -> x where c is the neutral constant at operand position i.</summary>
    private sealed class Identity(string name, Func<ScalarOp, int, bool> neutralAt, double neutral) : LocalRewrite(name, "canonicalize", "useless")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
        {
            if (Patterns.ScalarOf(node) is not { Arity: 2 } scalar) return null;
            for (int i = 0; i < 2; i++)
            {
                if (!neutralAt(scalar, i) || !Patterns.IsConstant(node.InputArray[i], neutral)) continue;
                var kept = node.InputArray[1 - i];
                if (Patterns.SameType(node.Output, kept)) return [kept];
            }
            return null;
        }
    }

    private sealed class NegNeg() : LocalRewrite("neg_neg", "canonicalize", "useless")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
            => Patterns.ScalarOf(node) is Neg && Patterns.Is<Neg>(node.InputArray[0], out var inner) ? [inner.InputArray[0]] : null;
    }

    /// <summary>fill(like, value) -> value when value has the output's type (Theano's local_useless_fill).</summary>
    private sealed class UselessFill() : LocalRewrite("useless_fill", "canonicalize", "useless")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
            => Patterns.ScalarOf(node) is Second && Patterns.SameType(node.Output, node.InputArray[1]) ? [node.InputArray[1]] : null;
    }

    private sealed class DimShuffleIdentity() : LocalRewrite("useless_dimshuffle", "canonicalize", "useless")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
        {
            if (node.Op is not DimShuffleOp ds) return null;
            var x = node.InputArray[0];
            if (ds.Pattern.Count != x.Rank) return null;
            for (int i = 0; i < x.Rank; i++) if (ds.Pattern[i] != i) return null;
            return [x];
        }
    }

    /// <summary>dimshuffle(dimshuffle(x)) -> one dimshuffle (a double transpose becomes the identity, removed next).</summary>
    private sealed class DimShuffleChain() : LocalRewrite("dimshuffle_chain", "canonicalize", "useless")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
        {
            if (node.Op is not DimShuffleOp outer || node.InputArray[0].Owner is not { Op: DimShuffleOp inner } innerNode) return null;
            var composed = new int[outer.Pattern.Count];
            for (int k = 0; k < composed.Length; k++)
                composed[k] = outer.Pattern[k] < 0 ? -1 : inner.Pattern[outer.Pattern[k]];
            try
            {
                return [new DimShuffleOp(composed).Apply1(innerNode.InputArray[0])];
            }
            catch (GraphBuildException)
            {
                return null; // the composition would drop a non-broadcastable axis
            }
        }
    }

    /// <summary>reshape(x, s) -> x when x's shape is statically known and equal to s (Theano's local_useless_reshape).</summary>
    private sealed class UselessReshape() : LocalRewrite("useless_reshape", "canonicalize", "useless")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
        {
            if (node.Op is not ReshapeOp) return null;
            var x = node.InputArray[0];
            var y = node.Output;
            if (!x.Type.IsFullyKnown || !y.Type.IsFullyKnown || x.Rank != y.Rank) return null;
            for (int i = 0; i < x.Rank; i++) if (x.Type.Shape[i] != y.Type.Shape[i]) return null;
            return [x];
        }
    }
}
