using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralCore.Autodiff;
using NeuralCore.Layers.Init;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

public class NormalizationLayerTests
{
    [Fact]
    public void BatchNormTrainingUsesBatchStatisticsAndUpdatesRunningAverages()
    {
        var input = new InputLayer([null, 3, 2, 2], dtype: DType.Float64);
        var bn = new BatchNormLayer(input, beta: new Normal(1.0), gamma: new Normal(1.0, mean: 1.0), name: "bn");
        var x = TestUtil.RandomTensor(new Shape(4, 3, 2, 2), 8, -2, 3);
        var ctx = new OutputContext();
        var output = LayerGraph.GetOutput(bn, ctx);
        // The running averages are default updates of the pass's graph, not explicit context updates.
        Assert.Empty(ctx.Updates);
        var f = Function.Compile([input.InputVariable], output);
        var y = (Tensor<double>)f.Invoke(x)[0];

        var beta = bn.Beta!.GetValue<double>();
        var gamma = bn.Gamma!.GetValue<double>();
        var runningMean = bn.Mean.GetValue<double>();
        var runningInvStd = bn.InvStd.GetValue<double>();
        for (int c = 0; c < 3; c++)
        {
            double sum = 0, sq = 0;
            for (int n = 0; n < 4; n++) for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) sum += x[n, c, i, j];
            double mean = sum / 16;
            for (int n = 0; n < 4; n++) for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) sq += (x[n, c, i, j] - mean) * (x[n, c, i, j] - mean);
            double invStd = 1 / Math.Sqrt(sq / 16 + 1e-4);
            for (int n = 0; n < 4; n++) for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++)
                Assert.Equal((x[n, c, i, j] - mean) * gamma[c] * invStd + beta[c], y[n, c, i, j], 9);
            // After one call: running = 0.9 · initial + 0.1 · batch statistic (initial mean 0, inv_std 1).
            Assert.Equal(0.1 * mean, runningMean[c], 12);
            Assert.Equal(0.9 + 0.1 * invStd, runningInvStd[c], 12);
        }
    }

    [Fact]
    public void BatchNormDeterministicUsesRunningAveragesAndNoUpdates()
    {
        var input = new InputLayer([null, 2], dtype: DType.Float64);
        var bn = new BatchNormLayer(input, mean: Tensor.FromArray(new[] { 1.0, -1.0 }), invStd: Tensor.FromArray(new[] { 2.0, 0.5 }));
        var ctx = new OutputContext(deterministic: true);
        var output = LayerGraph.GetOutput(bn, ctx);
        Assert.Empty(ctx.Updates);
        var x = Tensor.FromArray(new[] { 3.0, 5.0, -1.0, 1.0 }, 2, 2);
        var y = (Tensor<double>)TestUtil.Eval(output, (input.InputVariable, x));
        Assert.Equal(new[] { 4.0, 3.0, -4.0, 1.0 }, y.ToArray());
        Assert.Equal([bn.Mean, bn.InvStd], bn.GetParams(batchNormStat: true));
        Assert.Equal([bn.Beta!, bn.Gamma!], bn.GetParams(trainable: true));
        Assert.Equal([bn.Gamma!], bn.GetParams(regularizable: true));
    }

    [Fact]
    public void BatchNormHelperRemovesBiasAndMovesNonlinearity()
    {
        var input = new InputLayer([null, 5]);
        var dense = new DenseLayer(input, 4, Nonlinearities.Rectify, name: "fc");
        var net = BatchNorm.Apply(dense);
        var nonlin = Assert.IsType<NonlinearityLayer>(net);
        Assert.Equal("fc_bn_nonlin", nonlin.Name);
        var bnLayer = Assert.IsType<BatchNormLayer>(nonlin.InputLayer);
        Assert.Equal("fc_bn", bnLayer.Name);
        Assert.Same(dense, bnLayer.InputLayer);
        Assert.Null(dense.B);
        Assert.Equal([dense.W], dense.GetParams());
        Assert.Equal((Func<Variable, Variable>)Nonlinearities.Identity, dense.Nonlinearity);
        Assert.Equal((Func<Variable, Variable>)Nonlinearities.Rectify, nonlin.Nonlinearity);
        Assert.Equal(5 * 4 + 4 * 4, LayerGraph.CountParams(net)); // W, then beta, gamma, mean, inv_std
    }

    [Property(MaxTest = 8)]
    public Property BatchNormGradientsMatchFiniteDifferences()
    {
        var gen = from c in Gen.Choose(1, 3) from n in Gen.Choose(2, 4) from seed in Gen.Choose(0, 10000) select (c, n, seed);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var input = new InputLayer([null, t.c, 3], dtype: DType.Float64);
            var bn = new BatchNormLayer(input, beta: new Normal(1.0), gamma: new Normal(1.0, mean: 1.0));
            var x = TestUtil.RandomTensor(new Shape(t.n, t.c, 3), (ulong)t.seed);
            return LayerGradCheck.Check(bn, input, x, (ulong)t.seed, out var report, deterministic: false).Label(report);
        });
    }

    [Fact]
    public void LocalResponseNormalizationMatchesLoopReference()
    {
        var input = new InputLayer([null, 6, 2, 3], dtype: DType.Float64);
        var lrn = new LocalResponseNormalization2DLayer(input, alpha: 0.1, k: 1.5, beta: 0.6, n: 3);
        var x = TestUtil.RandomTensor(new Shape(2, 6, 2, 3), 9, -2, 2);
        var y = TestUtil.Run(lrn, input, x);
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 6; c++)
                for (int i = 0; i < 2; i++)
                    for (int j = 0; j < 3; j++)
                    {
                        double s = 0;
                        for (int d = Math.Max(0, c - 1); d <= Math.Min(5, c + 1); d++) s += x[n, d, i, j] * x[n, d, i, j];
                        Assert.Equal(x[n, c, i, j] / Math.Pow(1.5 + 0.1 * s, 0.6), y[n, c, i, j], 10);
                    }
        Assert.Throws<ArgumentException>(() => new LocalResponseNormalization2DLayer(input, n: 4));
    }

    [Fact]
    public void SpatialContrastiveNormalizationMatchesLoopReference()
    {
        int C = 2, H = 5, W = 4, K = 3;
        var input = new InputLayer([null, C, H, W], dtype: DType.Float64);
        var layer = new SpatialContrastiveNormalizationLayer(input, kernelSize: K, threshold: 1e-4);
        var x = TestUtil.RandomTensor(new Shape(2, C, H, W), 10, -2, 2);
        var y = TestUtil.Run(layer, input, x);

        // Independent reference: Gaussian weights from the Torch formula, weighted local means with border renormalization.
        var g = new double[K];
        for (int i = 0; i < K; i++) { double d = (i - (K - 1) / 2.0) / (0.25 * K); g[i] = Math.Exp(-d * d / 2); }
        double gs = 0;
        for (int i = 0; i < K; i++) for (int j = 0; j < K; j++) gs += g[i] * g[j];
        double Weight(int u, int v) => g[u] * g[v] / gs;
        double LocalAverage(Func<int, int, int, double> f, int n, int i, int j)
        {
            double s = 0, mass = 0;
            for (int u = 0; u < K; u++)
                for (int v = 0; v < K; v++)
                {
                    int r = i + u - K / 2, q = j + v - K / 2;
                    if (r < 0 || r >= H || q < 0 || q >= W) continue;
                    mass += Weight(u, v);
                    for (int c = 0; c < C; c++) s += Weight(u, v) / C * f(c, r, q);
                }
            return s / mass;
        }
        for (int n = 0; n < 2; n++)
        {
            var centered = new double[C, H, W];
            for (int i = 0; i < H; i++)
                for (int j = 0; j < W; j++)
                {
                    double m = LocalAverage((c, r, q) => x[n, c, r, q], n, i, j);
                    for (int c = 0; c < C; c++) centered[c, i, j] = x[n, c, i, j] - m;
                }
            for (int i = 0; i < H; i++)
                for (int j = 0; j < W; j++)
                {
                    double sd = Math.Sqrt(LocalAverage((c, r, q) => centered[c, r, q] * centered[c, r, q], n, i, j));
                    for (int c = 0; c < C; c++) Assert.Equal(centered[c, i, j] / Math.Max(sd, 1e-4), y[n, c, i, j], 9);
                }
        }
    }
}
