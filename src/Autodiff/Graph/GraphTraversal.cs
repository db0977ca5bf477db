namespace NeuralCore.Autodiff;

/// <summary>
/// Iterative graph walks (no recursion, so graphs of any depth are safe): topological order,
/// ancestors, and cloning with substitutions (givens).
/// </summary>
public static class GraphTraversal
{
    /// <summary>The Apply nodes that <paramref name="outputs"/> depend on, inputs before users (deterministic order).</summary>
    public static List<Apply> Toposort(IReadOnlyList<Variable> outputs) => Toposort(outputs, null);

    /// <summary>As <see cref="Toposort(IReadOnlyList{Variable})"/>, but nodes in <paramref name="known"/> are treated as
    /// leaves: neither they nor their ancestors are walked (the new part of a graph whose old part is known).</summary>
    internal static List<Apply> Toposort(IReadOnlyList<Variable> outputs, IReadOnlySet<Apply>? known)
    {
        var order = new List<Apply>();
        var state = new Dictionary<Apply, bool>(); // false = in progress, true = done
        var stack = new Stack<(Apply Node, int NextInput)>();
        foreach (var output in outputs)
        {
            if (output.Owner is not { } root || state.ContainsKey(root) || (known?.Contains(root) ?? false)) continue;
            stack.Push((root, 0));
            state[root] = false;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.InputArray.Length)
                {
                    stack.Push((node, next + 1));
                    if (node.InputArray[next].Owner is { } child && !state.ContainsKey(child) && !(known?.Contains(child) ?? false))
                    {
                        state[child] = false;
                        stack.Push((child, 0));
                    }
                    continue;
                }
                state[node] = true;
                order.Add(node);
            }
        }
        return order;
    }

    /// <summary>Every variable <paramref name="outputs"/> depend on (including themselves), each once.</summary>
    public static List<Variable> Ancestors(IReadOnlyList<Variable> outputs)
    {
        var seen = new HashSet<Variable>();
        var result = new List<Variable>();
        var stack = new Stack<Variable>(outputs);
        while (stack.Count > 0)
        {
            var v = stack.Pop();
            if (!seen.Add(v)) continue;
            result.Add(v);
            if (v.Owner is { } node)
                foreach (var i in node.InputArray) if (!seen.Contains(i)) stack.Push(i);
        }
        return result;
    }

    /// <summary>The leaves (inputs, constants, shared variables) that <paramref name="outputs"/> depend on.</summary>
    public static List<Variable> Leaves(IReadOnlyList<Variable> outputs)
    {
        var leaves = new List<Variable>();
        foreach (var v in Ancestors(outputs)) if (v.Owner is null) leaves.Add(v);
        return leaves;
    }

    /// <summary>Copies the graph of <paramref name="outputs"/> with new Apply nodes (leaves are kept), replacing
    /// each key of <paramref name="replacements"/> by its value first (Theano's givens). Returns the new outputs.</summary>
    /// <exception cref="ArgumentException">When a replacement's dtype or rank differs from the variable it replaces.</exception>
    public static Variable[] Clone(IReadOnlyList<Variable> outputs, IReadOnlyDictionary<Variable, Variable>? replacements = null)
    {
        var map = new Dictionary<Variable, Variable>();
        if (replacements is not null)
        {
            foreach (var (old, @new) in replacements)
            {
                if (old.DType != @new.DType || old.Rank != @new.Rank)
                    throw new ArgumentException($"givens: {old.Describe()} cannot be replaced by {@new.Describe()} (dtype and rank must match)");
            }
        }
        Variable Resolve(Variable v)
        {
            if (replacements is not null && replacements.TryGetValue(v, out var r)) return map.TryGetValue(r, out var rr) ? rr : r;
            return map.TryGetValue(v, out var m) ? m : v;
        }
        // Replacement graphs first, so a node that uses a replaced variable finds its replacement cloned;
        // within each pass the topological order resolves every input before it is used.
        var done = new HashSet<Apply>();
        var passes = new List<List<Apply>>();
        if (replacements is not null) passes.Add(Toposort(replacements.Values.ToList()));
        passes.Add(Toposort(outputs));
        foreach (var order in passes)
            foreach (var node in order)
            {
                if (!done.Add(node)) continue;
                var inputs = new Variable[node.InputArray.Length];
                for (int i = 0; i < inputs.Length; i++) inputs[i] = Resolve(node.InputArray[i]);
                var clone = new Apply(node.Op, inputs);
                var outs = new Variable[node.OutputArray.Length];
                for (int i = 0; i < outs.Length; i++)
                {
                    var o = node.OutputArray[i];
                    outs[i] = new Variable(o.Type, clone, i, o.Name, o.Trace);
                    map[o] = outs[i];
                }
                clone.OutputArray = outs;
            }
        var result = new Variable[outputs.Count];
        for (int i = 0; i < result.Length; i++) result[i] = Resolve(outputs[i]);
        return result;
    }
}
