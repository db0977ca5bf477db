using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;
using static NeuralCore.Autodiff.Tests.Rewrites.RewriteTestUtil;

namespace NeuralCore.Autodiff.Tests.Rewrites;

public class MergeAndFoldingTests
{
    [Fact]
    public void ConstantSubexpressionsAreFolded()
    {
        var x = T.Vector("x");
        var two = T.Constant(2.0);
        var three = T.Constant(3.0);
        var e = T.Exp(two + three) * x;
        var s = GraphOptimizer.Simplify(e);
        Assert.Equal($"({Math.Exp(5.0).ToString("G7", System.Globalization.CultureInfo.InvariantCulture)} * x)", Print.Pretty(s));
        AssertSameAsUnoptimized([x], e, [Random(1, 4)], 1e-6);
    }

    [Fact]
    public void IdenticalSubgraphsAreComputedOnce()
    {
        var x = T.Matrix("x");
        var e = T.Exp(x * 2) + T.Exp(x * 2) * T.Tanh(x * 2);
        var s = GraphOptimizer.Simplify(e);
        var nodes = GraphTraversal.Toposort([s]);
        Assert.Equal(1, CountScalar<Exp>(nodes));
        Assert.Equal(1, CountScalar<Tanh>(nodes));
        AssertSameAsUnoptimized([x], e, [Random(2, 3, 3)]);
    }

    [Fact]
    public void EqualConstantsBecomeOneConstant()
    {
        var x = T.Vector("x");
        var e = T.Maximum(x, T.Constant(Tensor.FromArray([1f, 2f, 3f]))) + T.Minimum(x, T.Constant(Tensor.FromArray([1f, 2f, 3f])));
        var graph = new FunctionGraph([x], GraphTraversal.Clone([e]));
        Assert.Equal(2, graph.Leaves().OfType<Constant>().Count());
        new MergeRewrite().Apply(graph);
        Assert.Single(graph.Leaves().OfType<Constant>());
        AssertSameAsUnoptimized([x], e, [Random(3, 3)]);
    }

    [Fact]
    public void FastCompileRunsOnlyMergeAndConstantFolding()
    {
        var x = T.Vector("x");
        var e = (T.Constant(2.0) + T.Constant(3.0)) * x * 2;
        var fast = GraphOptimizer.Simplify(e, new CompileOptions { FastCompile = true });
        Assert.Equal("((5 * x) * 2)", Print.Pretty(fast));
        Assert.Equal("(10 * x)", Print.Pretty(GraphOptimizer.Simplify(e)));
        AssertSameAsUnoptimized([x], e, [Random(4, 3)], options: new CompileOptions { FastCompile = true });
    }
}
