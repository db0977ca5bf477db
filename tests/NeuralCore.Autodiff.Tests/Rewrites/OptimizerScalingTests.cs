using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests.Rewrites;

/// <summary>
/// The optimizer's work grows linearly with the graph: the internal visit counter of <see cref="FunctionGraph"/>
/// (nodes walked by toposorts, imported by replacements, pruned, examined by fusion, plus one per local rewrite
/// attempt) is compared between a graph and the same kind of graph four times as large. Linear work gives a ratio
/// near 4, quadratic work near 16. (Work is counted instead of timed: timing tests are noisy on a shared machine.)
/// </summary>
public class OptimizerScalingTests
{
    private static (long Visits, int Nodes) Optimize(string kind, int size)
    {
        Variable output;
        Variable[] inputs;
        using (SourceTrace.Use(SourceTrace.Capture()))
        {
            var x = T.Vector("x");
            inputs = [x];
            Variable y = x;
            switch (kind)
            {
                case "chain": // one long elementwise chain sharing two constants: one composite of every node
                    for (int i = 0; i < size / 3; i++) y = T.Tanh(y * 1.01f + 0.1f);
                    break;
                case "wide": // x + 2x + 3x + ...: one input with thousands of clients
                    y = T.Exp(x);
                    for (int i = 1; i < size / 2; i++) y = y + x * (float)(i + 1);
                    break;
                case "gradient": // forward chain and its gradient: a DAG where every tanh output has two uses
                    for (int i = 0; i < size / 12; i++) y = T.Tanh(y * 1.01f + 0.1f);
                    y = Grad.Of(y.Sum(), x) + y;
                    break;
                default: // dots with bias and nonlinearity: many separate fusions and merges
                    var w = T.Matrix("w");
                    inputs = [x, w];
                    for (int i = 0; i < size / 4; i++) y = T.Relu(T.Dot(w, y) + 0.5f);
                    break;
            }
            output = y;
        }
        var graph = new FunctionGraph(inputs, GraphTraversal.Clone([output]));
        int nodes = graph.Nodes.Count;
        GraphOptimizer.Optimize(graph, CompileOptions.Default);
        return (graph.Visits, nodes);
    }

    [Theory]
    [InlineData("chain")]
    [InlineData("wide")]
    [InlineData("gradient")]
    [InlineData("dots")]
    public void OptimizerWorkGrowsLinearlyWithTheGraph(string kind)
    {
        var small = Optimize(kind, 1000);
        var large = Optimize(kind, 4000);
        double nodeRatio = (double)large.Nodes / small.Nodes;
        double workRatio = (double)large.Visits / small.Visits;
        Assert.InRange(nodeRatio, 3.5, 4.5);
        Assert.True(workRatio < 1.25 * nodeRatio,
            $"{kind}: {small.Nodes} nodes -> {small.Visits} visits, {large.Nodes} nodes -> {large.Visits} visits (work ratio {workRatio:F2} for node ratio {nodeRatio:F2})");
        Assert.True(large.Visits < 200L * large.Nodes, $"{kind}: {large.Visits} visits for {large.Nodes} nodes");
    }
}
