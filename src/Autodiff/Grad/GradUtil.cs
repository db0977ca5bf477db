using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

/// <summary>Small graph helpers used by the op gradients.</summary>
internal static class GradUtil
{
    /// <summary>Sums <paramref name="g"/> (the gradient of a broadcast result) down to the type of
    /// <paramref name="x"/>: over padded leading axes and over axes broadcastable in x but not in g.</summary>
    public static Variable SumToMatch(Variable g, Variable x)
    {
        if (g.Rank < x.Rank) return T.Fill(x, g);
        int lead = g.Rank - x.Rank;
        var axes = new List<int>();
        for (int i = 0; i < lead; i++) axes.Add(i);
        for (int i = 0; i < x.Rank; i++)
            if (x.Type.IsBroadcastable(i) && !g.Type.IsBroadcastable(lead + i)) axes.Add(lead + i);
        if (axes.Count > 0) g = T.Sum(g, axes.ToArray(), keepDims: true);
        if (lead > 0)
        {
            var pattern = new int[x.Rank];
            for (int i = 0; i < pattern.Length; i++) pattern[i] = lead + i;
            g = new DimShuffleOp(pattern).Apply1(g);
        }
        for (int i = 0; i < x.Rank; i++)
            if (g.Type.IsBroadcastable(i) && !x.Type.IsBroadcastable(i)) return T.Fill(x, g);
        return g;
    }

    /// <summary>Re-inserts reduced axes (as broadcastable) into a reduction's output gradient.</summary>
    public static Variable ExpandReduced(Variable g, int inputRank, int[] axes, bool keepDims)
    {
        if (keepDims) return g;
        var pattern = new int[inputRank];
        int k = 0;
        for (int i = 0; i < inputRank; i++) pattern[i] = Array.IndexOf(axes, i) >= 0 ? -1 : k++;
        return new DimShuffleOp(pattern).Apply1(g);
    }

    /// <summary>Gradients of a fused op's inputs obtained by differentiating its definition in simpler ops.
    /// <paramref name="expand"/> builds that definition on stand-ins for the node's inputs, so the result
    /// holds the partial derivatives even when one input depends on another; the stand-ins are then
    /// replaced by the real inputs. Keeps gradients of gradients working for fused kernels.</summary>
    public static Variable?[] ThroughExpansion(Apply node, Func<Variable[], Variable> expand, Variable outputGradient)
    {
        var inputs = node.InputArray;
        var standIns = inputs.Select(v => new Variable(v.Type, v.Name)).ToArray();
        var expansion = expand(standIns);
        var result = new Variable?[inputs.Length];
        var positions = new List<int>();
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i].DType.IsFloat() && !node.Op.IsShapeOnlyInput(i)) positions.Add(i);
        var grads = Grad.Lop([expansion], positions.Select(i => standIns[i]).ToArray(), [outputGradient], DisconnectedInputs.Zeros);
        var replacements = new Dictionary<Variable, Variable>();
        for (int i = 0; i < inputs.Length; i++) replacements[standIns[i]] = inputs[i];
        var real = GraphTraversal.Clone(grads, replacements);
        for (int k = 0; k < positions.Count; k++) result[positions[k]] = real[k];
        return result;
    }
}
