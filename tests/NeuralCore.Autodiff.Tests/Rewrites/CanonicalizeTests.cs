using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;
using static NeuralCore.Autodiff.Tests.Rewrites.RewriteTestUtil;

namespace NeuralCore.Autodiff.Tests.Rewrites;

public class CanonicalizeTests
{
    [Fact]
    public void GradientOfFiveXSquaredSimplifiesToTenX()
    {
        var x = T.Scalar("x");
        var g = Grad.Of(5 * x * x, x);
        Assert.Equal("(10 * x)", Print.Pretty(GraphOptimizer.Simplify(g)));
        var f = AssertSameAsUnoptimized([x], g, [Tensor.Scalar(1.5f)]);
        Assert.Equal(15.0, f.Invoke(Tensor.Scalar(1.5f))[0].GetDouble(0), 5);
    }

    [Fact]
    public void ConstantsInAMulChainAreCollected()
    {
        var x = T.Matrix("x");
        var y = 5 * x * 2;
        Assert.Equal("(10 * x)", Print.Pretty(GraphOptimizer.Simplify(y)));
        AssertSameAsUnoptimized([x], y, [Random(1, 3, 4)]);
    }

    [Fact]
    public void MulThenDivideByTheSameFactorCancels()
    {
        var x = T.Matrix("x");
        var y = T.Matrix("y");
        var e = x * y / x;
        Assert.Equal("y", Print.Pretty(GraphOptimizer.Simplify(e)));
        AssertSameAsUnoptimized([x, y], e, [Random(2, 3, 4), Random(3, 3, 4)]);
    }

    [Fact]
    public void CancellingABroadcastFactorKeepsTheShape()
    {
        // x is (3, 4), y is a row: x*y/x has shape (3, 4), so the result must still be broadcast.
        var x = T.Matrix("x");
        var y = T.Row("y");
        var e = x * y / x;
        var simplified = GraphOptimizer.Simplify(e);
        Assert.False(simplified.Type.IsBroadcastable(0));
        Assert.DoesNotContain(GraphTraversal.Toposort([simplified]), n => n.Op is ElementwiseOp { Scalar: Div });
        var f = AssertSameAsUnoptimized([x, y], e, [Random(4, 3, 4), Random(5, 1, 4)]);
        Assert.Equal(new Shape(3, 4), f.Invoke(Random(4, 3, 4), Random(5, 1, 4))[0].Shape);
    }

    [Fact]
    public void XMinusXIsZero()
    {
        var x = T.Scalar("x");
        Assert.Equal("0", Print.Pretty(GraphOptimizer.Simplify(x - x)));
        var m = T.Matrix("m");
        var zero = GraphOptimizer.Simplify(m - m);
        var f = Function.Compile([m], m - m);
        Assert.All(Values(f.Invoke(Random(6, 2, 3))[0]), v => Assert.Equal(0.0, v));
        Assert.DoesNotContain(GraphTraversal.Toposort([zero]), n => n.Op is ElementwiseOp { Scalar: Sub });
    }

    [Fact]
    public void LikeTermsAndConstantsInAnAddChainAreCollected()
    {
        var x = T.Vector("x");
        Assert.Equal("(x + 3)", Print.Pretty(GraphOptimizer.Simplify(x + 1 + 2)));
        Assert.Equal("(2 * x)", Print.Pretty(GraphOptimizer.Simplify(x + x)));
        Assert.Equal("(3 * x)", Print.Pretty(GraphOptimizer.Simplify(2 * x + x)));
        AssertSameAsUnoptimized([x], 2 * x + x - 4 + x * 3 + 1, [Random(7, 5)]);
    }

    [Fact]
    public void NegationsMoveIntoTheCoefficient()
    {
        var x = T.Vector("x");
        Assert.Equal("(6 * x)", Print.Pretty(GraphOptimizer.Simplify(-(-2 * x) * 3)));
        AssertSameAsUnoptimized([x], -(-2 * x) * 3, [Random(8, 5)]);
    }

    [Fact]
    public void AlreadyCanonicalExpressionsAreLeftAlone()
    {
        var x = T.Vector("x");
        var y = T.Vector("y");
        var e = 5 * x * y + 1;
        var graph = new FunctionGraph([x, y], GraphTraversal.Clone([e]));
        var report = GraphOptimizer.Optimize(graph, new CompileOptions { ExcludedRewrites = ["fusion"] });
        Assert.Equal(0, report.CountOf("mul_canonicalizer"));
        Assert.Equal(0, report.CountOf("add_canonicalizer"));
        Assert.Equal("(((5 * x) * y) + 1)", Print.Pretty(graph.Outputs[0]));
    }
}
