using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;
using static NeuralCore.Autodiff.Tests.Rewrites.RewriteTestUtil;

namespace NeuralCore.Autodiff.Tests.Rewrites;

public class SoftmaxRewriteTests
{
    [Fact]
    public void LogOfSoftmaxBecomesLogSoftmax()
    {
        var x = T.Matrix("x");
        Assert.Equal("log_softmax(x)", Print.Pretty(GraphOptimizer.Simplify(T.Log(T.Softmax(x)))));
        var f = AssertSameAsUnoptimized([x], T.Log(T.Softmax(x)), [Random(1, 3, 5)]);
        // Stable where the naive form gives log(0) = -inf.
        var big = Tensor.FromArray([0f, 200f]).Reshape(1, 2);
        Assert.Equal(-200.0, f.Invoke(big)[0].GetDouble(0), 3);
    }

    [Fact]
    public void SoftmaxCrossEntropyTrainingGraphUsesTheFusedOpAndFusedGradient()
    {
        var x = T.Matrix("x");
        var y = T.IVector("y");
        var W = T.Shared(Random(2, 6, 4), "W");
        var scores = T.Dot(x, W);
        var cost = T.Mean(T.CategoricalCrossentropy(T.Softmax(scores), y));
        var g = Grad.Of(cost, W);
        var f = Function.Compile([x, y], [cost, g]);
        var ops = f.Schedule.Select(n => n.Op).ToList();
        Assert.Contains(ops, o => o is CrossEntropySoftmaxOp);
        Assert.Contains(ops, o => o is CrossEntropySoftmaxGradOp);
        Assert.DoesNotContain(ops, o => o is SoftmaxOp or SoftmaxGradOp or CategoricalCrossEntropyOp or AdvancedIncSubtensorOp);

        var xv = Random(3, 5, 6);
        var yv = Tensor.FromArray([0, 3, 1, 2, 3]);
        var plain = Function.Compile([x, y], [cost, g], options: Unoptimized);
        var a = f.Invoke(xv, yv);
        var b = plain.Invoke(xv, yv);
        Close(b[0].GetDouble(0), a[0].GetDouble(0));
        var ga = Values(a[1]); var gb = Values(b[1]);
        for (int i = 0; i < ga.Length; i++) Close(gb[i], ga[i], 1e-4);

        // Reference by hand: d mean(CE) / dW = x^T (softmax(xW) - onehot(y)) / n.
        var xs = xv.ToArray(); var ws = ((Tensor<float>)W.Value).ToArray();
        var expected = new double[6 * 4];
        for (int r = 0; r < 5; r++)
        {
            var s = new double[4];
            double max = double.NegativeInfinity, sum = 0;
            for (int c = 0; c < 4; c++) { for (int k = 0; k < 6; k++) s[c] += xs[r * 6 + k] * ws[k * 4 + c]; max = Math.Max(max, s[c]); }
            for (int c = 0; c < 4; c++) { s[c] = Math.Exp(s[c] - max); sum += s[c]; }
            for (int c = 0; c < 4; c++)
            {
                double d = (s[c] / sum - (yv.ToArray()[r] == c ? 1 : 0)) / 5;
                for (int k = 0; k < 6; k++) expected[k * 4 + c] += xs[r * 6 + k] * d;
            }
        }
        for (int i = 0; i < ga.Length; i++) Close(expected[i], ga[i], 1e-4);
    }

    [Fact]
    public void FusedCrossEntropyIsStableForExtremeScores()
    {
        var x = T.Matrix("x");
        var y = T.IVector("y");
        var cost = T.Mean(T.CategoricalCrossentropy(T.Softmax(x), y));
        var g = Grad.Of(cost, x);
        var f = Function.Compile([x, y], [cost, g]);
        var xv = Tensor.FromArray([0f, 300f, -300f, 0f]).Reshape(2, 2);
        var r = f.Invoke(xv, Tensor.FromArray([0, 1]));
        Assert.Equal(150.0, r[0].GetDouble(0), 3); // (300 + 0) / 2
        Assert.All(Values(r[1]), v => Assert.True(double.IsFinite(v)));
        Assert.Equal([-0.5, 0.5, 0, 0], Values(r[1]).Select(v => Math.Round(v, 5)));
    }

    [Fact]
    public void OneHotCrossEntropyGradientUsesLogSoftmaxGradient()
    {
        var x = T.Matrix("x");
        var t = T.Matrix("t");
        var cost = T.Mean(T.CategoricalCrossentropy(T.Softmax(x), t));
        var g = Grad.Of(cost, x);
        var f = AssertSameAsUnoptimized([x, t], g, [Random(4, 3, 5), Tensor.FromArray(new float[] { 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1 }).Reshape(3, 5)], 1e-4);
        var ops = f.Schedule.Select(n => n.Op).ToList();
        Assert.Contains(ops, o => o is LogSoftmaxGradOp);
        Assert.DoesNotContain(ops, o => o is SoftmaxGradOp);
    }

    [Fact]
    public void SoftmaxRewritesCanBeTurnedOff()
    {
        var x = T.Matrix("x");
        var y = T.IVector("y");
        var cost = T.Mean(T.CategoricalCrossentropy(T.Softmax(x), y));
        var f = Function.Compile([x, y], Grad.Of(cost, x), options: new CompileOptions { ExcludedRewrites = ["crossentropy_softmax", "crossentropy_softmax_grad"] });
        Assert.Contains(f.Schedule, n => n.Op is SoftmaxGradOp);
        Assert.DoesNotContain(f.Schedule, n => n.Op is CrossEntropySoftmaxGradOp);
    }
}
