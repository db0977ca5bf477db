using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

/// <summary>
/// Numerical-stability rewrites (Theano's <c>stabilize</c> stage):
/// <list type="bullet">
/// <item><c>local_log1p</c>: log(1 + x) and log(x + 1) -> log1p(x); log(1 - x) -> log1p(-x).</item>
/// <item><c>log1pexp_to_softplus</c>: log1p(exp(x)) -> softplus(x) (with local_log1p, log(1 + e^x) -> softplus(x)).</item>
/// <item><c>logsigm_to_softplus</c>: log(sigmoid(x)) -> -softplus(-x).</item>
/// <item><c>log1msigm_to_softplus</c>: log1p(-sigmoid(x)) (from log(1 - sigmoid(x))) -> -softplus(x).</item>
/// </list>
/// Each keeps the value and avoids overflow or cancellation for large |x|.
/// </summary>
public static class Stability
{
    /// <summary>All the rules of this group.</summary>
    public static IReadOnlyList<LocalRewrite> All { get; } = [new Log1p(), new Log1pExp(), new LogSigmoid(), new Log1mSigmoid()];

    private sealed class Log1p() : LocalRewrite("local_log1p", "stabilize")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
        {
            if (Patterns.ScalarOf(node) is not Log) return null;
            var arg = node.InputArray[0];
            if (Patterns.Is<Add>(arg, out var add))
            {
                for (int i = 0; i < 2; i++)
                {
                    var other = add.InputArray[1 - i];
                    if (Patterns.IsConstant(add.InputArray[i], 1) && Patterns.SameType(arg, other)) return [T.Log1p(other)];
                }
            }
            if (Patterns.Is<Sub>(arg, out var sub) && Patterns.IsConstant(sub.InputArray[0], 1) && Patterns.SameType(arg, sub.InputArray[1]))
                return [T.Log1p(T.Neg(sub.InputArray[1]))];
            return null;
        }
    }

    private sealed class Log1pExp() : LocalRewrite("log1pexp_to_softplus", "stabilize")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
            => Patterns.ScalarOf(node) is Ops.Log1p && Patterns.Is<Exp>(node.InputArray[0], out var exp) ? [T.Softplus(exp.InputArray[0])] : null;
    }

    private sealed class LogSigmoid() : LocalRewrite("logsigm_to_softplus", "stabilize")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
            => Patterns.ScalarOf(node) is Log && Patterns.Is<Sigmoid>(node.InputArray[0], out var s)
                ? [T.Neg(T.Softplus(T.Neg(s.InputArray[0])))]
                : null;
    }

    private sealed class Log1mSigmoid() : LocalRewrite("log1msigm_to_softplus", "stabilize")
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
            => Patterns.ScalarOf(node) is Ops.Log1p && Patterns.Is<Neg>(node.InputArray[0], out var neg) && Patterns.Is<Sigmoid>(neg.InputArray[0], out var s)
                ? [T.Neg(T.Softplus(s.InputArray[0]))]
                : null;
    }
}
