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

    [Fact]
    public void ExplicitUpdateWinsOverTheDefaultUpdate()
    {
        var counter = T.Shared(Tensor.FromArray([0.0]), "counter");
        counter.DefaultUpdate = counter + 1.0;
        var x = T.Vector("x", DType.Float64);
        var f = Function.Compile([x], [x + counter], updates: [(counter, counter + 10.0)]);
        f.Invoke(Tensor.FromArray([1.0]));
        Assert.Equal([10.0], counter.Value.D());
    }

    [Fact]
    public void DefaultUpdateOfAnUnusedVariableIsNotApplied()
    {
        var counter = T.Shared(Tensor.FromArray([0.0]), "counter");
        counter.DefaultUpdate = counter + 1.0;
        var x = T.Vector("x", DType.Float64);
        Function.Compile([x], x * 2.0).Invoke(Tensor.FromArray([1.0]));
        Assert.Equal([0.0], counter.Value.D());
    }

    [Fact]
    public void AliasSharesTheValueButHasItsOwnDefaultUpdate()
    {
        var state = T.Shared(Tensor.FromArray([1.0, 2.0]), "state");
        var alias = state.CreateAlias();
        Assert.NotSame(state, alias);
        Assert.Same(state, alias.Storage);
        Assert.Equal("state", alias.Name);
        alias.DefaultUpdate = alias * 2.0;
        var x = T.Vector("x", DType.Float64);
        // A graph with the alias doubles the value; a graph with the original only reads it.
        var viaAlias = Function.Compile([x], x + alias);
        var viaOriginal = Function.Compile([x], x + state);
        viaAlias.Invoke(Tensor.FromArray([0.0, 0.0]));
        Assert.Equal([2.0, 4.0], state.Value.D());
        Assert.Equal([2.0, 4.0], viaOriginal.Invoke(Tensor.FromArray([0.0, 0.0]))[0].D());
        Assert.Equal([2.0, 4.0], state.Value.D());
        // Setting either side's value (a new tensor) is seen by both and by the compiled functions.
        state.Value = Tensor.FromArray([5.0, 6.0]);
        Assert.Equal([5.0, 6.0], alias.Value.D());
        Assert.Equal([5.0, 6.0], viaAlias.Invoke(Tensor.FromArray([0.0, 0.0]))[0].D());
        Assert.Equal([10.0, 12.0], state.Value.D());
        // An explicit update of the original replaces the alias's default update; two explicit updates are an error.
        Function.Compile([x], [x + alias], updates: [(state, state + 1.0)]).Invoke(Tensor.FromArray([0.0, 0.0]));
        Assert.Equal([11.0, 13.0], state.Value.D());
        var e = Assert.Throws<ArgumentException>(() => Function.Compile([x], [x + alias], updates: [(state, state + 1.0), (alias, alias - 1.0)]));
        Assert.Contains("two updates", e.Message);
    }
}
