using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

/// <summary>
/// Softmax rewrites (Theano's <c>local_logsoftmax</c>, <c>local_logsoftmax_grad</c>,
/// <c>crossentropy_to_crossentropy_with_softmax</c>, <c>local_advanced_indexing_crossentropy_onehot_grad</c>):
/// <list type="bullet">
/// <item><c>local_logsoftmax</c>: log(softmax(x)) -> log_softmax(x).</item>
/// <item><c>local_logsoftmax_grad</c>: softmax_grad(softmax(x), G / softmax(x)) -> log_softmax_grad(log_softmax(x), G),
/// the gradient of log(softmax(x)) without the division by probabilities that underflow to 0.</item>
/// <item><c>crossentropy_softmax</c>: categorical_crossentropy(softmax(x), y) -> crossentropy_softmax(x, y).</item>
/// <item><c>crossentropy_softmax_grad</c>: the gradient Grad builds for categorical_crossentropy(softmax(x), y),
/// softmax_grad(softmax(x), inc_subtensor(zeros, -g / softmax(x)[arange, y], arange, y)), becomes the fused
/// crossentropy_softmax_grad(g, x, y) = g * (softmax(x) - onehot(y)).</item>
/// </list>
/// They run in their own stage right after the first merge, before canonicalization can reshape
/// the gradient patterns, so a compiled training step never materializes the unfused gradient.
/// </summary>
public static class SoftmaxRewrites
{
    /// <summary>All the rules of this group.</summary>
    public static IReadOnlyList<LocalRewrite> All { get; } = [new LogOfSoftmax(), new LogSoftmaxGrad(), new CrossEntropy(), new CrossEntropyGrad()];

    private static Variable? SoftmaxInput(Variable v, int axis)
        => v.Owner is { Op: SoftmaxOp s } node && s.Axis == axis ? node.InputArray[0] : null;

    private sealed class LogOfSoftmax() : LocalRewrite("local_logsoftmax", "stabilize", "specialize")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
            => Patterns.ScalarOf(node) is Log && node.InputArray[0].Owner is { Op: SoftmaxOp s } softmax
                ? [new LogSoftmaxOp(s.Axis).Apply1(softmax.InputArray[0])]
                : null;
    }

    private sealed class LogSoftmaxGrad() : LocalRewrite("local_logsoftmax_grad", "stabilize", "specialize")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
        {
            if (node.Op is not SoftmaxGradOp sg) return null;
            var (sm, g) = (node.InputArray[0], node.InputArray[1]);
            if (SoftmaxInput(sm, sg.Axis) is not { } x) return null;
            if (!Patterns.Is<Div>(g, out var div) || !ReferenceEquals(div.InputArray[1], sm)) return null;
            var numerator = div.InputArray[0];
            if (!Patterns.SameType(g, numerator)) return null;
            return [new LogSoftmaxGradOp(sg.Axis).Apply1(new LogSoftmaxOp(sg.Axis).Apply1(x), numerator)];
        }
    }

    private sealed class CrossEntropy() : LocalRewrite("crossentropy_softmax", "stabilize", "specialize")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
            => node.Op is CategoricalCrossEntropyOp && SoftmaxInput(node.InputArray[0], 1) is { } x
                ? [CrossEntropySoftmaxOp.Instance.Apply1(x, node.InputArray[1])]
                : null;
    }

    private sealed class CrossEntropyGrad() : LocalRewrite("crossentropy_softmax_grad", "stabilize", "specialize")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
        {
            if (node.Op is not SoftmaxGradOp { Axis: 1 }) return null;
            var (sm, upstream) = (node.InputArray[0], node.InputArray[1]);
            if (SoftmaxInput(sm, 1) is not { } x || x.Rank != 2) return null;
            // upstream = inc_subtensor(zeros_like(sm), -g / sm[rows, y], rows, y)
            if (upstream.Owner is not { Op: AdvancedIncSubtensorOp inc } incNode || !inc.Equals(AdvancedIncSubtensorOp.Pairs)) return null;
            var (baseValue, values, rows, labels) = (incNode.InputArray[0], incNode.InputArray[1], incNode.InputArray[2], incNode.InputArray[3]);
            if (!IsZerosLike(baseValue, sm) || !IsArangeOfRows(rows, sm, x)) return null;
            if (!Patterns.Is<Div>(values, out var div) || !Patterns.Is<Neg>(div.InputArray[0], out var neg)) return null;
            if (div.InputArray[1].Owner is not { Op: AdvancedSubtensorOp pick } pickNode || !pick.Equals(AdvancedSubtensorOp.Pairs)) return null;
            if (!ReferenceEquals(pickNode.InputArray[0], sm) || !ReferenceEquals(pickNode.InputArray[1], rows) || !ReferenceEquals(pickNode.InputArray[2], labels)) return null;
            var g = neg.InputArray[0];
            if (g.Rank != 1 || g.DType != x.DType || (g.Type.IsBroadcastable(0) && x.Type.Shape[0] != 1)) return null;
            return [CrossEntropySoftmaxGradOp.Instance.Apply1(g, x, labels)];
        }

        private static bool IsZerosLike(Variable v, Variable like)
        {
            if (v is Constant c) return c.AllEqual(0);
            return Patterns.Is<Second>(v, out var fill) && ReferenceEquals(fill.InputArray[0], like) && Patterns.IsConstant(fill.InputArray[1], 0);
        }

        private static bool IsArangeOfRows(Variable rows, Variable sm, Variable x)
        {
            if (rows.Owner is { Op: ArangeOp { Axis: 0 } } arange) return ReferenceEquals(arange.InputArray[0], sm) || ReferenceEquals(arange.InputArray[0], x);
            if (rows is not Constant c || c.Value.Rank != 1 || x.Type.Shape[0] != c.Value.Length) return false;
            for (int i = 0; i < c.Value.Length; i++) if (c.Value.GetDouble(i) != i) return false;
            return true;
        }
    }
}
