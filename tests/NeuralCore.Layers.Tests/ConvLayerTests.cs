using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralCore.Layers.Init;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

public class ConvLayerTests
{
    /// <summary>Direct loops: y[n, f, i, j] = b[f] + Σ x[n, c, i·s + u - p, j·s + v - p] · W'[f, c, u, v] with W' the
    /// flipped filter when flip is set (a true convolution).</summary>
    private static double[] Reference(Tensor<double> x, Tensor<double> w, double[] b, int stride, int pad, bool flip, int oh, int ow)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int f = w.Shape[0], kh = w.Shape[2], kw = w.Shape[3];
        var y = new double[n * f * oh * ow];
        for (int a = 0; a < n; a++)
            for (int o = 0; o < f; o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double s = b[o];
                        for (int ch = 0; ch < c; ch++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++)
                                {
                                    int r = i * stride + u - pad, q = j * stride + v - pad;
                                    if (r < 0 || r >= h || q < 0 || q >= wd) continue;
                                    double wv = flip ? w[o, ch, kh - 1 - u, kw - 1 - v] : w[o, ch, u, v];
                                    s += x[a, ch, r, q] * wv;
                                }
                        y[((a * f + o) * oh + i) * ow + j] = s;
                    }
        return y;
    }

    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(2, 1, true)]
    [InlineData(1, 2, false)]
    public void Conv2DMatchesLoopReference(int stride, int pad, bool flip)
    {
        var input = new InputLayer([null, 2, 6, 5], dtype: DType.Float64);
        var conv = new Conv2DLayer(input, 3, (3, 2), stride, pad, b: new Normal(1.0), nonlinearity: Nonlinearities.Linear, flipFilters: flip);
        var x = TestUtil.RandomTensor(new Shape(2, 2, 6, 5), 3);
        var y = TestUtil.Run(conv, input, x);
        var shape = TestUtil.Concrete(conv.OutputShape, 2);
        Assert.Equal(shape, y.Shape);
        var expected = Reference(x, conv.W.GetValue<double>(), conv.B!.GetValue<double>().ToArray(), stride, pad, flip, shape[2], shape[3]);
        TestUtil.AssertClose(expected, y.AsSpan());
    }

    [Fact]
    public void PadModesFollowLasagne()
    {
        var input = new InputLayer([null, 1, 7, 7]);
        Assert.Equal(new int?[] { null, 4, 5, 5 }, new Conv2DLayer(input, 4, 3).OutputShape);
        Assert.Equal(new int?[] { null, 4, 9, 9 }, new Conv2DLayer(input, 4, 3, pad: ConvPad.Full).OutputShape);
        Assert.Equal(new int?[] { null, 4, 7, 7 }, new Conv2DLayer(input, 4, 3, pad: ConvPad.Same).OutputShape);
        Assert.Equal(new int?[] { null, 4, 4, 4 }, new Conv2DLayer(input, 4, 3, stride: 2, pad: ConvPad.Same).OutputShape);
        Assert.Equal(new int?[] { null, 4, 7, 9 }, new Conv2DLayer(input, 4, 3, pad: new[] { 1, 2 }).OutputShape);
        var untied = new Conv2DLayer(input, 4, 3, untieBiases: true);
        Assert.Equal(new Shape(4, 5, 5), untied.B!.Value.Shape);
        Assert.True(new Conv2DLayer(input, 4, 3).FlipFilters);   // Lasagne's default: true convolution
        Assert.Equal(new Shape(4, 1, 3, 3), new Conv2DLayer(input, 4, 3).W.Value.Shape);
    }

    [Fact]
    public void Conv1DMatchesLoopReference()
    {
        var input = new InputLayer([null, 2, 9], dtype: DType.Float64);
        var conv = new Conv1DLayer(input, 3, 3, stride: 2, pad: 1, b: new Normal(1.0), nonlinearity: Nonlinearities.Linear);
        var x = TestUtil.RandomTensor(new Shape(2, 2, 9), 4);
        var y = TestUtil.Run(conv, input, x);
        var w = conv.W.GetValue<double>();
        var b = conv.B!.GetValue<double>();
        Assert.Equal(new Shape(2, 3, 5), y.Shape);
        for (int a = 0; a < 2; a++)
            for (int f = 0; f < 3; f++)
                for (int i = 0; i < 5; i++)
                {
                    double s = b[f];
                    for (int c = 0; c < 2; c++)
                        for (int u = 0; u < 3; u++)
                        {
                            int r = i * 2 + u - 1;
                            if (r >= 0 && r < 9) s += x[a, c, r] * w[f, c, 2 - u];
                        }
                    Assert.Equal(s, y[a, f, i], 10);
                }
    }

    [Fact]
    public void BadInputsAreRejectedWithLayerAndShapes()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => new Conv2DLayer(new InputLayer([null, 784]), 4, 3, name: "conv1"));
        Assert.Contains("Conv2DLayer 'conv1'", ex.Message);
        Assert.Contains("(None, 784)", ex.Message);
        var ex2 = Assert.Throws<ShapeMismatchException>(() => new Conv2DLayer(new InputLayer([null, 1, 2, 2]), 4, 5));
        Assert.Contains("(None, 1, 2, 2)", ex2.Message);
        Assert.Throws<ArgumentException>(() => new Conv2DLayer(new InputLayer([null, 1, 8, 8]), 4, 2, pad: ConvPad.Same));
    }

    [Property(MaxTest = 10)]
    public Property Conv2DGradientsMatchFiniteDifferences()
    {
        var gen = from c in Gen.Choose(1, 2)
                  from h in Gen.Choose(3, 5)
                  from f in Gen.Choose(1, 3)
                  from st in Gen.Choose(1, 2)
                  from pad in Gen.Choose(0, 1)
                  from untie in Gen.Elements(false, true)
                  from flip in Gen.Elements(false, true)
                  from seed in Gen.Choose(0, 10000)
                  select (c, h, f, st, pad, untie, flip, seed);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var input = new InputLayer([null, t.c, t.h, t.h + 1], dtype: DType.Float64);
            var conv = new Conv2DLayer(input, 2, (t.f, 2), t.st, t.pad, t.untie, b: new Normal(0.5), nonlinearity: Nonlinearities.Tanh, flipFilters: t.flip);
            var x = TestUtil.RandomTensor(new Shape(2, t.c, t.h, t.h + 1), (ulong)t.seed);
            return LayerGradCheck.Check(conv, input, x, (ulong)t.seed, out var report).Label(report);
        });
    }

    [Property(MaxTest = 8)]
    public Property Conv1DGradientsMatchFiniteDifferences()
    {
        var gen = from len in Gen.Choose(3, 7) from f in Gen.Choose(1, 3) from seed in Gen.Choose(0, 10000) select (len, f, seed);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var input = new InputLayer([null, 2, t.len], dtype: DType.Float64);
            var conv = new Conv1DLayer(input, 2, t.f, b: new Normal(0.5), nonlinearity: Nonlinearities.Tanh);
            var x = TestUtil.RandomTensor(new Shape(2, 2, t.len), (ulong)t.seed);
            return LayerGradCheck.Check(conv, input, x, (ulong)t.seed, out var report).Label(report);
        });
    }
}
