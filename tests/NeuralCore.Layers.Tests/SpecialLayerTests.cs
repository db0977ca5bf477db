using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralCore.Layers.Init;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

public class SpecialLayerTests
{
    [Fact]
    public void BiasScaleAndPReluBroadcastPerChannel()
    {
        var input = new InputLayer([null, 3, 2], dtype: DType.Float64);
        var x = TestUtil.RandomTensor(new Shape(2, 3, 2), 14);
        var bias = new BiasLayer(input, b: new Normal(1.0));
        var scale = new ScaleLayer(input, scales: new Normal(1.0));
        var prelu = new ParametricRectifierLayer(input, alpha: new Uniform(0.1, 0.5));
        Assert.Equal(new Shape(3), bias.B!.Value.Shape);
        Assert.Equal(new Shape(3), prelu.Alpha.Value.Shape);
        var yb = TestUtil.Run(bias, input, x);
        var ys = TestUtil.Run(scale, input, x);
        var yp = TestUtil.Run(prelu, input, x);
        var b = bias.B.GetValue<double>();
        var s = scale.Scales.GetValue<double>();
        var a = prelu.Alpha.GetValue<double>();
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < 2; i++)
                {
                    double v = x[n, c, i];
                    Assert.Equal(v + b[c], yb[n, c, i], 12);
                    Assert.Equal(v * s[c], ys[n, c, i], 12);
                    Assert.Equal(v > 0 ? v : a[c] * v, yp[n, c, i], 12);
                }
        Assert.Equal(0.25f, new ParametricRectifierLayer(new InputLayer([null, 4])).Alpha.GetValue<float>()[0]);
        Assert.Equal(new Shape(3, 2), new BiasLayer(input, sharedAxes: [0]).B!.Value.Shape);
    }

    [Fact]
    public void NonlinearitiesMatchTheirFormulas()
    {
        var input = new InputLayer([null, 5], dtype: DType.Float64);
        var x = Tensor.FromArray(new[] { -2.0, -0.5, 0.0, 0.7, 3.0 }, 1, 5);
        double Sig(double v) => 1 / (1 + Math.Exp(-v));
        var cases = new (Func<NeuralCore.Autodiff.Variable, NeuralCore.Autodiff.Variable> F, Func<double, double> R)[]
        {
            (Nonlinearities.Sigmoid, Sig),
            (Nonlinearities.Tanh, Math.Tanh),
            (Nonlinearities.ScaledTanh(2.0 / 3, 1.7159), v => 1.7159 * Math.Tanh(2.0 / 3 * v)),
            (Nonlinearities.Rectify, v => Math.Max(0, v)),
            (Nonlinearities.LeakyRectify(0.2), v => v > 0 ? v : 0.2 * v),
            (Nonlinearities.LeakyRectifyDefault, v => v > 0 ? v : 0.01 * v),
            (Nonlinearities.VeryLeakyRectify, v => v > 0 ? v : v / 3),
            (Nonlinearities.Elu, v => v > 0 ? v : Math.Exp(v) - 1),
            (Nonlinearities.Selu, v => 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (Math.Exp(v) - 1))),
            (Nonlinearities.Softplus, v => Math.Log(1 + Math.Exp(v))),
            (Nonlinearities.Linear, v => v),
            (Nonlinearities.Identity, v => v),
        };
        foreach (var (f, r) in cases)
        {
            var y = TestUtil.Run(new NonlinearityLayer(input, f), input, x);
            for (int i = 0; i < 5; i++) Assert.Equal(r(x[0, i]), y[0, i], 9);
        }
        var sm = TestUtil.Run(new NonlinearityLayer(input, Nonlinearities.Softmax), input, x);
        double z = 0;
        for (int i = 0; i < 5; i++) z += Math.Exp(x[0, i]);
        for (int i = 0; i < 5; i++) Assert.Equal(Math.Exp(x[0, i]) / z, sm[0, i], 12);
    }

    [Fact]
    public void ExpressionLayerUsesTheGivenShapeRule()
    {
        var input = new InputLayer([null, 4, 3], dtype: DType.Float64);
        var layer = new ExpressionLayer(input, v => v.Sum([2], keepDims: false), s => [s[0], s[1]]);
        Assert.Equal(new int?[] { null, 4 }, layer.OutputShape);
        var x = TestUtil.RandomTensor(new Shape(2, 4, 3), 15);
        var y = TestUtil.Run(layer, input, x);
        Assert.Equal(x[1, 2, 0] + x[1, 2, 1] + x[1, 2, 2], y[1, 2], 12);
        Assert.Equal(new int?[] { null, 4, 3 }, new ExpressionLayer(input, v => v * 2.0).OutputShape);
        var auto = new ExpressionLayer(input, v => ShapeUtil.Shuffle(v.Sum([1], keepDims: false), 0, -1, 1), ExpressionLayer.Auto);
        Assert.Equal(new int?[] { null, 1, 3 }, auto.OutputShape);
        Assert.Equal(new Shape(2, 1, 3), TestUtil.Run(auto, input, x).Shape);
    }

    [Property(MaxTest = 8)]
    public Property ParameterLayersPassGradientChecks()
    {
        var gen = from c in Gen.Choose(1, 4) from seed in Gen.Choose(0, 10000) select (c, seed);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var input = new InputLayer([null, t.c, 3], dtype: DType.Float64);
            var x = TestUtil.RandomTensor(new Shape(2, t.c, 3), (ulong)t.seed);
            string r1, r2, r3;
            bool ok = LayerGradCheck.Check(new BiasLayer(input, b: new Normal(1.0)), input, x, (ulong)t.seed, out r1)
                    & LayerGradCheck.Check(new ScaleLayer(input, scales: new Normal(1.0)), input, x, (ulong)t.seed, out r2)
                    & LayerGradCheck.Check(new ParametricRectifierLayer(input, alpha: new Uniform(0.1, 0.5)), input, x, (ulong)t.seed, out r3);
            return ok.Label($"{r1}; {r2}; {r3}");
        });
    }
}
