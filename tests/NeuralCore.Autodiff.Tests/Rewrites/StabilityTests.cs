using NeuralCore.Tensors;
using static NeuralCore.Autodiff.Tests.Rewrites.RewriteTestUtil;

namespace NeuralCore.Autodiff.Tests.Rewrites;

public class StabilityTests
{
    private static double Eval(CompiledFunction f, double x) => f.Invoke(Tensor.Scalar(x))[0].GetDouble(0);

    [Fact]
    public void LogOfOnePlusExpBecomesSoftplus()
    {
        var x = T.Scalar("x", DType.Float64);
        var e = T.Log(1 + T.Exp(x));
        Assert.Equal("softplus(x)", Print.Pretty(GraphOptimizer.Simplify(e)));
        var f = Function.Compile([x], e);
        var plain = Function.Compile([x], e, options: Unoptimized);
        Assert.Equal(Math.Log(1 + Math.Exp(0.3)), Eval(f, 0.3), 12);
        Assert.True(double.IsInfinity(Eval(plain, 800)));     // the naive form overflows
        Assert.Equal(800, Eval(f, 800), 9);                    // the rewritten one does not
    }

    [Fact]
    public void LogOfOnePlusXBecomesLog1p()
    {
        var x = T.Vector("x", DType.Float64);
        Assert.Equal("log1p(x)", Print.Pretty(GraphOptimizer.Simplify(T.Log(1 + x))));
        Assert.Equal("log1p(x)", Print.Pretty(GraphOptimizer.Simplify(T.Log(x + 1))));
        Assert.Equal("log1p(-x)", Print.Pretty(GraphOptimizer.Simplify(T.Log(1 - x))));
        var s = T.Scalar("s", DType.Float64);
        var f = Function.Compile([s], T.Log(1 + s));
        Assert.Equal(1.0, Eval(f, 1e-18) / 1e-18, 12); // log(1 + 1e-18) rounds to 0 without the rewrite
    }

    [Fact]
    public void LogSigmoidBecomesMinusSoftplusOfMinusX()
    {
        var x = T.Scalar("x", DType.Float64);
        var e = T.Log(T.Sigmoid(x));
        Assert.Equal("-softplus(-x)", Print.Pretty(GraphOptimizer.Simplify(e)));
        var f = Function.Compile([x], e);
        Assert.Equal(-800, Eval(f, -800), 9);
        Assert.Equal(Math.Log(1 / (1 + Math.Exp(-0.7))), Eval(f, 0.7), 12);
    }

    [Fact]
    public void LogOfOneMinusSigmoidBecomesMinusSoftplus()
    {
        var x = T.Scalar("x", DType.Float64);
        var e = T.Log(1 - T.Sigmoid(x));
        Assert.Equal("-softplus(x)", Print.Pretty(GraphOptimizer.Simplify(e)));
        var f = Function.Compile([x], e);
        Assert.Equal(-800, Eval(f, 800), 9);
        Assert.Equal(Math.Log(1 - 1 / (1 + Math.Exp(-0.7))), Eval(f, 0.7), 12);
    }

    [Fact]
    public void StabilizedGraphsMatchOnRandomInputs()
    {
        var x = T.Matrix("x");
        var e = T.Log(1 + T.Exp(x)) + T.Log(T.Sigmoid(x)) * 2 - T.Log(1 - T.Sigmoid(x));
        AssertSameAsUnoptimized([x], e, [Random(11, 4, 5)], 1e-4);
    }
}
