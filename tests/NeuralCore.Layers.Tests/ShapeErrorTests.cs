using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

/// <summary>Layers reject incoming shapes that do not fit with a message naming the layer type, its name and the shapes.</summary>
public class ShapeErrorTests
{
    private static void Rejects(Func<Layer> build, string layer, string shape)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(build);
        Assert.Contains(layer, ex.Message);
        Assert.Contains(shape, ex.Message);
    }

    [Fact]
    public void EveryShapeSensitiveLayerNamesItselfAndTheShapes()
    {
        var flat = new InputLayer([null, 6]);
        var image = new InputLayer([null, 3, 4, 4]);
        var unknown = new InputLayer([null, null, 4, 4]);
        Rejects(() => new Conv1DLayer(image, 2, 3, name: "c1"), "Conv1DLayer 'c1'", "(None, 3, 4, 4)");
        Rejects(() => new Conv2DLayer(unknown, 2, 3, name: "c2"), "Conv2DLayer 'c2'", "(None, None, 4, 4)");
        Rejects(() => new Pool2DLayer(new InputLayer([null, 1, 2, 2]), 3, name: "p"), "Pool2DLayer 'p'", "(None, 1, 2, 2)");
        Rejects(() => new Upscale2DLayer(flat, 2, name: "up"), "Upscale2DLayer 'up'", "(None, 6)");
        Rejects(() => new GlobalPoolLayer(flat, name: "g"), "GlobalPoolLayer 'g'", "(None, 6)");
        Rejects(() => new LocalResponseNormalization2DLayer(flat, name: "lrn"), "LocalResponseNormalization2DLayer 'lrn'", "(None, 6)");
        Rejects(() => new SpatialContrastiveNormalizationLayer(new InputLayer([null, 1, null, 4]), name: "scn"), "SpatialContrastiveNormalizationLayer 'scn'", "(None, 1, None, 4)");
        Rejects(() => new BatchNormLayer(unknown, name: "bn"), "BatchNormLayer 'bn'", "(None, None, 4, 4)");
        Rejects(() => new BiasLayer(unknown, name: "b"), "BiasLayer 'b'", "(None, None, 4, 4)");
        Rejects(() => new ScaleLayer(unknown, name: "s"), "ScaleLayer 's'", "(None, None, 4, 4)");
        Rejects(() => new ParametricRectifierLayer(unknown, name: "pr"), "ParametricRectifierLayer 'pr'", "(None, None, 4, 4)");
        Rejects(() => new PadLayer(image, [(1, 1)], name: "pad"), "PadLayer 'pad'", "(None, 3, 4, 4)");
        Rejects(() => new DropoutLayer(flat, sharedAxes: [3], name: "d"), "DropoutLayer 'd'", "(None, 6)");
        Rejects(() => new ConcatLayer([flat, image], name: "cat"), "ConcatLayer 'cat'", "(None, 6), (None, 3, 4, 4)");
        Rejects(() => new ConcatLayer([flat], axis: 2, name: "cat"), "ConcatLayer 'cat'", "(None, 6)");
        Rejects(() => new ElemwiseMergeLayer([flat, image], (a, b) => a * b, name: "m"), "ElemwiseMergeLayer 'm'", "(None, 6), (None, 3, 4, 4)");
        Rejects(() => new InputLayer([null, 0]), "InputLayer", "(None, 0)");
        Rejects(() => new InputLayer([null, 3], NeuralCore.Autodiff.T.Tensor4("x"), name: "in"), "InputLayer 'in'", "(None, 3)");
    }

    [Fact]
    public void KernelPaddingEnumConvertsToLayerPadding()
    {
        var image = new InputLayer([null, 1, 5, 5]);
        Assert.Equal(new int?[] { null, 2, 5, 5 }, new Conv2DLayer(image, 2, 3, pad: ConvPadding.Same).OutputShape);
        Assert.Equal(new int?[] { null, 2, 7, 7 }, new Conv2DLayer(image, 2, 3, pad: ConvPadding.Full).OutputShape);
    }

    [Fact]
    public void InputLayerOutputIsItsVariable()
    {
        var x = NeuralCore.Autodiff.T.Matrix("x", DType.Float64);
        var input = new InputLayer([null, 3], x);
        Assert.Same(x, LayerGraph.GetOutput(input));
        Assert.Equal(new int?[] { null, 3 }, input.OutputShape);
        var value = TestUtil.RandomTensor(new Shape(4, 3), 30);
        Assert.Equal(value.ToArray(), TestUtil.Run(input, input, value).ToArray());
    }
}
