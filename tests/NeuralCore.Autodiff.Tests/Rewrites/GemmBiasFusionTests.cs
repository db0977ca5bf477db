using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;
using static NeuralCore.Autodiff.Tests.Rewrites.RewriteTestUtil;

namespace NeuralCore.Autodiff.Tests.Rewrites;

/// <summary>dot(x, W) + b as one GEMM with beta = 1 over the prefilled bias, with the nonlinearity as epilogue:
/// the rewrite fires (the optimized schedule is inspected) and numerics match the unfused graph and a plain loop.</summary>
public class GemmBiasFusionTests
{
    private static readonly CompileOptions NoGemmFusion = new() { ExcludedRewrites = [GemmBiasFusion.Tag] };

    /// <summary>act(x · W + b) by plain loops in double.</summary>
    private static double[] Reference(Tensor<float> x, Tensor<float> w, Tensor<float> b, Func<double, double> act)
    {
        int m = x.Shape[0], k = x.Shape[1], n = w.Shape[1];
        var (xs, ws, bs) = (x.ToArray(), w.ToArray(), b.ToArray());
        var y = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = bs[j];
                for (int p = 0; p < k; p++) s += (double)xs[i * k + p] * ws[p * n + j];
                y[i * n + j] = act(s);
            }
        return y;
    }

    [Fact]
    public void DotPlusVectorBiasBecomesOneGemmMatchingAPlainLoop()
    {
        var x = T.Matrix("x");
        var w = T.Matrix("w");
        var b = T.Vector("b");
        var y = T.Dot(x, w) + b;
        var f = Function.Compile([x, w, b], y);
        var node = Assert.Single(f.Schedule);
        var op = Assert.IsType<DotBiasOp>(node.Op);
        Assert.Null(op.Epilogue);
        var (xv, wv, bv) = (Random(1, 7, 5), Random(2, 5, 9), Random(3, 9));
        var result = ((Tensor<float>)f.Invoke(xv, wv, bv)[0]).ToArray();
        var expected = Reference(xv, wv, bv, v => v);
        for (int i = 0; i < expected.Length; i++) Close(expected[i], result[i], 1e-5);
        var unfused = Function.Compile([x, w, b], y, options: NoGemmFusion);
        Assert.Contains(unfused.Schedule, n => n.Op is DotOp);
        var plain = ((Tensor<float>)unfused.Invoke(xv, wv, bv)[0]).ToArray();
        for (int i = 0; i < plain.Length; i++) Close(plain[i], result[i], 1e-5);
    }

    [Fact]
    public void BiasFirstRowBiasTransposedWeightsAndAChainedNonlinearityFuseIntoTheEpilogue()
    {
        var x = T.Matrix("x");
        var w = T.Matrix("w"); // (n, k), used transposed
        var b = T.Row("b");    // (1, n)
        var y = T.Tanh(b + T.Dot(x, w, transposeB: true)) * 2f - 1f;
        var f = Function.Compile([x, w, b], y);
        var node = Assert.Single(f.Schedule);
        var op = Assert.IsType<DotBiasOp>(node.Op);
        Assert.True(op.TransposeB);
        Assert.NotNull(op.Epilogue);
        Assert.Equal(3, op.Epilogue!.Steps.Count); // tanh, * 2, - 1
        var (xv, wv, bv) = (Random(4, 6, 8), Random(5, 3, 8), Random(6, 1, 3));
        var wt = new Tensor<float>(new Shape(8, 3));
        for (int i = 0; i < 3; i++) for (int j = 0; j < 8; j++) wt[j, i] = wv[i, j];
        var result = ((Tensor<float>)f.Invoke(xv, wv, bv)[0]).ToArray();
        var expected = Reference(xv, wt, bv, v => Math.Tanh(v) * 2 - 1);
        for (int i = 0; i < expected.Length; i++) Close(expected[i], result[i], 1e-5);
        AssertSameAsUnoptimized([x, w, b], y, [xv, wv, bv]);
    }

    [Fact]
    public void ALoneRectifierAndAnEpilogueWithAnotherInputAreAbsorbed()
    {
        var x = T.Matrix("x");
        var w = T.Matrix("w");
        var b = T.Vector("b");
        var mask = T.Matrix("mask");
        var relu = Function.Compile([x, w, b], T.Relu(T.Dot(x, w) + b));
        Assert.IsType<DotBiasOp>(Assert.Single(relu.Schedule).Op);
        var masked = T.Relu(T.Dot(x, w) + b) * mask;
        var f = Function.Compile([x, w, b, mask], masked);
        var op = Assert.IsType<DotBiasOp>(Assert.Single(f.Schedule).Op);
        Assert.Equal(2, op.Epilogue!.InputCount);
        AssertSameAsUnoptimized([x, w, b, mask], masked, [Random(7, 5, 4), Random(8, 4, 6), Random(9, 6), Random(10, 5, 6)]);
    }

    [Fact]
    public void APreActivationUsedTwiceKeepsTheBiasInTheGemmButNoEpilogue()
    {
        var x = T.Matrix("x");
        var w = T.Matrix("w");
        var b = T.Vector("b");
        var pre = T.Dot(x, w) + b;
        var y = T.Relu(pre) + T.Sigmoid(pre);
        var f = Function.Compile([x, w, b], [y, pre]);
        var gemm = Assert.Single(f.Schedule, n => n.Op is DotBiasOp);
        Assert.Null(((DotBiasOp)gemm.Op).Epilogue);
        Assert.DoesNotContain(f.Schedule, n => n.Op is DotOp);
        var values = new Tensor[] { Random(11, 4, 3), Random(12, 3, 5), Random(13, 5) };
        var optimized = f.Invoke(values);
        var plain = Function.Compile([x, w, b], [y, pre], options: new CompileOptions { Optimize = false }).Invoke(values);
        for (int o = 0; o < 2; o++)
        {
            var (a, e) = (((Tensor<float>)optimized[o]).ToArray(), ((Tensor<float>)plain[o]).ToArray());
            for (int i = 0; i < a.Length; i++) Close(e[i], a[i], 1e-5);
        }
    }

    [Fact]
    public void ABiasThatIsNotARowIsNotFusedAndGradientsThroughDotBiasMatchFiniteDifferences()
    {
        var x = T.Matrix("x");
        var w = T.Matrix("w");
        var c = T.Col("c"); // (m, 1): broadcast along columns, not a row bias
        var f = Function.Compile([x, w, c], T.Dot(x, w) + c);
        Assert.DoesNotContain(f.Schedule, n => n.Op is DotBiasOp);
        GradientChecker.Verify(v => new DotBiasOp(false, true).Apply1(v[0], v[1], v[2]) * v[3], [new Shape(3, 4), new Shape(5, 4), new Shape(5), new Shape(3, 5)]);
    }
}
