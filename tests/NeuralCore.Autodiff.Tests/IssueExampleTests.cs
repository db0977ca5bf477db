using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests;

public class IssueExampleTests
{
    [Fact]
    public void ScalarProductPrintsAndEvaluates()
    {
        var a = T.Scalar("A");
        var b = T.Scalar("B");
        var y = a * b;
        Assert.Equal("(A * B)", Print.Pretty(y));
        var f = Function.Compile([a, b], y);
        Assert.Equal(42f, ((Tensor<float>)f.Invoke(6f, 7f)[0]).ToScalar());
    }

    [Fact]
    public void GradientOfFiveXSquaredIsTenX()
    {
        var x = T.Scalar("x", DType.Float64);
        var g = Grad.Of(5 * x * x, x);
        Assert.Equal("(10 * x)", Print.Pretty(GraphOptimizer.Simplify(g)));
        var f = Function.Compile([x], g);
        foreach (var v in new[] { -2.0, 0.0, 0.5, 3.0 })
            Assert.Equal(10 * v, ((Tensor<double>)f.Invoke(v)[0]).ToScalar(), 12);
    }

    [Fact]
    public void SharedUpdateStepsAccumulate()
    {
        var s = T.Shared(Tensor.FromArray([1f, 2f]), "s");
        var step = Function.Compile([], [], updates: [(s, s + 0.5f)]);
        step.Invoke();
        step.Invoke();
        Assert.Equal([2f, 3f], s.GetValue<float>().ToArray());
    }
}
