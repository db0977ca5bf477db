namespace NeuralCore.Autodiff;

/// <summary>
/// The mutable graph a compiled function is built from (Theano's FunctionGraph): its inputs (every
/// leaf: function inputs, shared variables, constants), its outputs, its nodes and the clients of
/// each variable. Rewrites change it only through <see cref="Replace"/>, which keeps clients
/// consistent, imports new nodes, prunes dead ones and records the reason.
/// </summary>
public sealed class FunctionGraph
{
    private readonly List<Variable> _outputs;
    private readonly HashSet<Apply> _nodes = [];
    private readonly Dictionary<Variable, ClientList> _clients = [];
    private readonly Dictionary<Variable, int> _outputCount = [];
    private readonly List<(Variable Old, Variable New, string Reason)> _log = [];

    /// <summary>Creates a graph over the given outputs (the graph is not copied: clone it first, as
    /// <see cref="Function.Compile(IReadOnlyList{Variable}, IReadOnlyList{Variable}, IEnumerable{ValueTuple{SharedVariable, Variable}}?, IEnumerable{ValueTuple{Variable, Variable}}?, CompileOptions?)"/> does).</summary>
    public FunctionGraph(IReadOnlyList<Variable> inputs, IReadOnlyList<Variable> outputs)
    {
        Inputs = inputs.ToArray();
        _outputs = [.. outputs];
        foreach (var o in _outputs) _outputCount[o] = _outputCount.GetValueOrDefault(o) + 1;
        foreach (var node in GraphTraversal.Toposort(_outputs)) Import(node);
    }

    /// <summary>The declared inputs of the function (graph inputs given by the caller).</summary>
    public IReadOnlyList<Variable> Inputs { get; }

    /// <summary>The outputs (function outputs followed by update expressions when compiled by <see cref="Function"/>).</summary>
    public IReadOnlyList<Variable> Outputs => _outputs;

    /// <summary>The nodes currently in the graph (unordered; use <see cref="Toposort"/>).</summary>
    public IReadOnlyCollection<Apply> Nodes => _nodes;

    /// <summary>Every replacement done so far: "old -> new (reason)" (formatted when read, so that a compile
    /// that never reads it does not pay for printing ops).</summary>
    public IReadOnlyList<string> ReplaceLog
    {
        get
        {
            var lines = new List<string>(_log.Count);
            foreach (var (o, n, reason) in _log) lines.Add($"{Describe(o)} -> {Describe(n)} ({reason})");
            return lines;
        }
    }

    /// <summary>The (node, input index) pairs that use <paramref name="v"/> (outputs are not clients).</summary>
    public IReadOnlyList<(Apply Node, int Index)> Clients(Variable v) => _clients.TryGetValue(v, out var c) ? c : [];

    /// <summary>True when <paramref name="v"/> is one of the outputs.</summary>
    public bool IsOutput(Variable v) => _outputCount.ContainsKey(v);

    /// <summary>Nodes in topological order (inputs before users).</summary>
    public List<Apply> Toposort()
    {
        var order = GraphTraversal.Toposort(_outputs);
        Visits += order.Count;
        return order;
    }

    /// <summary>Work counter for tests of the optimizer's complexity: nodes walked by <see cref="Toposort"/>, imported by
    /// <see cref="Replace"/> and examined by pruning, plus whatever rewrites add through <see cref="CountVisits"/>.</summary>
    internal long Visits { get; private set; }

    /// <summary>Adds <paramref name="count"/> to <see cref="Visits"/> (rewrites report the nodes they examine).</summary>
    internal void CountVisits(long count) => Visits += count;

    /// <summary>The leaves (inputs, shared variables, constants) the outputs currently depend on.</summary>
    public List<Variable> Leaves() => GraphTraversal.Leaves(_outputs);

    /// <summary>Replaces every use of <paramref name="oldVar"/> (as node input or output) by <paramref name="newVar"/>.
    /// The new variable's nodes are imported; nodes no longer used are removed. The trace of the old
    /// variable is copied to the new one when it has none. <paramref name="newVar"/> must not depend on
    /// <paramref name="oldVar"/> (that would make a cycle).</summary>
    /// <exception cref="ArgumentException">When the dtype or rank differs, or a known extent conflicts.</exception>
    public void Replace(Variable oldVar, Variable newVar, string reason)
    {
        ArgumentNullException.ThrowIfNull(oldVar);
        ArgumentNullException.ThrowIfNull(newVar);
        if (ReferenceEquals(oldVar, newVar)) return;
        if (oldVar.DType != newVar.DType || oldVar.Rank != newVar.Rank)
            throw new ArgumentException($"FunctionGraph.Replace ({reason}): {oldVar.Describe()} cannot be replaced by {newVar.Describe()}");
        for (int i = 0; i < oldVar.Rank; i++)
            if (oldVar.Type.Shape[i] is int a && newVar.Type.Shape[i] is int b && a != b)
                throw new ArgumentException($"FunctionGraph.Replace ({reason}): shapes {oldVar.Type.ShapeString} and {newVar.Type.ShapeString} conflict");
        newVar.Trace ??= oldVar.Trace;
        // Only the new part is walked: the graph's nodes are closed under ancestry, so a walk that stops at known
        // nodes finds exactly the nodes to import (walking all of newVar's ancestors made replacements quadratic).
        var imported = GraphTraversal.Toposort([newVar], _nodes);
        Visits += imported.Count;
        foreach (var node in imported) Import(node);
        var clients = _clients.TryGetValue(oldVar, out var c) ? c.ToArray() : [];
        foreach (var (node, index) in clients)
        {
            node.InputArray[index] = newVar;
            AddClient(newVar, node, index);
        }
        _clients.Remove(oldVar);
        if (_outputCount.Remove(oldVar, out int uses))
        {
            for (int i = 0; i < _outputs.Count; i++)
                if (ReferenceEquals(_outputs[i], oldVar)) _outputs[i] = newVar;
            _outputCount[newVar] = _outputCount.GetValueOrDefault(newVar) + uses;
        }
        _log.Add((oldVar, newVar, reason));
        if (oldVar.Owner is { } dead) Prune(dead);
    }

    /// <summary>Replaces several variables, in order.</summary>
    public void ReplaceAll(IEnumerable<(Variable Old, Variable New)> pairs, string reason)
    {
        foreach (var (o, n) in pairs) Replace(o, n, reason);
    }

    private static string Describe(Variable v) => v.Owner is { } n ? $"{n.Op}#{v.GetHashCode():x}" : v.ToString();

    private void Import(Apply node)
    {
        if (!_nodes.Add(node)) return;
        for (int i = 0; i < node.InputArray.Length; i++) AddClient(node.InputArray[i], node, i);
    }

    private void AddClient(Variable v, Apply node, int index)
    {
        if (!_clients.TryGetValue(v, out var list)) _clients[v] = list = new ClientList();
        list.AddClient((node, index));
    }

    // Removes nodes whose outputs have no clients and are not outputs, walking up iteratively.
    private void Prune(Apply start)
    {
        var stack = new Stack<Apply>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            Visits++;
            if (!_nodes.Contains(node)) continue;
            bool used = false;
            foreach (var o in node.OutputArray)
                if ((_clients.TryGetValue(o, out var cl) && cl.Count > 0) || IsOutput(o)) { used = true; break; }
            if (used) continue;
            _nodes.Remove(node);
            for (int i = 0; i < node.InputArray.Length; i++)
            {
                var input = node.InputArray[i];
                if (_clients.TryGetValue(input, out var list))
                {
                    list.RemoveClient((node, i));
                    if (list.Count == 0) _clients.Remove(input);
                }
                if (input.Owner is { } owner) stack.Push(owner);
            }
        }
    }

    /// <summary>The clients of one variable. A variable can have tens of thousands of clients (a constant merged
    /// across a long chain, the input of a wide sum), so removal is O(1): the last entry moves into the
    /// removed one's place, found through a position index once the list is long.</summary>
    private sealed class ClientList : List<(Apply Node, int Index)>
    {
        private const int IndexedFrom = 16;
        private Dictionary<(Apply Node, int Index), int>? _positions;

        public void AddClient((Apply Node, int Index) client)
        {
            if (_positions is not null) _positions[client] = Count;
            Add(client);
            if (_positions is null && Count > IndexedFrom)
            {
                _positions = new Dictionary<(Apply Node, int Index), int>(Count * 2, ClientComparer.Instance);
                for (int i = 0; i < Count; i++) _positions[this[i]] = i;
            }
        }

        public void RemoveClient((Apply Node, int Index) client)
        {
            int position;
            if (_positions is not null)
            {
                if (!_positions.Remove(client, out position)) return;
            }
            else
            {
                position = -1;
                for (int i = 0; i < Count; i++)
                    if (ReferenceEquals(this[i].Node, client.Node) && this[i].Index == client.Index) { position = i; break; }
                if (position < 0) return;
            }
            int last = Count - 1;
            if (position != last)
            {
                this[position] = this[last];
                if (_positions is not null) _positions[this[position]] = position;
            }
            RemoveAt(last);
        }
    }

    private sealed class ClientComparer : IEqualityComparer<(Apply Node, int Index)>
    {
        public static readonly ClientComparer Instance = new();
        public bool Equals((Apply Node, int Index) a, (Apply Node, int Index) b) => ReferenceEquals(a.Node, b.Node) && a.Index == b.Index;
        public int GetHashCode((Apply Node, int Index) c) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(c.Node), c.Index);
    }
}
