using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;
using static NeuralCore.Autodiff.Tests.Rewrites.RewriteTestUtil;

namespace NeuralCore.Autodiff.Tests.Rewrites;

public class UselessOpsTests
{
    [Theory]
    [InlineData("add0")]
    [InlineData("0add")]
    [InlineData("sub0")]
    [InlineData("mul1")]
    [InlineData("1mul")]
    [InlineData("div1")]
    [InlineData("negneg")]
    public void NeutralOperationsDisappear(string which)
    {
        var x = T.Matrix("x");
        var e = which switch
        {
            "add0" => x + 0,
            "0add" => 0 + x,
            "sub0" => x - 0,
            "mul1" => x * 1,
            "1mul" => 1 * x,
            "div1" => x / 1,
            _ => -(-x),
        };
        Assert.Same(x, GraphOptimizer.Simplify(e));
        AssertSameAsUnoptimized([x], e, [Random(1, 2, 3)]);
    }

    [Fact]
    public void DoubleTransposeAndIdentityDimShuffleDisappear()
    {
        var x = T.Matrix("x");
        Assert.Same(x, GraphOptimizer.Simplify(x.Transpose().Transpose()));
        Assert.Same(x, GraphOptimizer.Simplify(T.DimShuffle(x, 0, 1)));
        var t = T.Tensor3("t");
        var twice = T.Transpose(T.Transpose(t, 1, 2, 0), 2, 0, 1);
        Assert.Same(t, GraphOptimizer.Simplify(twice));
        AssertSameAsUnoptimized([t], twice * 1.5, [Random(2, 2, 3, 4)]);
    }

    [Fact]
    public void DimShuffleChainBecomesOneDimShuffle()
    {
        var v = T.Vector("v");
        var e = T.DimShuffle(T.DimShuffle(v, "x", 0), 1, 0);
        var s = GraphOptimizer.Simplify(e);
        var nodes = GraphTraversal.Toposort([s]);
        Assert.Single(nodes);
        Assert.Equal([0, -1], ((DimShuffleOp)nodes[0].Op).Pattern);
        AssertSameAsUnoptimized([v], e * 2, [Random(3, 5)]);
    }

    [Fact]
    public void ABroadcastOperandIsNotReturnedForALargerResult()
    {
        // row + zeros(3, 4): the result is (3, 4), so it cannot be replaced by the (1, 4) row.
        var row = T.Row("r");
        var zeros = T.Constant(Tensor.Zeros<float>(new Shape(3, 4)));
        var e = row + zeros;
        var s = GraphOptimizer.Simplify(e);
        Assert.NotSame(row, s);
        Assert.False(s.Type.IsBroadcastable(0));
        var f = AssertSameAsUnoptimized([row], e, [Random(4, 1, 4)]);
        Assert.Equal(new Shape(3, 4), f.Invoke(Random(4, 1, 4))[0].Shape);
    }

    [Fact]
    public void FillWithAValueOfTheSameShapeIsTheValue()
    {
        var x = T.Matrix("x");
        var y = T.Matrix("y");
        Assert.Same(y, GraphOptimizer.Simplify(T.Fill(x, y)));
        var s = T.Scalar("s");
        Assert.NotSame(s, GraphOptimizer.Simplify(T.Fill(x, s))); // the scalar must still be broadcast
    }

    [Fact]
    public void ReshapeToTheSameStaticShapeDisappears()
    {
        var x = T.Input([3, 4], "x");
        Assert.Same(x, GraphOptimizer.Simplify(T.Reshape(x, 3, 4)));
        var changed = GraphOptimizer.Simplify(T.Reshape(x, 4, 3));
        Assert.IsType<ReshapeOp>(changed.Owner!.Op);
        AssertSameAsUnoptimized([x], T.Reshape(T.Reshape(x, 3, 4) * 2, 2, 6), [Random(5, 3, 4)]);
    }
}
