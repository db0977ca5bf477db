using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

public class LayerGraphTests
{
    [Fact]
    public void GetAllLayersIsTopologicalWithoutRepeats()
    {
        var input = new InputLayer([null, 4]);
        var left = new DenseLayer(input, 3);
        var right = new DenseLayer(input, 3);
        var merged = new ElemwiseSumLayer([left, right]);
        var top = new DenseLayer(merged, 2);
        var all = LayerGraph.GetAllLayers(top);
        Assert.Equal(5, all.Count);
        Assert.Same(input, all[0]);
        Assert.Same(top, all[^1]);
        Assert.True(all.ToList().IndexOf(left) < all.ToList().IndexOf(merged));
        Assert.True(all.ToList().IndexOf(right) < all.ToList().IndexOf(merged));
        Assert.Equal([merged, top], LayerGraph.GetAllLayers(top, treatAsInput: [merged]));
        Assert.Equal(3 * 4 + 3 + 3 * 4 + 3 + 3 * 2 + 2, LayerGraph.CountParams(top));
        Assert.Equal(3 * 4 + 3 * 4 + 3 * 2, LayerGraph.CountParams(top, regularizable: true));
    }

    [Fact]
    public void GetOutputHonoursInputOverridesAndSeveralLayers()
    {
        var input = new InputLayer([null, 2], dtype: DType.Float64);
        var hidden = new NonlinearityLayer(input, v => v * 2.0);
        var output = new NonlinearityLayer(hidden, v => v + 1.0);
        var other = T.Matrix("other", DType.Float64);
        var x = Tensor.FromArray(new[] { 1.0, 2.0 }, 1, 2);
        // Replace the hidden layer's output by another variable: the input layer is not needed.
        var y = (Tensor<double>)TestUtil.Eval(LayerGraph.GetOutput(output, new Dictionary<Layer, Variable> { [hidden] = other }), (other, x));
        Assert.Equal(new[] { 2.0, 3.0 }, y.ToArray());
        var z = (Tensor<double>)TestUtil.Eval(LayerGraph.GetOutput(output, other), (other, x));
        Assert.Equal(new[] { 3.0, 5.0 }, z.ToArray());
        var both = LayerGraph.GetOutput([hidden, output]);
        var f = Function.Compile([input.InputVariable], both);
        var r = f.Invoke(x);
        Assert.Equal(new[] { 2.0, 4.0 }, ((Tensor<double>)r[0]).ToArray());
        Assert.Equal(new[] { 3.0, 5.0 }, ((Tensor<double>)r[1]).ToArray());
    }

    [Fact]
    public void GetOutputShapeRecomputesForOtherInputShapes()
    {
        var input = new InputLayer([null, 1, 8, 8]);
        var conv = new Conv2DLayer(input, 2, 3);
        var pool = new MaxPool2DLayer(conv, 2);
        Assert.Equal(new int?[] { null, 2, 3, 3 }, LayerGraph.GetOutputShape(pool));
        var bigger = LayerGraph.GetOutputShape(pool, new Dictionary<Layer, IReadOnlyList<int?>> { [input] = [5, 1, 12, 12] });
        Assert.Equal(new int?[] { 5, 2, 5, 5 }, bigger);
    }

    [Fact]
    public void ParamValuesRoundTripAndMismatchesLeaveTheNetworkUntouched()
    {
        var input = new InputLayer([null, 3]);
        var net = new DenseLayer(new DenseLayer(input, 4, name: "h"), 2, name: "out");
        var values = LayerGraph.GetAllParamValues(net);
        Assert.Equal(4, values.Length);
        Assert.Equal(new Shape(3, 4), values[0].Shape);
        var changed = values.Select(v => (Tensor)((Tensor<float>)v).Clone()).ToArray();
        ((Tensor<float>)changed[2]).Fill(7f);
        LayerGraph.SetAllParamValues(net, changed);
        Assert.All(((Tensor<float>)LayerGraph.GetAllParams(net)[2].Value).ToArray(), v => Assert.Equal(7f, v));

        var before = LayerGraph.GetAllParamValues(net);
        var wrong = before.ToArray();
        wrong[3] = Tensor.Zeros<float>(3);
        var ex = Assert.ThrowsAny<ArgumentException>(() => LayerGraph.SetAllParamValues(net, wrong));
        Assert.Contains("out.b", ex.Message);
        Assert.ThrowsAny<ArgumentException>(() => LayerGraph.SetAllParamValues(net, before.Take(3).ToArray()));
        var after = LayerGraph.GetAllParamValues(net);
        for (int i = 0; i < before.Length; i++) Assert.True(((Tensor<float>)before[i]).ValueEquals((Tensor<float>)after[i]));
    }

    [Fact]
    public void SummaryListsLayersShapesAndTotals()
    {
        var input = new InputLayer([null, 1, 28, 28]);
        var conv = new Conv2DLayer(input, 32, 5, name: "conv1");
        var pool = new MaxPool2DLayer(conv, 2);
        var bn = new BatchNormLayer(new DenseLayer(pool, 10, Nonlinearities.Softmax, name: "out"));
        string text = ModelSummary.Create(bn);
        Assert.Contains("Conv2DLayer 'conv1'", text);
        Assert.Contains("(None, 32, 24, 24)", text);
        Assert.Contains("832", text);                  // 32·25 + 32
        Assert.Contains("(None, 32, 12, 12)", text);
        Assert.Contains("46,090", text);              // 4608·10 + 10
        long total = 832 + 46090 + 40;
        Assert.Contains("Total params: 46,962", text);
        Assert.Contains("Non-trainable params: 20", text);   // running mean and inv_std
        Assert.Equal(total, LayerGraph.CountParams(bn));
    }
}
