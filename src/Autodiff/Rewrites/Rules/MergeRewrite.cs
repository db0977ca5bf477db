using System.Runtime.CompilerServices;
using NeuralCore.Tensors;

namespace NeuralCore.Autodiff;

/// <summary>
/// Merge (Theano's MergeOptimizer, common-subexpression elimination): equal constants become one
/// constant, and two nodes with equal ops (equal properties) on the same inputs become one node.
/// One pass in topological order suffices because merging a node rewires its users before they are visited.
/// </summary>
public sealed class MergeRewrite : GraphRewrite
{
    /// <summary>Constants with more elements than this are merged only when they are the same object.</summary>
    public const int MaxComparedConstantSize = 4096;

    /// <summary>Creates the rewrite.</summary>
    public MergeRewrite() : base("merge", "merge", RewriteRegistry.FastCompileTag) { }

    /// <inheritdoc/>
    public override int Apply(FunctionGraph graph)
    {
        int count = 0;
        var constants = new Dictionary<ConstantKey, Constant>();
        foreach (var leaf in graph.Leaves())
        {
            if (leaf is not Constant c || c.Value.Length > MaxComparedConstantSize) continue;
            var key = new ConstantKey(c);
            if (!constants.TryGetValue(key, out var first)) { constants[key] = c; continue; }
            graph.Replace(c, first, Name);
            count++;
        }

        var nodes = new Dictionary<NodeKey, Apply>();
        foreach (var node in graph.Toposort())
        {
            if (!Patterns.IsLive(graph, node)) continue;
            var key = new NodeKey(node.Op, [.. node.InputArray]);
            if (!nodes.TryGetValue(key, out var first)) { nodes[key] = node; continue; }
            for (int o = 0; o < node.OutputArray.Length; o++) graph.Replace(node.OutputArray[o], first.OutputArray[o], Name);
            count++;
        }
        return count;
    }

    private readonly struct NodeKey(Op op, Variable[] inputs) : IEquatable<NodeKey>
    {
        private readonly Op _op = op;
        private readonly Variable[] _inputs = inputs;

        public bool Equals(NodeKey other)
        {
            if (_inputs.Length != other._inputs.Length || !_op.Equals(other._op)) return false;
            for (int i = 0; i < _inputs.Length; i++) if (!ReferenceEquals(_inputs[i], other._inputs[i])) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is NodeKey k && Equals(k);

        public override int GetHashCode()
        {
            var h = new HashCode();
            h.Add(_op);
            foreach (var v in _inputs) h.Add(RuntimeHelpers.GetHashCode(v));
            return h.ToHashCode();
        }
    }

    private readonly struct ConstantKey(Constant c) : IEquatable<ConstantKey>
    {
        private readonly Tensor _value = c.Value;

        public bool Equals(ConstantKey other)
        {
            var a = _value; var b = other._value;
            if (a.DType != b.DType || a.Shape != b.Shape) return false;
            for (int i = 0; i < a.Length; i++)
            {
                double x = a.GetDouble(i), y = b.GetDouble(i);
                // Bitwise equality: 0.0 and -0.0 differ, NaN equals NaN.
                if (BitConverter.DoubleToInt64Bits(x) != BitConverter.DoubleToInt64Bits(y)) return false;
            }
            return true;
        }

        public override bool Equals(object? obj) => obj is ConstantKey k && Equals(k);

        public override int GetHashCode()
        {
            var h = new HashCode();
            h.Add(_value.DType);
            h.Add(_value.Shape.Rank);
            for (int i = 0; i < Math.Min(_value.Length, 16); i++) h.Add(_value.GetDouble(i));
            return h.ToHashCode();
        }
    }
}
