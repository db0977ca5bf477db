using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

/// <summary>
/// Multiplicative canonical form (Theano's <c>local_mul_canonizer</c>): a tree of *, / and unary minus
/// is flattened into numerator and denominator factors and a constant coefficient; factors that
/// appear in both cancel (x*y/x -> y, x/x -> 1), scalar constants are multiplied together
/// (5*x*2 -> 10*x, the constant first), negations move into the coefficient. Inner nodes are
/// flattened only when this tree is their only user, so no work is duplicated. The node is rewritten
/// only when the form is simpler (a cancellation, or two constants/negations combined).
/// </summary>
public sealed class MulCanonicalizer : LocalRewrite
{
    /// <summary>Creates the rewrite.</summary>
    public MulCanonicalizer() : base("mul_canonicalizer", "canonicalize") { }

    /// <inheritdoc/>
    public override Variable[]? Transform(FunctionGraph graph, Apply node)
    {
        if (Patterns.ScalarOf(node) is not (Mul or Div or Neg)) return null;
        var output = node.Output;
        var numerator = new List<Variable>();
        var denominator = new List<Variable>();
        double coefficient = 1;
        int absorbed = 0;
        var stack = new Stack<(Variable V, bool Inverted, bool Root)>();
        stack.Push((output, false, true));
        while (stack.Count > 0)
        {
            var (v, inverted, root) = stack.Pop();
            if (Patterns.ScalarConstant(v) is double c && v.Rank <= output.Rank)
            {
                coefficient = inverted ? coefficient / c : coefficient * c;
                absorbed++;
                continue;
            }
            var scalar = Patterns.ScalarOf(v.Owner);
            bool expandable = root || Patterns.SingleUse(graph, v);
            if (expandable && scalar is Mul)
            {
                stack.Push((v.Owner!.InputArray[1], inverted, false));
                stack.Push((v.Owner!.InputArray[0], inverted, false));
            }
            else if (expandable && scalar is Div)
            {
                stack.Push((v.Owner!.InputArray[1], !inverted, false));
                stack.Push((v.Owner!.InputArray[0], inverted, false));
            }
            else if (expandable && scalar is Neg)
            {
                coefficient = -coefficient;
                absorbed++;
                stack.Push((v.Owner!.InputArray[0], inverted, false));
            }
            else (inverted ? denominator : numerator).Add(v);
        }

        var cancelled = new List<Variable>();
        for (int i = numerator.Count - 1; i >= 0; i--)
        {
            int j = denominator.FindIndex(d => ReferenceEquals(d, numerator[i]));
            if (j < 0) continue;
            cancelled.Add(numerator[i]);
            numerator.RemoveAt(i);
            denominator.RemoveAt(j);
        }
        bool simpler = cancelled.Count > 0 || absorbed >= 2 || (absorbed == 1 && coefficient == 1 && numerator.Count + denominator.Count > 0);
        if (!simpler || !output.DType.IsFloat() && denominator.Count > 0) return null;
        if (output.DType == Tensors.DType.Int32 && coefficient != Math.Floor(coefficient)) return null;

        Variable? result = null;
        foreach (var f in numerator) result = result is null ? f : T.Mul(result, f);
        if (coefficient != 1 || result is null)
        {
            if (result is null) result = Patterns.Constant(coefficient, output);
            else result = coefficient == -1 ? T.Neg(result) : T.Mul(Patterns.Constant(coefficient, output), result);
        }
        Variable? divisor = null;
        foreach (var f in denominator) divisor = divisor is null ? f : T.Mul(divisor, f);
        if (divisor is not null) result = T.Div(result, divisor);
        return [Patterns.RestoreShape(result, output, cancelled)];
    }
}
