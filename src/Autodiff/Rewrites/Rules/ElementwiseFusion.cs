using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

/// <summary>
/// Elementwise fusion (Theano's FusionOptimizer): a maximal tree of float elementwise nodes whose
/// intermediate results are used only inside the tree becomes one <see cref="CompositeOp"/>, which
/// runs the whole tree in one pass over memory (e.g. the bias-add and nonlinearity after a dot, the
/// backward of a nonlinearity, a whole SGD/Adam update). Intermediates used elsewhere or returned
/// as outputs stay materialized. Runs at compile time after the gradient is built.
/// </summary>
public sealed class ElementwiseFusion : GraphRewrite
{
    /// <summary>Creates the rewrite.</summary>
    public ElementwiseFusion() : base("elementwise_fusion", "fusion") { }

    /// <summary>True when <paramref name="node"/> can be part of a fused loop.</summary>
    public static bool IsFusible(Apply node)
    {
        var output = node.Output;
        if (node.OutputArray.Length != 1 || !output.DType.IsFloat()) return false;
        if (node.Op is CompositeOp) return true;
        if (node.Op is not ElementwiseOp e || !CompositeOp.CanFuse(e.Scalar)) return false;
        foreach (var i in node.InputArray) if (i.DType != output.DType) return false;
        return true;
    }

    /// <inheritdoc/>
    public override int Apply(FunctionGraph graph)
    {
        var order = graph.Toposort();
        var position = new Dictionary<Apply, int>(order.Count);
        for (int i = 0; i < order.Count; i++) position[order[i]] = i;
        var absorbed = new HashSet<Apply>();
        int fused = 0;
        for (int r = order.Count - 1; r >= 0; r--)
        {
            var root = order[r];
            if (absorbed.Contains(root) || !IsFusible(root)) continue;
            var group = Grow(graph, root, absorbed);
            if (group.Count < 2) continue;
            foreach (var n in group) absorbed.Add(n);
            group.Sort((a, b) => position[a].CompareTo(position[b]));
            Fuse(graph, root, group);
            fused++;
        }
        return fused;
    }

    // Adds producers whose every use is inside the group, until none can be added. Each producer counts its uses
    // by group members; it joins when that count reaches its client count. Every node and edge is looked at once,
    // so a group of n nodes costs O(n) (re-scanning a list of waiting producers made large DAGs quadratic).
    private static List<Apply> Grow(FunctionGraph graph, Apply root, HashSet<Apply> absorbed)
    {
        var group = new List<Apply> { root };
        var members = new HashSet<Apply> { root };
        var usesInside = new Dictionary<Apply, int>();
        var frontier = new Stack<Apply>();
        frontier.Push(root);
        long visits = 0;
        while (frontier.Count > 0)
        {
            var node = frontier.Pop();
            visits++;
            foreach (var input in node.InputArray)
            {
                if (input.Owner is not { } p || members.Contains(p) || absorbed.Contains(p)) continue;
                if (!IsFusible(p) || p.Output.DType != root.Output.DType || graph.IsOutput(input)) continue;
                int inside = usesInside.GetValueOrDefault(p) + 1;
                usesInside[p] = inside;
                if (inside < graph.Clients(p.Output).Count) continue;
                members.Add(p);
                group.Add(p);
                frontier.Push(p);
            }
        }
        graph.CountVisits(visits);
        return group;
    }

    private static void Fuse(FunctionGraph graph, Apply root, List<Apply> group)
    {
        var register = new Dictionary<Variable, int>();
        var inputs = new List<Variable>();
        var steps = new List<CompositeStep>();
        var members = new HashSet<Apply>(group);
        int Operand(Variable v)
        {
            if (register.TryGetValue(v, out int r)) return r;
            // External inputs get the first registers; they are numbered after all steps are known.
            r = -1 - inputs.Count;
            inputs.Add(v);
            register[v] = r;
            return r;
        }
        foreach (var node in group)
        {
            var args = new int[node.InputArray.Length];
            for (int i = 0; i < args.Length; i++)
            {
                var v = node.InputArray[i];
                args[i] = v.Owner is { } p && members.Contains(p) ? register[v] : Operand(v);
            }
            if (node.Op is CompositeOp inner)
            {
                // Inline: inner input i -> args[i], inner step k -> a new step.
                var map = new int[inner.InputCount + inner.Steps.Count];
                for (int i = 0; i < inner.InputCount; i++) map[i] = args[i];
                for (int k = 0; k < inner.Steps.Count; k++)
                {
                    var s = inner.Steps[k];
                    var a = new int[s.Args.Length];
                    for (int j = 0; j < a.Length; j++) a[j] = map[s.Args[j]];
                    map[inner.InputCount + k] = steps.Count;
                    steps.Add(new CompositeStep(s.Scalar, a));
                }
                register[node.Output] = map[^1];
            }
            else
            {
                register[node.Output] = steps.Count;
                steps.Add(new CompositeStep(((ElementwiseOp)node.Op).Scalar, args));
            }
        }
        // Steps referred to by index k (>= 0) and inputs by -1 - i; renumber into registers.
        int n = inputs.Count;
        var renumbered = new List<CompositeStep>(steps.Count);
        foreach (var s in steps)
        {
            var a = new int[s.Args.Length];
            for (int j = 0; j < a.Length; j++) a[j] = s.Args[j] < 0 ? -1 - s.Args[j] : n + s.Args[j];
            renumbered.Add(new CompositeStep(s.Scalar, a));
        }
        Variable fusedOutput;
        using (SourceTrace.Use(root.Output.Trace ?? RewriteStage.RewriteTrace))
            fusedOutput = new CompositeOp(n, renumbered).Apply1([.. inputs]);
        fusedOutput.Name = root.Output.Name;
        graph.Replace(root.Output, fusedOutput, "elementwise_fusion");
    }
}
