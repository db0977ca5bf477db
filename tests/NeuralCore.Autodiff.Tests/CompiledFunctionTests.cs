using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests;

public class CompiledFunctionTests
{
    [Fact]
    public void UpdatesSeeOldValuesSoASwapWorks()
    {
        var a = T.Shared(Tensor.FromArray([1.0, 2.0]), "a");
        var b = T.Shared(Tensor.FromArray([10.0, 20.0]), "b");
        var swap = Function.Compile([], [], updates: [(a, b), (b, a)]);
        swap.Invoke();
        Assert.Equal([10.0, 20.0], a.Value.D());
        Assert.Equal([1.0, 2.0], b.Value.D());
    }

    [Fact]
    public void UpdateExpressionsAndOutputsUseThePreCallValues()
    {
        var a = T.Shared(Tensor.FromArray([1.0, 2.0]), "a");
        var b = T.Shared(Tensor.FromArray([3.0, 5.0]), "b");
        var f = Function.Compile([], [a, a * b], updates: [(a, a + b), (b, a * 2.0)]);
        var r = f.Invoke();
        Assert.Equal([1.0, 2.0], r[0].D());      // output a: the old value, even though a is updated
        Assert.Equal([3.0, 10.0], r[1].D());
        Assert.Equal([4.0, 7.0], a.Value.D());
        Assert.Equal([2.0, 4.0], b.Value.D());   // 2 * old a, not 2 * new a
    }

    [Fact]
    public void GivensSubstituteAnInputBySharedData()
    {
        var data = T.Shared(Tensor.FromArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3, 2), "data");
        var x = T.Matrix("x", DType.Float64);
        var w = T.Shared(Tensor.FromArray([1.0, -1.0]), "w");
        var cost = T.Sum(T.Dot(x, w));
        var f = Function.Compile([], cost, givens: [(x, data[1..])]);
        Assert.Equal((3 - 4) + (5 - 6), ((Tensor<double>)f.Invoke()[0]).ToScalar());
    }

    [Fact]
    public void BuildTimeShapeErrorNamesOpShapesAndCallSite()
    {
        var x = T.Input([null, 784], "x");
        var w = T.Shared(Tensor.Zeros<float>(800, 10), "W");
        var ex = Assert.Throws<GraphBuildException>(() => T.Dot(x, w));
        Assert.Contains("dot", ex.Message);
        Assert.Contains("(?, 784)", ex.Message);
        Assert.Contains("(800, 10)", ex.Message);
        Assert.Contains("CompiledFunctionTests.cs", ex.Message);
        var ey = Assert.Throws<GraphBuildException>(() => T.Matrix("m") + T.Input([3, 4], "t") + T.Input([5, 4], "u"));
        Assert.Contains("add", ey.Message);
        Assert.Contains("(3, 4)", ey.Message);
        Assert.Contains("(5, 4)", ey.Message);
    }

    [Fact]
    public void MissingInputIsNamed()
    {
        var x = T.Vector("x");
        var y = T.Vector("y");
        var ex = Assert.Throws<ArgumentException>(() => Function.Compile([x], x + y));
        Assert.Contains("'y'", ex.Message);
        Assert.Contains("not in the inputs", ex.Message);
    }

    [Fact]
    public void RunTimeInputErrorsAreClear()
    {
        var x = T.Matrix("x", DType.Float64);
        var w = T.Matrix("w", DType.Float64);
        var f = Function.Compile([x, w], T.Dot(x, w));
        var rank = Assert.Throws<ShapeMismatchException>(() => f.Invoke(Tensor.Zeros<double>(3), Tensor.Zeros<double>(3, 2)));
        Assert.Contains("input 0 ('x')", rank.Message);
        var dtype = Assert.Throws<ArgumentException>(() => f.Invoke(Tensor.Zeros<float>(2, 3), Tensor.Zeros<double>(3, 2)));
        Assert.Contains("float64", dtype.Message);
        var inner = Assert.Throws<ShapeMismatchException>(() => f.Invoke(Tensor.Zeros<double>(2, 3), Tensor.Zeros<double>(4, 2)));
        Assert.Contains("dot", inner.Message);
        Assert.Contains("(2, 3)", inner.Message);
        Assert.Contains("(4, 2)", inner.Message);
        Assert.Throws<ArgumentException>(() => f.Invoke(Tensor.Zeros<double>(2, 3)));
    }

    [Fact]
    public void NonBroadcastableAxisOfExtentOneIsARunTimeError()
    {
        var a = T.Matrix("a", DType.Float64);
        var b = T.Matrix("b", DType.Float64);
        var f = Function.Compile([a, b], a + b);
        var ex = Assert.Throws<ShapeMismatchException>(() => f.Invoke(Tensor.Zeros<double>(5, 3), Tensor.Zeros<double>(1, 3)));
        Assert.Contains("add", ex.Message);
        Assert.Contains("(5, 3)", ex.Message);
        var row = T.Row("r", DType.Float64);
        var g = Function.Compile([a, row], a + row);
        Assert.Equal([1.0, 2.0, 1.0, 2.0], g.Invoke(Tensor.Zeros<double>(2, 2), Tensor.FromArray([1.0, 2.0], 1, 2))[0].D());
    }

    [Fact]
    public void AnyBatchSizeWorksAndPlansAreCachedPerShape()
    {
        var x = T.Matrix("x", DType.Float64);
        var w = T.Shared(Tensor.FromArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3, 2), "w");
        var f = Function.Compile([x], T.Tanh(T.Dot(x, w)).Sum([1]));
        foreach (int n in new[] { 1, 4, 1, 7, 4 })
        {
            var input = TestUtil.Random(n, n, 3);
            var y = f.Invoke(input)[0].D();
            Assert.Equal(n, y.Length);
            for (int i = 0; i < n; i++)
            {
                double expected = 0;
                for (int j = 0; j < 2; j++)
                {
                    double s = 0;
                    for (int k = 0; k < 3; k++) s += input[i, k] * w.GetValue<double>()[k, j];
                    expected += Math.Tanh(s);
                }
                Assert.Equal(expected, y[i], 12);
            }
        }
        Assert.Equal(3, f.PlanCount);
    }

    [Fact]
    public void OutputsAreFunctionOwnedUnlessCopied()
    {
        var x = T.Vector("x", DType.Float64);
        var f = Function.Compile([x], x * 2.0);
        var first = f.Invoke(Tensor.FromArray([1.0]))[0];
        f.Invoke(Tensor.FromArray([5.0]));
        Assert.Equal([10.0], first.D()); // overwritten by the second call, as documented
        var g = Function.Compile([x], x * 2.0, options: new CompileOptions { CopyOutputs = true });
        var keptList = g.Invoke(Tensor.FromArray([1.0]));
        var kept = keptList[0];
        g.Invoke(Tensor.FromArray([5.0]));
        Assert.Equal([2.0], kept.D());
        Assert.Equal([2.0], keptList[0].D()); // the returned list is the caller's too
    }

    [Fact]
    public async Task ConcurrentCallsAreDetected()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var x = T.Scalar("x", DType.Float64);
        var f = Function.Compile([x], new BlockingOp(entered, release).Apply1(x));
        var worker = Task.Run(() => f.Invoke(1.0));
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)));
        var ex = Assert.Throws<InvalidOperationException>(() => f.Invoke(2.0));
        Assert.Contains("one thread at a time", ex.Message);
        release.Set();
        Assert.Equal(1.0, ((Tensor<double>)(await worker)[0]).ToScalar());
        Assert.Equal(2.0, ((Tensor<double>)f.Invoke(2.0)[0]).ToScalar()); // usable again afterwards
    }

    private sealed class BlockingOp(ManualResetEventSlim entered, ManualResetEventSlim release) : Op
    {
        public override string Name => "blocking";
        public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs) => [inputs[0].Type];
        public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes) => outputShapes[0] = inputShapes[0];
        public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
        {
            ((Tensor<double>)inputs[0]).CopyTo((Tensor<double>)outputs[0]);
            if (!release.IsSet) { entered.Set(); release.Wait(TimeSpan.FromSeconds(10)); }
        }
        public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients) => [outputGradients[0]];
    }

    [Fact]
    public void NanGuardNamesTheFirstOpAndItsCallSite()
    {
        var x = T.Vector("x", DType.Float64);
        var y = T.Exp(T.Log(x) * 2.0);
        var unguarded = Function.Compile([x], y);
        Assert.True(double.IsNaN(unguarded.Invoke(Tensor.FromArray([-1.0]))[0].D()[0]));
        var guarded = Function.Compile([x], y, options: new CompileOptions { NanGuard = true });
        var ex = Assert.Throws<NanGuardException>(() => guarded.Invoke(Tensor.FromArray([2.0, -1.0])));
        Assert.Contains("log", ex.Message);
        Assert.Contains("NaN", ex.Message);
        Assert.Contains("CompiledFunctionTests.cs", ex.Message);
        Assert.Equal(1, ex.FlatIndex);
        Assert.Equal(4.0, ((Tensor<double>)guarded.Invoke(Tensor.FromArray([2.0]))[0]).ToArray()[0], 12);
    }

    [Fact]
    public void InputsMustBeSymbolicAndUpdatesMustFit()
    {
        var s = T.Shared(Tensor.FromArray([1f]), "s");
        var x = T.Vector("x");
        Assert.Throws<ArgumentException>(() => Function.Compile([s], s * 2f));
        Assert.Throws<ArgumentException>(() => Function.Compile([x * 2f], x));
        Assert.Throws<ArgumentException>(() => Function.Compile([x], x, updates: [(s, T.Sum(x))]));
        Assert.Throws<ArgumentException>(() => Function.Compile([x], x, updates: [(s, x.Cast(DType.Float64))]));
    }

    [Fact]
    public void SharedValueChecksDtypeAndShape()
    {
        var s = T.Shared(Tensor.Zeros<float>(2, 3), "s");
        Assert.Throws<ArgumentException>(() => s.Value = Tensor.Zeros<double>(2, 3));
        Assert.Throws<ShapeMismatchException>(() => s.Value = Tensor.Zeros<float>(3, 2));
        var free = T.Shared(Tensor.Zeros<float>(2, 3), "free", fixedShape: false);
        free.Value = Tensor.Zeros<float>(4, 5);
        var f = Function.Compile([], free.Sum([1]));
        Assert.Equal(4, f.Invoke()[0].Length);
    }

    [Fact]
    public void WarmCallOfAnElementwiseAndDotGraphAllocatesLittle()
    {
        var x = T.Matrix("x");
        var w = T.Shared(TestUtil.RandomF(1, 8, 4), "w");
        var b = T.Shared(TestUtil.RandomF(2, 4), "b");
        var cost = T.Mean(T.Square(T.Tanh(T.Dot(x, w) + b)));
        var grads = Grad.Of(cost, [w, b]);
        var step = Function.Compile([x], cost, updates: [(w, w - 0.1f * grads[0]), (b, b - 0.1f * grads[1])]);
        var input = TestUtil.RandomF(3, 16, 8);
        step.Invoke(input);
        step.Invoke(input);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) step.Invoke(input);
        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
        // The executor itself allocates nothing per call; what remains comes from kernels' shape bookkeeping.
        Assert.True(perCall < 4096, $"{perCall} bytes per warm call");
    }
}

public class CompileOverloadTests
{
    [Fact]
    public void UpdatesCanBeADictionary()
    {
        var s = T.Shared(Tensor.FromArray([1.0]), "s");
        var updates = new Dictionary<SharedVariable, Variable> { [s] = s * 3.0 };
        var f = Function.Compile([], [], updates);
        f.Invoke();
        Assert.Equal([3.0], s.Value.D());
    }
}
