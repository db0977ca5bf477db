using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests;

public class PrintTests
{
    [Fact]
    public void PrettyPrintsLikeTheanoPp()
    {
        var x = T.Matrix("x");
        var w = T.Shared(Tensor.Zeros<float>(3, 2), "W");
        var b = T.Vector("b");
        Assert.Equal("(x + 1)", Print.Pretty(x + 1));
        Assert.Equal("tanh((dot(x, W) + b))", Print.Pretty(T.Tanh(T.Dot(x, w) + b)));
        Assert.Equal("-exp(x)", Print.Pretty(-T.Exp(x)));
        Assert.Equal("sum(x, axis=(1))", Print.Pretty(x.Sum(1)));
        Assert.Equal("x.T", Print.Pretty(x.Transpose()));
        Assert.Equal("x[1:, 0]", Print.Pretty(x[1.., 0]));
        Assert.Equal("(2 * x)", Print.Pretty(2 * x));
    }

    [Fact]
    public void DebugPrintShowsIdsTypesAndSharedNodes()
    {
        var x = T.Vector("x");
        var e = T.Exp(x);
        var text = Print.Debug(e * e);
        Assert.Contains("mul [id A] float32 (?,)", text);
        Assert.Contains("exp [id B]", text);
        Assert.Contains("(see above)", text);
        Assert.Contains("x [input] float32 (?,)", text);
    }

    [Fact]
    public void DotExportIsAGraphvizDigraph()
    {
        var x = T.Vector("x");
        var dot = Print.Dot(T.Sum(T.Exp(x)));
        Assert.StartsWith("digraph G {", dot);
        Assert.Contains("label=\"exp\"", dot);
        Assert.Contains("->", dot);
        Assert.EndsWith("}\n", dot.Replace("\r\n", "\n"));
    }

    [Fact]
    public void GraphLogPrintsBeforeAndAfterOptimization()
    {
        var x = T.Vector("x");
        var log = new StringWriter();
        Function.Compile([x], x * 2f, options: new CompileOptions { GraphLog = log });
        Assert.Contains("before optimization", log.ToString());
        Assert.Contains("after optimization", log.ToString());
    }
}
