using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

public class ShapeAndMergeLayerTests
{
    [Fact]
    public void ReshapeFlattenAndDimshuffleMoveValuesLikeNumPy()
    {
        var input = new InputLayer([null, 2, 3, 4], dtype: DType.Float64);
        var x = TestUtil.RandomTensor(new Shape(2, 2, 3, 4), 16);
        var reshape = new ReshapeLayer(input, [ReshapeDim.Input(0), 6, -1]);
        Assert.Equal(new int?[] { null, 6, 4 }, reshape.OutputShape);
        Assert.Equal(x.ToArray(), TestUtil.Run(reshape, input, x).ToArray());
        var flat = new FlattenLayer(input);
        Assert.Equal(new int?[] { null, 24 }, flat.OutputShape);
        Assert.Equal(x.ToArray(), TestUtil.Run(flat, input, x).ToArray());
        var shuffle = new DimshuffleLayer(input, [0, 3, DimshuffleLayer.X, 1, 2]);
        Assert.Equal(new int?[] { null, 4, 1, 2, 3 }, shuffle.OutputShape);
        var y = TestUtil.Run(shuffle, input, x);
        Assert.Equal(x[1, 0, 2, 3], y[1, 3, 0, 0, 2]);
        Assert.Equal(x[0, 1, 1, 2], y[0, 2, 0, 1, 1]);
    }

    [Fact]
    public void PadAddsConstantBorders()
    {
        var input = new InputLayer([null, 1, 2, 2], dtype: DType.Float64);
        var pad = new PadLayer(input, [(1, 0), (0, 2)], value: 9);
        Assert.Equal(new int?[] { null, 1, 3, 4 }, pad.OutputShape);
        var x = Tensor.FromArray(new[] { 1.0, 2, 3, 4 }, 1, 1, 2, 2);
        Assert.Equal(new[] { 9.0, 9, 9, 9, 1, 2, 9, 9, 3, 4, 9, 9 }, TestUtil.Run(pad, input, x).ToArray());
    }

    [Fact]
    public void ShapeLayerErrorsNameTheLayer()
    {
        var input = new InputLayer([null, 2, 3]);
        var ex = Assert.Throws<ShapeMismatchException>(() => new ReshapeLayer(input, [ReshapeDim.Input(0), 5], name: "r"));
        Assert.Contains("ReshapeLayer 'r'", ex.Message);
        Assert.Contains("(None, 2, 3)", ex.Message);
        Assert.Throws<ShapeMismatchException>(() => new ReshapeLayer(input, [-1, -1]));
        Assert.Throws<ShapeMismatchException>(() => new DimshuffleLayer(input, [0, 1]));   // drops axis 2 of extent 3
        Assert.Throws<ShapeMismatchException>(() => new FlattenLayer(input, 4));
    }

    [Fact]
    public void ConcatSumAndMergeCombineInputs()
    {
        var a = new InputLayer([null, 2], dtype: DType.Float64, name: "a");
        var b = new InputLayer([null, 3], dtype: DType.Float64, name: "b");
        var c = new InputLayer([null, 2], dtype: DType.Float64, name: "c");
        var xa = TestUtil.RandomTensor(new Shape(2, 2), 17);
        var xb = TestUtil.RandomTensor(new Shape(2, 3), 18);
        var xc = TestUtil.RandomTensor(new Shape(2, 2), 19);
        var concat = new ConcatLayer([a, b]);
        Assert.Equal(new int?[] { null, 5 }, concat.OutputShape);
        var y = (Tensor<double>)TestUtil.Eval(LayerGraph.GetOutput(concat), (a.InputVariable, xa), (b.InputVariable, xb));
        Assert.Equal(new[] { xa[1, 0], xa[1, 1], xb[1, 0], xb[1, 1], xb[1, 2] }, y.Row(1).ToArray());

        var sum = new ElemwiseSumLayer([a, c], [2.0, -1.0]);
        var s = (Tensor<double>)TestUtil.Eval(LayerGraph.GetOutput(sum), (a.InputVariable, xa), (c.InputVariable, xc));
        for (int i = 0; i < 4; i++) Assert.Equal(2 * xa.AsSpan()[i] - xc.AsSpan()[i], s.AsSpan()[i], 12);
        var max = new ElemwiseMergeLayer([a, c], T.Maximum);
        var m = (Tensor<double>)TestUtil.Eval(LayerGraph.GetOutput(max), (a.InputVariable, xa), (c.InputVariable, xc));
        for (int i = 0; i < 4; i++) Assert.Equal(Math.Max(xa.AsSpan()[i], xc.AsSpan()[i]), m.AsSpan()[i]);

        var ex = Assert.Throws<ShapeMismatchException>(() => new ElemwiseSumLayer([a, b], name: "sum"));
        Assert.Contains("ElemwiseSumLayer 'sum'", ex.Message);
        Assert.Contains("(None, 2), (None, 3)", ex.Message);
        Assert.Throws<ShapeMismatchException>(() => new ConcatLayer([a, new InputLayer([null, 2, 1])]));
    }
}
