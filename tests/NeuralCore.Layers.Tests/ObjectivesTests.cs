using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

public class ObjectivesTests
{
    private static readonly Tensor<double> P = Tensor.FromArray(new[] { 0.7, 0.2, 0.1, 0.1, 0.3, 0.6 }, 2, 3);

    private static double[] Eval(Variable v, params (Variable, Tensor)[] inputs) => ((Tensor<double>)TestUtil.Eval(v, inputs)).ToArray();

    [Fact]
    public void CategoricalCrossentropyWithIntOrOneHotTargets()
    {
        var p = T.Matrix("p", DType.Float64);
        var yi = T.IVector("y");
        var yo = T.Matrix("t", DType.Float64);
        var labels = Tensor.FromArray(new[] { 0, 2 });
        var oneHot = Tensor.FromArray(new[] { 1.0, 0, 0, 0, 0, 1 }, 2, 3);
        var expected = new[] { -Math.Log(0.7), -Math.Log(0.6) };
        TestUtil.AssertClose(expected, Eval(Objectives.CategoricalCrossentropy(p, yi), (p, P), (yi, labels)));
        TestUtil.AssertClose(expected, Eval(Objectives.CategoricalCrossentropy(p, yo), (p, P), (yo, oneHot)));
        var acc = Eval(Objectives.CategoricalAccuracy(p, yi), (p, P), (yi, Tensor.FromArray(new[] { 0, 1 })));
        Assert.Equal(new[] { 1.0, 0.0 }, acc);
        Assert.Equal(new[] { 1.0, 1.0 }, Eval(Objectives.CategoricalAccuracy(p, yo), (p, P), (yo, oneHot)));
        // Top-2: row 0 ranks 0.7, 0.2, 0.1 (class 2 is third); row 1 ranks 0.6, 0.3, 0.1 (class 1 is second).
        Assert.Equal(new[] { 0.0, 1.0 }, Eval(Objectives.CategoricalAccuracy(p, yi, topK: 2), (p, P), (yi, Tensor.FromArray(new[] { 2, 1 }))));
        Assert.Equal(new[] { 1.0, 1.0 }, Eval(Objectives.CategoricalAccuracy(p, yi, topK: 3), (p, P), (yi, Tensor.FromArray(new[] { 2, 0 }))));
    }

    [Fact]
    public void BinaryLossesAndAccuracy()
    {
        var p = T.Vector("p", DType.Float64);
        var t = T.Vector("t", DType.Float64);
        var pv = Tensor.FromArray(new[] { 0.9, 0.2, 0.6 });
        var tv = Tensor.FromArray(new[] { 1.0, 1.0, 0.0 });
        TestUtil.AssertClose(new[] { -Math.Log(0.9), -Math.Log(0.2), -Math.Log(0.4) }, Eval(Objectives.BinaryCrossentropy(p, t), (p, pv), (t, tv)));
        Assert.Equal(new[] { 1.0, 0.0, 0.0 }, Eval(Objectives.BinaryAccuracy(p, t), (p, pv), (t, tv)));
        TestUtil.AssertClose(new[] { 0.01, 0.64, 0.36 }, Eval(Objectives.SquaredError(p, t), (p, pv), (t, tv)));
        // Huber with delta 0.5: |d| = 0.1, 0.8, 0.6 -> 0.005, 0.5·(0.8 - 0.25), 0.5·(0.6 - 0.25).
        TestUtil.AssertClose(new[] { 0.005, 0.275, 0.175 }, Eval(Objectives.HuberLoss(p, t, 0.5), (p, pv), (t, tv)));
        // Scores with 0/1 targets mapped to ±1: max(0, 1 - s·t).
        var scores = Tensor.FromArray(new[] { 2.0, 0.5, 0.3 });
        TestUtil.AssertClose(new[] { 0.0, 0.5, 1.3 }, Eval(Objectives.BinaryHingeLoss(p, t), (p, scores), (t, tv)));
    }

    [Fact]
    public void MulticlassHingeLoss()
    {
        var p = T.Matrix("p", DType.Float64);
        var y = T.IVector("y");
        // Row 0: correct 0.7, best other 0.2 -> max(0, 0.2 - 0.7 + 1) = 0.5. Row 1: correct 0.3 (class 1), best other 0.6 -> 1.3.
        TestUtil.AssertClose(new[] { 0.5, 1.3 }, Eval(Objectives.MulticlassHingeLoss(p, y), (p, P), (y, Tensor.FromArray(new[] { 0, 1 }))));
    }

    [Fact]
    public void AggregateModes()
    {
        var l = T.Vector("l", DType.Float64);
        var w = T.Vector("w", DType.Float64);
        var lv = Tensor.FromArray(new[] { 1.0, 2.0, 3.0, 4.0 });
        var wv = Tensor.FromArray(new[] { 1.0, 0.0, 2.0, 1.0 });
        Assert.Equal(2.5, Eval(Objectives.Aggregate(l), (l, lv))[0], 12);
        Assert.Equal(10.0, Eval(Objectives.Aggregate(l, mode: AggregateMode.Sum), (l, lv))[0], 12);
        Assert.Equal(11.0 / 4, Eval(Objectives.Aggregate(l, w), (l, lv), (w, wv))[0], 12);
        Assert.Equal(11.0, Eval(Objectives.Aggregate(l, w, AggregateMode.Sum), (l, lv), (w, wv))[0], 12);
        Assert.Equal(11.0 / 4, Eval(Objectives.Aggregate(l, w, AggregateMode.NormalizedSum), (l, lv), (w, wv))[0], 12);
        Assert.Throws<ArgumentException>(() => Objectives.Aggregate(l, mode: AggregateMode.NormalizedSum));
    }

    [Fact]
    public void RegularizationPenalizesSelectedParameters()
    {
        var input = new InputLayer([null, 2], dtype: DType.Float64);
        var h = new DenseLayer(input, 2, W: Tensor.FromArray(new[] { 1.0, -2.0, 3.0, 0.5 }, 2, 2), b: Tensor.FromArray(new[] { 10.0, 10.0 }));
        var o = new DenseLayer(h, 1, W: Tensor.FromArray(new[] { -1.0, 2.0 }, 2, 1));
        double Value(Variable v) => ((Tensor<double>)TestUtil.Eval(v)).ToScalar();
        Assert.Equal(1 + 4 + 9 + 0.25 + 1 + 4, Value(Regularization.RegularizeNetworkParams(o, Regularization.L2)), 12);
        Assert.Equal(1 + 2 + 3 + 0.5 + 1 + 2, Value(Regularization.RegularizeNetworkParams(o, Regularization.L1)), 12);
        Assert.Equal(5.0, Value(Regularization.RegularizeLayerParams(o, Regularization.L2)), 12);
        Assert.Equal(0.5 * 14.25 + 2 * 5, Value(Regularization.RegularizeLayerParamsWeighted(
            [new KeyValuePair<Layer, double>(h, 0.5), new KeyValuePair<Layer, double>(o, 2)], Regularization.L2)), 12);
        // Biases are not regularizable; asking for all parameters includes them.
        Assert.Equal(1 + 4 + 9 + 0.25 + 200 + 1 + 4 + 0, Value(Regularization.RegularizeNetworkParams(o, Regularization.L2, regularizable: null)), 12);
    }
}
