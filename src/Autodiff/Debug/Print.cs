using System.Globalization;
using System.Text;

namespace NeuralCore.Autodiff;

/// <summary>
/// Text views of expression graphs: <see cref="Pretty"/> (math-like, as theano.pp),
/// <see cref="Debug(IReadOnlyList{Variable})"/> (indented DAG with ids, types and ops, as theano.printing.debugprint)
/// and <see cref="Dot(IReadOnlyList{Variable}, string)"/> (Graphviz). All walks are iterative.
/// </summary>
public static class Print
{
    /// <summary>Math-like text of an expression, e.g. <c>(A * B)</c> or <c>exp((x + 1))</c>. Graph inputs and
    /// shared variables print by name, constants by value.</summary>
    public static string Pretty(Variable v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var text = new Dictionary<Variable, string>();
        foreach (var leaf in GraphTraversal.Leaves([v])) text[leaf] = LeafText(leaf);
        foreach (var node in GraphTraversal.Toposort([v]))
        {
            // Shared subexpressions repeat in text; cap long arguments so deep reuse cannot blow up memory.
            var args = node.InputArray.Select(i => text[i].Length > MaxPrettyArgument ? "(...)" : text[i]).ToArray();
            var s = node.Op.Format(args);
            for (int o = 0; o < node.OutputArray.Length; o++)
                text[node.OutputArray[o]] = node.OutputArray.Length == 1 ? s : $"{s}[{o}]";
        }
        return text[v];
    }

    private const int MaxPrettyArgument = 4096;

    private static string LeafText(Variable v) => v switch
    {
        Constant c => c.Format(),
        _ => v.Name ?? $"<{v.Type}>",
    };

    /// <summary>Indented DAG of one expression.</summary>
    public static string Debug(Variable v) => Debug([v]);

    /// <summary>Indented DAG: one line per node with an id, the op, the output type and name; a node already
    /// printed is referenced by its id instead of repeated.</summary>
    public static string Debug(IReadOnlyList<Variable> outputs)
    {
        var sb = new StringBuilder();
        var ids = new Dictionary<Apply, string>();
        var stack = new Stack<(Variable Var, int Depth)>();
        for (int k = outputs.Count - 1; k >= 0; k--) stack.Push((outputs[k], 0));
        while (stack.Count > 0)
        {
            var (v, depth) = stack.Pop();
            sb.Append(' ', depth * 2).Append(depth == 0 ? "" : "|");
            if (v.Owner is not { } node)
            {
                string kind = v switch { Constant => "constant", SharedVariable => "shared", _ => "input" };
                sb.Append(LeafText(v)).Append(" [").Append(kind).Append("] ").Append(v.Type).AppendLine();
                continue;
            }
            bool seen = ids.TryGetValue(node, out var id);
            if (!seen) ids[node] = id = IdOf(ids.Count);
            sb.Append(node.Op.ToString()).Append(node.OutputArray.Length > 1 ? $".{v.OutputIndex}" : "")
              .Append(" [id ").Append(id).Append("] ").Append(v.Type);
            if (v.Name is not null) sb.Append(" '").Append(v.Name).Append('\'');
            if (seen) { sb.AppendLine(" (see above)"); continue; }
            if (v.Trace is { } t) sb.Append("  # ").Append(t);
            sb.AppendLine();
            for (int i = node.InputArray.Length - 1; i >= 0; i--) stack.Push((node.InputArray[i], depth + 1));
        }
        return sb.ToString();
    }

    private static string IdOf(int n)
    {
        // A, B, ..., Z, BA, BB, ... like Theano's debugprint ids.
        var s = new StringBuilder();
        do { s.Insert(0, (char)('A' + n % 26)); n /= 26; } while (n > 0);
        return s.ToString();
    }

    /// <summary>Graphviz DOT text of the graph: ellipses for variables (name/type), boxes for ops.</summary>
    public static string Dot(IReadOnlyList<Variable> outputs, string graphName = "G")
    {
        var sb = new StringBuilder();
        sb.Append("digraph ").Append(graphName).AppendLine(" {").AppendLine("  rankdir=TB;");
        var ids = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        string Id(object o)
        {
            if (!ids.TryGetValue(o, out var id)) ids[o] = id = "n" + ids.Count.ToString(CultureInfo.InvariantCulture);
            return id;
        }
        foreach (var leaf in GraphTraversal.Leaves(outputs))
        {
            string shape = leaf is Constant ? "plaintext" : leaf is SharedVariable ? "doubleoctagon" : "ellipse";
            sb.Append("  ").Append(Id(leaf)).Append(" [shape=").Append(shape).Append(", label=\"").Append(Escape($"{LeafText(leaf)}\\n{leaf.Type}")).AppendLine("\"];");
        }
        foreach (var node in GraphTraversal.Toposort(outputs))
        {
            sb.Append("  ").Append(Id(node)).Append(" [shape=box, label=\"").Append(Escape(node.Op.ToString())).AppendLine("\"];");
            for (int i = 0; i < node.InputArray.Length; i++)
            {
                var input = node.InputArray[i];
                string from = input.Owner is { } producer ? Id(producer) : Id(input);
                sb.Append("  ").Append(from).Append(" -> ").Append(Id(node));
                sb.Append(" [label=\"").Append(Escape(input.Type.ShapeString)).AppendLine("\"];");
            }
        }
        for (int k = 0; k < outputs.Count; k++)
        {
            var o = outputs[k];
            string outId = "out" + k.ToString(CultureInfo.InvariantCulture);
            sb.Append("  ").Append(outId).Append(" [shape=ellipse, style=bold, label=\"").Append(Escape($"{o.Name ?? $"output {k}"}\\n{o.Type}")).AppendLine("\"];");
            sb.Append("  ").Append(o.Owner is { } p ? Id(p) : Id(o)).Append(" -> ").Append(outId).AppendLine(";");
        }
        return sb.AppendLine("}").ToString();
    }

    /// <summary>Graphviz DOT text of one expression.</summary>
    public static string Dot(Variable output) => Dot([output]);

    private static string Escape(string s) => s.Replace("\"", "\\\"", StringComparison.Ordinal);
}
