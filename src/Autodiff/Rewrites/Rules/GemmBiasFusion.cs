using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

/// <summary>
/// Dot + bias fusion (tag <c>gemm_fusion</c>):
/// <list type="bullet">
/// <item><c>dot_bias_to_gemm</c> (stage <c>gemm</c>, before elementwise fusion): <c>dot(x, W) + b</c> with a matrix
/// product used only by the add and b a row broadcast over its rows (shape (n) or (1, n)) becomes one
/// <see cref="DotBiasOp"/>: a GEMM with beta = 1 over an output prefilled with b, so the bias costs no extra pass.</item>
/// <item><c>gemm_epilogue</c> (stage <c>gemm_epilogue</c>, after elementwise fusion): an elementwise node or fused
/// <see cref="CompositeOp"/> that is the only user of a <see cref="DotBiasOp"/> output, with the same shape, is
/// absorbed as the op's epilogue and runs in place on the GEMM output (e.g. <c>relu(dot(x, W) + b)</c> is one op).</item>
/// </list>
/// </summary>
public static class GemmBiasFusion
{
    /// <summary>The tag of both rewrites (exclude it to keep plain dot + add).</summary>
    public const string Tag = "gemm_fusion";

    /// <summary>The rewrite that turns dot + bias into a GEMM with beta = 1.</summary>
    public static LocalRewrite DotBias { get; } = new DotBiasRewrite();

    /// <summary>The rewrite that moves a fused elementwise consumer into the GEMM op as its epilogue.</summary>
    public static GraphRewrite Epilogue { get; } = new EpilogueRewrite();

    private static bool IsBiasRow(Variable b, Variable product)
    {
        if (b.DType != product.DType) return false;
        if (b.Rank == 1) return !b.Type.IsBroadcastable(0);
        return b.Rank == 2 && b.Type.IsBroadcastable(0) && !b.Type.IsBroadcastable(1);
    }

    private sealed class DotBiasRewrite() : LocalRewrite("dot_bias_to_gemm", Tag)
    {
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
        {
            if (Patterns.ScalarOf(node) is not Add || node.InputArray.Length != 2) return null;
            for (int i = 0; i < 2; i++)
            {
                var product = node.InputArray[i];
                var bias = node.InputArray[1 - i];
                if (product.Owner?.Op is not DotOp dot || product.Rank != 2 || !Patterns.SingleUse(graph, product)) continue;
                var (x, w) = (product.Owner.InputArray[0], product.Owner.InputArray[1]);
                if (x.Rank != 2 || w.Rank != 2 || !IsBiasRow(bias, product) || !Patterns.SameType(node.Output, product)) continue;
                return [new DotBiasOp(dot.TransposeA, dot.TransposeB).Apply1(x, w, bias)];
            }
            return null;
        }
    }

    private sealed class EpilogueRewrite() : GraphRewrite("gemm_epilogue", Tag)
    {
        public override int Apply(FunctionGraph graph)
        {
            int count = 0;
            foreach (var node in graph.Toposort())
            {
                if (!Patterns.IsLive(graph, node) || !ElementwiseFusion.IsFusible(node)) continue;
                var composite = node.Op as CompositeOp ?? ToComposite(node);
                if (composite is null) continue;
                for (int p = 0; p < node.InputArray.Length; p++)
                {
                    var product = node.InputArray[p];
                    if (product.Owner?.Op is not DotBiasOp { Epilogue: null } gemm || !Patterns.SingleUse(graph, product)) continue;
                    if (!Patterns.SameType(node.Output, product) || Array.IndexOf(node.InputArray, product, p + 1) >= 0) continue;
                    var inputs = new List<Variable>(product.Owner.InputArray);
                    for (int i = 0; i < node.InputArray.Length; i++) if (i != p) inputs.Add(node.InputArray[i]);
                    Variable fused;
                    using (SourceTrace.Use(node.Output.Trace ?? RewriteStage.RewriteTrace))
                        fused = new DotBiasOp(gemm.TransposeA, gemm.TransposeB, composite, p).Apply1([.. inputs]);
                    fused.Name = node.Output.Name;
                    graph.Replace(node.Output, fused, Name);
                    count++;
                    break;
                }
            }
            return count;
        }

        // A single elementwise node (fusion leaves lone nodes alone) as a one-step composite.
        private static CompositeOp? ToComposite(Apply node)
        {
            if (node.Op is not ElementwiseOp e) return null;
            var args = new int[node.InputArray.Length];
            for (int i = 0; i < args.Length; i++) args[i] = i;
            return new CompositeOp(args.Length, [new CompositeStep(e.Scalar, args)]);
        }
    }
}
