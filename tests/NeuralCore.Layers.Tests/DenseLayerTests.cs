using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralCore.Layers.Init;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

public class DenseLayerTests
{
    [Fact]
    public void OutputMatchesLoopReference()
    {
        var input = new InputLayer([null, 2, 3], dtype: DType.Float64);
        var dense = new DenseLayer(input, 4, Nonlinearities.Tanh, b: new Normal(1.0));
        var x = TestUtil.RandomTensor(new Shape(5, 2, 3), 1);
        var actual = TestUtil.Run(dense, input, x);
        var w = dense.W.GetValue<double>();
        var b = dense.B!.GetValue<double>();
        var expected = new double[5 * 4];
        for (int n = 0; n < 5; n++)
            for (int j = 0; j < 4; j++)
            {
                double s = b[j];
                for (int i = 0; i < 6; i++) s += x.AsSpan()[n * 6 + i] * w[i, j];
                expected[n * 4 + j] = Math.Tanh(s);
            }
        Assert.Equal(new Shape(5, 4), actual.Shape);
        TestUtil.AssertClose(expected, actual.AsSpan());
    }

    [Fact]
    public void NumLeadingAxesKeepsLeadingAxes()
    {
        var input = new InputLayer([null, 3, 4], dtype: DType.Float64);
        var dense = new DenseLayer(input, 2, Nonlinearities.Linear, numLeadingAxes: 2);
        Assert.Equal(new int?[] { null, 3, 2 }, dense.OutputShape);
        Assert.Equal(new Shape(4, 2), dense.W.Value.Shape);
        var x = TestUtil.RandomTensor(new Shape(2, 3, 4), 2);
        var y = TestUtil.Run(dense, input, x);
        var w = dense.W.GetValue<double>();
        for (int a = 0; a < 2; a++)
            for (int c = 0; c < 3; c++)
                for (int j = 0; j < 2; j++)
                {
                    double s = 0;
                    for (int i = 0; i < 4; i++) s += x[a, c, i] * w[i, j];
                    Assert.Equal(s, y[a, c, j], 10);
                }
        Assert.Equal(new int?[] { null, 3, 2 }, new DenseLayer(input, 2, numLeadingAxes: -1).OutputShape);
    }

    [Fact]
    public void ParamsAndTagsFollowLasagne()
    {
        var dense = new DenseLayer(new InputLayer([null, 10]), 3, name: "fc");
        Assert.Equal("fc.W", dense.W.Name);
        Assert.Equal("fc.b", dense.B!.Name);
        Assert.Equal(ParamTags.Trainable | ParamTags.Regularizable, dense.TagsOf(dense.W));
        Assert.Equal(ParamTags.Trainable, dense.TagsOf(dense.B));
        Assert.Equal([dense.W], dense.GetParams(regularizable: true));
        Assert.Equal([dense.W, dense.B], dense.GetParams(trainable: true));
        Assert.Equal([dense.B], dense.GetParams(regularizable: false));
        Assert.Null(new DenseLayer(new InputLayer([null, 10]), 3, b: ParamSpec.None).B);
        Assert.Equal(DType.Float32, dense.W.DType);
        // Tied weights: the same shared variable.
        var tied = new DenseLayer(new InputLayer([null, 10]), 3, W: dense.W);
        Assert.Same(dense.W, tied.W);
    }

    [Fact]
    public void ErrorsNameTheLayerAndShapes()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => new DenseLayer(new InputLayer([null, 10]), 3, numLeadingAxes: 2, name: "fc"));
        Assert.Contains("DenseLayer 'fc'", ex.Message);
        Assert.Contains("(None, 10)", ex.Message);
        Assert.Contains("numLeadingAxes=2", ex.Message);
        var ex2 = Assert.Throws<ShapeMismatchException>(() => new DenseLayer(new InputLayer([null, null]), 3));
        Assert.Contains("(None, None)", ex2.Message);
        var ex3 = Assert.Throws<ShapeMismatchException>(() => new DenseLayer(new InputLayer([null, 4]), 3, W: Tensor.Zeros<float>(5, 3)));
        Assert.Contains("(5, 3)", ex3.Message);
        Assert.Contains("(4, 3)", ex3.Message);
    }

    [Property(MaxTest = 15)]
    public Property GradientsMatchFiniteDifferences()
    {
        var gen = from batch in Gen.Choose(1, 3)
                  from features in Gen.Choose(1, 5)
                  from units in Gen.Choose(1, 4)
                  from extra in Gen.Choose(1, 2)
                  from seed in Gen.Choose(0, 10000)
                  select (batch, features, units, extra, seed);
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var input = new InputLayer([null, c.features, c.extra], dtype: DType.Float64);
            var dense = new DenseLayer(input, c.units, Nonlinearities.Tanh, b: new Normal(0.5));
            var x = TestUtil.RandomTensor(new Shape(c.batch, c.features, c.extra), (ulong)c.seed);
            bool ok = LayerGradCheck.Check(dense, input, x, (ulong)c.seed, out var report);
            return ok.Label(report);
        });
    }
}
