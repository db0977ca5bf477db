using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;
using static NeuralCore.Autodiff.Tests.Rewrites.RewriteTestUtil;

namespace NeuralCore.Autodiff.Tests.Rewrites;

public class RewriteEngineTests
{
    [Fact]
    public void RewritesCanBeTurnedOffByNameTagOrStage()
    {
        var x = T.Scalar("x", DType.Float64);
        var e = T.Log(1 + T.Exp(x));
        Assert.Equal("softplus(x)", Print.Pretty(GraphOptimizer.Simplify(e)));
        Assert.Equal("log1p(exp(x))", Print.Pretty(GraphOptimizer.Simplify(e, new CompileOptions { ExcludedRewrites = ["fusion", "log1pexp_to_softplus"] })));
        Assert.Equal("log((1 + exp(x)))", Print.Pretty(GraphOptimizer.Simplify(e, new CompileOptions { ExcludedRewrites = ["fusion", "stabilize"] })));
        var y = T.Vector("y");
        Assert.Equal("((5 * y) * 2)", Print.Pretty(GraphOptimizer.Simplify(5 * y * 2, new CompileOptions { ExcludedRewrites = ["fusion", "mul_canonicalizer"] })));
        Assert.Equal("((5 * y) * 2)", Print.Pretty(GraphOptimizer.Simplify(5 * y * 2, new CompileOptions { ExcludedRewrites = ["fusion", "canonicalize"] })));
    }

    private sealed class Swap(string name) : LocalRewrite(name, "test")
    {
        // a + b -> b + a, forever: only the iteration cap stops it.
        public override Variable[]? Transform(FunctionGraph graph, Apply node)
            => node.Op is ElementwiseOp { Scalar: Add } ? [T.Add(node.InputArray[1], node.InputArray[0])] : null;
    }

    [Fact]
    public void FixpointIterationIsBounded()
    {
        var registry = new RewriteRegistry();
        registry.AddStage("pingpong", maxIterations: 5).Add(new Swap("swap"));
        var x = T.Vector("x");
        var y = T.Vector("y");
        var graph = new FunctionGraph([x, y], GraphTraversal.Clone([x + y]));
        var report = GraphOptimizer.Optimize(graph, CompileOptions.Default, registry);
        var stage = Assert.Single(report.Stages);
        Assert.Equal(5, stage.Iterations);
        Assert.False(stage.Converged);
        Assert.Equal(5, report.CountOf("swap"));
        Assert.Equal("(y + x)", Print.Pretty(graph.Outputs[0]));
    }

    [Fact]
    public void ReportCountsEachRewriteAndEveryStageConverges()
    {
        var x = T.Matrix("x");
        var e = T.Log(1 + T.Exp(x * 1)) + 5 * x * 2;
        var graph = new FunctionGraph([x], GraphTraversal.Clone([e]));
        var report = GraphOptimizer.Optimize(graph, CompileOptions.Default);
        Assert.Equal(1, report.CountOf("useless_mul_one"));
        Assert.Equal(1, report.CountOf("local_log1p"));
        Assert.Equal(1, report.CountOf("log1pexp_to_softplus"));
        Assert.Equal(1, report.CountOf("mul_canonicalizer"));
        Assert.All(report.Stages, s => Assert.True(s.Converged, s.Stage));
        Assert.Contains("local_log1p", report.ToString());
        Assert.True(report.NodesAfter < report.NodesBefore);
    }

    [Fact]
    public void CompileLogsTheGraphBeforeAndAfterOptimization()
    {
        var x = T.Matrix("x");
        var log = new StringWriter();
        Function.Compile([x], T.Sigmoid(x * 1 + 1) * 2, options: new CompileOptions { GraphLog = log });
        var text = log.ToString();
        int before = text.IndexOf("=== graph before optimization ===", StringComparison.Ordinal);
        int after = text.IndexOf("=== graph after optimization ===", StringComparison.Ordinal);
        Assert.True(before >= 0 && after > before, text);
        Assert.Contains("mul [id", text[before..after], StringComparison.Ordinal);
        Assert.Contains("composite{", text[after..], StringComparison.Ordinal);
        Assert.Contains("=== rewrites ===", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RewrittenNodesKeepTheSourceTraceOfTheNodeTheyReplace()
    {
        var x = T.Scalar("x", DType.Float64);
        var e = T.Log(1 + T.Exp(x)); // built on this line
        var trace = e.Trace;
        Assert.NotNull(trace);
        var s = GraphOptimizer.Simplify(e);
        Assert.Equal("softplus(x)", Print.Pretty(s));
        Assert.Same(trace, s.Trace);
    }

    [Fact]
    public void OptimizerDoesNotTouchTheUsersGraph()
    {
        var x = T.Vector("x");
        var e = 5 * x * 2;
        var before = Print.Debug(e);
        GraphOptimizer.Simplify(e);
        Function.Compile([x], e);
        Assert.Equal(before, Print.Debug(e));
    }
}
