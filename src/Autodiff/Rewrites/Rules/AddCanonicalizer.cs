using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

/// <summary>
/// Additive canonical form (Theano's <c>local_add_canonizer</c>): a tree of +, - and unary minus is
/// flattened into signed terms c·t; terms with the same t are collected (x - x -> 0, 5x + 5x -> 10x,
/// x + x -> 2x) and scalar constants are summed (x + 1 + 2 -> x + 3). Inner nodes are flattened only
/// when this tree is their only user. The node is rewritten only when the form is simpler.
/// </summary>
public sealed class AddCanonicalizer : LocalRewrite
{
    /// <summary>Creates the rewrite.</summary>
    public AddCanonicalizer() : base("add_canonicalizer", "canonicalize") { }

    /// <inheritdoc/>
    public override Variable[]? Transform(FunctionGraph graph, Apply node)
    {
        if (Patterns.ScalarOf(node) is not (Add or Sub)) return null;
        var output = node.Output;
        var bases = new List<Variable>();
        var coefficients = new List<double>();
        double constant = 0;
        int constants = 0, terms = 0;
        var stack = new Stack<(Variable V, double Sign, bool Root)>();
        stack.Push((output, 1, true));
        while (stack.Count > 0)
        {
            var (v, sign, root) = stack.Pop();
            if (Patterns.ScalarConstant(v) is double c && v.Rank <= output.Rank)
            {
                constant += sign * c;
                constants++;
                continue;
            }
            var scalar = Patterns.ScalarOf(v.Owner);
            bool expandable = root || Patterns.SingleUse(graph, v);
            if (expandable && scalar is Add or Sub)
            {
                stack.Push((v.Owner!.InputArray[1], scalar is Sub ? -sign : sign, false));
                stack.Push((v.Owner!.InputArray[0], sign, false));
                continue;
            }
            if (expandable && scalar is Neg)
            {
                stack.Push((v.Owner!.InputArray[0], -sign, false));
                continue;
            }
            // A term c * t (or t * c) with a scalar constant c contributes c to t's coefficient.
            var (term, factor) = SplitCoefficient(v);
            terms++;
            int k = bases.FindIndex(b => ReferenceEquals(b, term));
            if (k < 0) { bases.Add(term); coefficients.Add(sign * factor); }
            else coefficients[k] += sign * factor;
        }

        bool collected = bases.Count < terms;
        bool zeroTerm = coefficients.Contains(0);
        bool simpler = collected || zeroTerm || constants >= 2 || (constants == 1 && constant == 0 && bases.Count > 0);
        if (!simpler) return null;

        Variable? result = null;
        var removed = new List<Variable>();
        for (int k = 0; k < bases.Count; k++)
        {
            double c = coefficients[k];
            if (c == 0) { removed.Add(bases[k]); continue; }
            var magnitude = Math.Abs(c) == 1 ? bases[k] : T.Mul(Patterns.Constant(Math.Abs(c), output), bases[k]);
            result = result is null ? (c > 0 ? magnitude : T.Neg(magnitude)) : (c > 0 ? T.Add(result, magnitude) : T.Sub(result, magnitude));
        }
        if (constant != 0 || result is null)
        {
            var c = Patterns.Constant(Math.Abs(constant), output);
            if (result is null) result = Patterns.Constant(constant, output);
            else result = constant > 0 ? T.Add(result, c) : T.Sub(result, c);
        }
        return [Patterns.RestoreShape(result, output, removed)];
    }

    private static (Variable Term, double Factor) SplitCoefficient(Variable v)
    {
        if (Patterns.Is<Mul>(v, out var mul))
        {
            if (Patterns.ScalarConstant(mul.InputArray[0]) is double a && Patterns.SameType(v, mul.InputArray[1])) return (mul.InputArray[1], a);
            if (Patterns.ScalarConstant(mul.InputArray[1]) is double b && Patterns.SameType(v, mul.InputArray[0])) return (mul.InputArray[0], b);
        }
        return (v, 1);
    }
}
