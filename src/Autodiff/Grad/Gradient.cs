using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

/// <summary>What <see cref="Grad.Of(Variable, IReadOnlyList{Variable}, DisconnectedInputs, IReadOnlyList{Variable}?)"/> does
/// when the cost does not depend on a variable it differentiates for.</summary>
public enum DisconnectedInputs
{
    /// <summary>Throw an <see cref="ArgumentException"/> naming the variable (the default, as Theano's 'raise').</summary>
    Raise,
    /// <summary>Return zeros of the variable's shape (Theano's 'ignore').</summary>
    Zeros,
}

/// <summary>
/// Reverse-mode differentiation over the symbolic graph (Theano's <c>theano.grad</c>): the result
/// is more graph, so it can be compiled, printed, simplified and differentiated again.
/// </summary>
public static class Grad
{
    /// <summary>The gradient of the scalar <paramref name="cost"/> with respect to <paramref name="wrt"/>.</summary>
    /// <exception cref="ArgumentException">When the cost is not a float scalar, or does not depend on
    /// <paramref name="wrt"/> and <paramref name="disconnected"/> is <see cref="DisconnectedInputs.Raise"/>.</exception>
    public static Variable Of(Variable cost, Variable wrt, DisconnectedInputs disconnected = DisconnectedInputs.Raise)
        => Of(cost, [wrt], disconnected)[0];

    /// <summary>The gradients of the scalar <paramref name="cost"/> with respect to each of <paramref name="wrt"/>,
    /// treating <paramref name="considerConstant"/> as constants (no gradient flows through them).</summary>
    /// <exception cref="ArgumentException">When the cost is not a float scalar, or is disconnected from an entry of
    /// <paramref name="wrt"/> and <paramref name="disconnected"/> is <see cref="DisconnectedInputs.Raise"/>.</exception>
    public static Variable[] Of(Variable cost, IReadOnlyList<Variable> wrt, DisconnectedInputs disconnected = DisconnectedInputs.Raise,
        IReadOnlyList<Variable>? considerConstant = null)
    {
        ArgumentNullException.ThrowIfNull(cost);
        if (cost.Rank != 0)
            throw new ArgumentException($"Grad.Of: the cost must be a scalar (rank 0) but {cost.Describe()} has rank {cost.Rank}; reduce it first, e.g. with .Sum() or .Mean()"
                + (cost.Trace is { } t ? $" [built at {t}]" : ""));
        if (!cost.DType.IsFloat())
            throw new ArgumentException($"Grad.Of: the cost must be float32 or float64 but is {cost.DType}");
        var seed = T.Constant(1.0, cost.DType);
        return Lop([cost], wrt, [seed], disconnected, considerConstant);
    }

    /// <summary>vᵀ·J (Theano's Lop): the gradients of Σ_k ⟨outputs[k], gradients[k]⟩ with respect to
    /// <paramref name="wrt"/>, where each gradient has the shape of its output.</summary>
    /// <exception cref="ArgumentException">On mismatched counts or types, or a disconnected input with <see cref="DisconnectedInputs.Raise"/>.</exception>
    public static Variable[] Lop(IReadOnlyList<Variable> outputs, IReadOnlyList<Variable> wrt, IReadOnlyList<Variable> gradients,
        DisconnectedInputs disconnected = DisconnectedInputs.Raise, IReadOnlyList<Variable>? considerConstant = null)
    {
        if (outputs.Count != gradients.Count) throw new ArgumentException($"Grad.Lop: {outputs.Count} outputs but {gradients.Count} gradients");
        foreach (var w in wrt)
        {
            ArgumentNullException.ThrowIfNull(w);
            if (!w.DType.IsFloat()) throw new ArgumentException($"Grad.Of: cannot differentiate with respect to the integer variable {w.Describe()}");
        }

        var blocked = new HashSet<Variable>(considerConstant ?? []);
        // Variables that depend on some wrt (forward reachability through non-blocked edges).
        var order = GraphTraversal.Toposort(outputs);
        var dependsOnWrt = new HashSet<Variable>(wrt);
        foreach (var node in order)
        {
            bool depends = false;
            for (int i = 0; i < node.InputArray.Length; i++)
            {
                var input = node.InputArray[i];
                if (!node.Op.IsShapeOnlyInput(i) && !blocked.Contains(input) && dependsOnWrt.Contains(input)) { depends = true; break; }
            }
            if (depends) foreach (var o in node.OutputArray) dependsOnWrt.Add(o);
        }

        var contributions = new Dictionary<Variable, List<Variable>>();
        for (int k = 0; k < outputs.Count; k++)
        {
            var g = gradients[k];
            if (g.DType != outputs[k].DType) g = T.Cast(g, outputs[k].DType);
            Add(contributions, outputs[k], g);
        }

        for (int n = order.Count - 1; n >= 0; n--)
        {
            var node = order[n];
            bool any = false;
            foreach (var o in node.OutputArray) if (contributions.ContainsKey(o)) { any = true; break; }
            if (!any) continue;
            bool needed = false;
            for (int i = 0; i < node.InputArray.Length; i++)
                if (!node.Op.IsShapeOnlyInput(i) && dependsOnWrt.Contains(node.InputArray[i]) && !blocked.Contains(node.InputArray[i])) { needed = true; break; }
            if (!needed) continue;

            var outGrads = new Variable?[node.OutputArray.Length];
            for (int i = 0; i < outGrads.Length; i++) outGrads[i] = Total(contributions, node.OutputArray[i]);
            Variable?[] inGrads;
            using (SourceTrace.Use(node.Output.Trace)) inGrads = node.Op.Grad(node, outGrads);
            for (int i = 0; i < node.InputArray.Length; i++)
            {
                var input = node.InputArray[i];
                var g = inGrads[i];
                if (g is null || node.Op.IsShapeOnlyInput(i) || !dependsOnWrt.Contains(input) || blocked.Contains(input)) continue;
                if (g.DType != input.DType) g = T.Cast(g, input.DType);
                if (g.Rank != input.Rank)
                    throw new InvalidOperationException($"Grad: {node.Op} returned a gradient of rank {g.Rank} for input {i} of rank {input.Rank}");
                Add(contributions, input, g);
            }
        }

        var result = new Variable[wrt.Count];
        for (int i = 0; i < wrt.Count; i++)
        {
            var total = Total(contributions, wrt[i]);
            if (total is null)
            {
                if (disconnected == DisconnectedInputs.Raise && !IsAncestor(outputs, wrt[i]))
                    throw new ArgumentException($"Grad.Of: the cost does not depend on {wrt[i].Describe()} (argument {i} of wrt)"
                        + (wrt[i].Trace is { } t ? $", created at {t}" : "") + "; pass DisconnectedInputs.Zeros to get zeros");
                total = T.ZerosLike(wrt[i]);
            }
            result[i] = total;
        }
        return result;
    }

    /// <summary>J·v (Theano's Rop): the directional derivative of <paramref name="output"/> along <paramref name="v"/>
    /// (same shape as <paramref name="wrt"/>), built as a double reverse pass.</summary>
    public static Variable Rop(Variable output, Variable wrt, Variable v)
    {
        // uᵀJ is linear in u, so d/du ⟨uᵀJ, v⟩ = J v; u's value never matters (zeros).
        var u = T.ZerosLike(output);
        var uJ = Lop([output], [wrt], [u], DisconnectedInputs.Zeros)[0];
        return Lop([uJ], [u], [v], DisconnectedInputs.Zeros)[0];
    }

    /// <summary>Hessian-vector product H·v of the scalar <paramref name="cost"/> with respect to <paramref name="wrt"/>
    /// (Pearlmutter's trick: the gradient of ⟨∇cost, v⟩).</summary>
    public static Variable HessianVector(Variable cost, Variable wrt, Variable v)
    {
        var g = Of(cost, wrt);
        return Of(T.Sum(g * v), wrt, DisconnectedInputs.Zeros);
    }

    /// <summary>Marks <paramref name="x"/> as a constant for differentiation (Theano's zero_grad / consider_constant):
    /// the value passes through, no gradient flows back.</summary>
    public static Variable ZeroGrad(Variable x) => new ZeroGradOp().Apply1(x);

    /// <summary>Identity whose gradient is clipped elementwise to [<paramref name="min"/>, <paramref name="max"/>] (Theano's grad_clip).</summary>
    public static Variable Clip(Variable x, double min, double max) => GradientControlOp.Clip(min, max).Apply1(x);

    /// <summary>Identity whose gradient is multiplied by <paramref name="factor"/> (Theano's grad_scale).</summary>
    public static Variable Scale(Variable x, double factor) => GradientControlOp.ScaleBy(factor).Apply1(x);

    private static void Add(Dictionary<Variable, List<Variable>> contributions, Variable v, Variable g)
    {
        if (!contributions.TryGetValue(v, out var list)) contributions[v] = list = [];
        list.Add(g);
    }

    private static Variable? Total(Dictionary<Variable, List<Variable>> contributions, Variable v)
    {
        if (!contributions.TryGetValue(v, out var list)) return null;
        var sum = list[0];
        for (int i = 1; i < list.Count; i++) sum = T.Add(sum, list[i]);
        if (list.Count > 1)
        {
            contributions[v] = [sum];
        }
        return sum;
    }

    private static bool IsAncestor(IReadOnlyList<Variable> outputs, Variable v)
    {
        foreach (var x in GraphTraversal.Ancestors(outputs)) if (ReferenceEquals(x, v)) return true;
        return false;
    }
}
