using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests.Rewrites;

public class CanonicalizeTests
{
    [Fact]
    public void GradientOfFiveXSquaredSimplifiesToTenX()
    {
        var x = T.Scalar("x");
        var g = Grad.Of(5 * x * x, x);
        Assert.Equal("(10 * x)", Print.Pretty(GraphOptimizer.Simplify(g)));
    }
}
