using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests;

public class GradientApiTests
{
    [Fact]
    public void CostMustBeScalar()
    {
        var x = T.Vector("x");
        var ex = Assert.Throws<ArgumentException>(() => Grad.Of(x * 2f, x));
        Assert.Contains("scalar", ex.Message);
    }

    [Fact]
    public void DisconnectedInputsRaiseUnlessZerosAreAsked()
    {
        var x = T.Vector("x", DType.Float64);
        var y = T.Vector("y", DType.Float64);
        var ex = Assert.Throws<ArgumentException>(() => Grad.Of(T.Sum(x), y));
        Assert.Contains("'y'", ex.Message);
        var g = Grad.Of(T.Sum(x), y, DisconnectedInputs.Zeros);
        var f = Function.Compile([x, y], g);
        Assert.Equal([0.0, 0.0], f.Invoke(Tensor.FromArray([1.0]), Tensor.FromArray([3.0, 4.0]))[0].D());
    }

    [Fact]
    public void GradientThroughIntegerPathIsZeroNotAnError()
    {
        var x = T.Vector("x", DType.Float64);
        var cost = T.Sum(T.Cast(T.ArgMax(x, 0), DType.Float64) * 1.0) + T.Sum(x * 0.0);
        var f = Function.Compile([x], Grad.Of(cost, x));
        Assert.Equal([0.0, 0.0], f.Invoke(Tensor.FromArray([1.0, 2.0]))[0].D());
    }

    [Fact]
    public void ManyVariablesAndSharedSubexpressions()
    {
        var a = T.Scalar("a", DType.Float64);
        var b = T.Scalar("b", DType.Float64);
        var s = a * b;
        var cost = s * s + T.Exp(s);
        var g = Grad.Of(cost, [a, b]);
        var f = Function.Compile([a, b], g);
        var r = f.Invoke(0.5, -2.0);
        double sv = -1.0, dcds = 2 * sv + Math.Exp(sv);
        Assert.Equal(dcds * -2.0, ((Tensor<double>)r[0]).ToScalar(), 12);
        Assert.Equal(dcds * 0.5, ((Tensor<double>)r[1]).ToScalar(), 12);
    }

    [Fact]
    public void ConsiderConstantStopsTheGradient()
    {
        var x = T.Scalar("x", DType.Float64);
        var inner = x * x;
        var g = Grad.Of(inner * x, [x], considerConstant: [inner])[0];
        Assert.Equal(4.0, ((Tensor<double>)Function.Compile([x], g).Invoke(2.0)[0]).ToScalar(), 12); // d/dx (c * x) = c = x^2
    }

    [Fact]
    public void HessianVectorProductMatchesFiniteDifferencesOfTheGradient()
    {
        var x = T.Vector("x", DType.Float64);
        var v = T.Vector("v", DType.Float64);
        var w = T.Constant(TestUtil.Random(5, 3, 4));
        var cost = T.Sum(T.Square(T.Tanh(T.Dot(w, x)))) + T.Sum(T.Softplus(x) * x);
        var hv = Function.Compile([x, v], Grad.HessianVector(cost, x, v));
        var grad = Function.Compile([x], Grad.Of(cost, x), options: new CompileOptions { CopyOutputs = true });
        var x0 = TestUtil.Random(6, 4);
        var v0 = TestUtil.Random(7, 4);
        var analytic = hv.Invoke(x0, v0)[0].D();
        const double eps = 1e-5;
        var plus = new Tensor<double>(x0.Shape);
        var minus = new Tensor<double>(x0.Shape);
        for (int i = 0; i < 4; i++) { plus.AsSpan()[i] = x0[i] + eps * v0[i]; minus.AsSpan()[i] = x0[i] - eps * v0[i]; }
        var gp = grad.Invoke(plus)[0].D();
        var gm = grad.Invoke(minus)[0].D();
        var numeric = new double[4];
        for (int i = 0; i < 4; i++) numeric[i] = (gp[i] - gm[i]) / (2 * eps);
        TestUtil.Close(numeric, analytic, 1e-7);
    }

    [Fact]
    public void JacobianVectorProductMatchesFiniteDifferences()
    {
        var x = T.Vector("x", DType.Float64);
        var v = T.Vector("v", DType.Float64);
        var w = T.Constant(TestUtil.Random(8, 3, 4));
        var y = T.Sigmoid(T.Dot(w, x)) * T.Sum(x);
        var jv = Function.Compile([x, v], Grad.Rop(y, x, v));
        var f = Function.Compile([x], y, options: new CompileOptions { CopyOutputs = true });
        var x0 = TestUtil.Random(9, 4);
        var v0 = TestUtil.Random(10, 4);
        var analytic = jv.Invoke(x0, v0)[0].D();
        const double eps = 1e-6;
        var plus = new Tensor<double>(x0.Shape);
        var minus = new Tensor<double>(x0.Shape);
        for (int i = 0; i < 4; i++) { plus.AsSpan()[i] = x0[i] + eps * v0[i]; minus.AsSpan()[i] = x0[i] - eps * v0[i]; }
        var fp = f.Invoke(plus)[0].D();
        var fm = f.Invoke(minus)[0].D();
        var numeric = new double[3];
        for (int i = 0; i < 3; i++) numeric[i] = (fp[i] - fm[i]) / (2 * eps);
        TestUtil.Close(numeric, analytic, 1e-7);
    }

    [Fact]
    public void LopWithExplicitOutputGradient()
    {
        var x = T.Vector("x", DType.Float64);
        var u = T.Vector("u", DType.Float64);
        var y = T.Exp(x);
        var lop = Grad.Lop([y], [x], [u])[0];
        var f = Function.Compile([x, u], lop);
        TestUtil.Close([Math.Exp(1) * 2, Math.Exp(-1) * 3], f.Invoke(Tensor.FromArray([1.0, -1.0]), Tensor.FromArray([2.0, 3.0]))[0].D());
    }

    [Fact]
    public void DeepGraphsDoNotOverflowTheStack()
    {
        var x = T.Scalar("x", DType.Float64);
        var y = x;
        // One ambient trace for the whole chain: capturing a stack trace per node is the slow part of building.
        using (SourceTrace.Use(new SourceTrace("deep chain", null, 0)))
            for (int i = 0; i < 20000; i++) y = y * 1.0001 + 0.0001;
        var g = Grad.Of(y, x);
        var f = Function.Compile([x], [y, g]);
        var r = f.Invoke(1.0);
        Assert.Equal(Math.Pow(1.0001, 20000), ((Tensor<double>)r[1]).ToScalar(), 6);
        Assert.Contains("mul", Print.Debug(T.Exp(x) * 2.0));
    }
}
