using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests;

/// <summary>Op equality and hashing by properties (what merging relies on), and in-place declarations.</summary>
public class OpContractTests
{
    public static TheoryData<Op, Op, bool> Pairs => new()
    {
        { new ElementwiseOp(Add.Instance), new ElementwiseOp(new Add()), true },
        { new ElementwiseOp(new Relu(0.1)), new ElementwiseOp(new Relu(0.1)), true },
        { new ElementwiseOp(new Relu(0.1)), new ElementwiseOp(new Relu(0.2)), false },
        { new ElementwiseOp(Add.Instance), new ElementwiseOp(Mul.Instance), false },
        { new ElementwiseOp(new Cast(DType.Float64)), new ElementwiseOp(new Cast(DType.Float32)), false },
        { new DimShuffleOp(1, 0), new DimShuffleOp(1, 0), true },
        { new DimShuffleOp(1, 0), new DimShuffleOp(0, -1, 1), false },
        { new ReduceOp(ReduceKind.Sum, [1], false), new ReduceOp(ReduceKind.Sum, [1], false), true },
        { new ReduceOp(ReduceKind.Sum, [1], false), new ReduceOp(ReduceKind.Sum, [1], true), false },
        { new ReduceOp(ReduceKind.Sum, [1], false), new ReduceOp(ReduceKind.Mean, [1], false), false },
        { new DotOp(false, true), new DotOp(false, true), true },
        { new DotOp(false, true), DotOp.Instance, false },
        { new SubtensorOp(1, 1..3), new SubtensorOp(1, 1..3), true },
        { new SubtensorOp(1, 1..3), new SubtensorOp(1, 1..4), false },
        { new Conv2DOp(new Conv2DOptions(2, 2)), new Conv2DOp(new Conv2DOptions(2, 2)), true },
        { new Conv2DOp(new Conv2DOptions(2, 2)), new Conv2DOp(new Conv2DOptions(FlipFilters: true)), false },
        { new SoftmaxOp(1), new SoftmaxOp(1), true },
        { new SoftmaxOp(1), new LogSoftmaxOp(1), false },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void EqualityFollowsProperties(Op a, Op b, bool equal)
    {
        Assert.Equal(equal, a.Equals(b));
        Assert.Equal(equal, b.Equals(a));
        if (equal) Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void RandomOpsAreNeverEqual()
    {
        var rng = new RandomStreams(1);
        var u1 = rng.Uniform([2]);
        var u2 = rng.Uniform([2]);
        Assert.False(u1.Owner!.Op.Equals(u2.Owner!.Op));
        Assert.False(u1.Owner.Op.CanConstantFold);
    }

    [Fact]
    public void ElementwiseOpsDeclareInPlaceSupport()
    {
        Assert.True(new ElementwiseOp(Add.Instance).CanRunInPlace(1));
        Assert.False(DotOp.Instance.CanRunInPlace(0));
    }

    [Fact]
    public void DefaultUpdatesApplyUnlessDisabled()
    {
        var counter = T.Shared(Tensor.FromArray([0.0]), "counter");
        counter.DefaultUpdate = counter + 1.0;
        var x = T.Vector("x", DType.Float64);
        var f = Function.Compile([x], x + counter);
        f.Invoke(Tensor.FromArray([1.0]));
        f.Invoke(Tensor.FromArray([1.0]));
        Assert.Equal([2.0], counter.Value.D());
        var g = Function.Compile([x], x + counter, options: new CompileOptions { NoDefaultUpdates = true });
        g.Invoke(Tensor.FromArray([1.0]));
        Assert.Equal([2.0], counter.Value.D());
    }
}
