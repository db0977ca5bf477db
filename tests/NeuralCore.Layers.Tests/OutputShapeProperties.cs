using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

/// <summary>For every layer: the symbolic output shape (batch size unknown) equals the shape of the computed
/// output, over random valid shapes and hyperparameters, in both stochastic and deterministic passes.</summary>
public class OutputShapeProperties
{
    private const int MaxTest = 12;

    /// <summary>Builds the layer on an input with unknown batch size, runs it, compares shapes.</summary>
    private static Property ShapeHolds(int[] inputDims, int seed, Func<InputLayer, Layer> build)
    {
        var symbolic = new int?[inputDims.Length];
        for (int i = 1; i < inputDims.Length; i++) symbolic[i] = inputDims[i];
        var input = new InputLayer(symbolic, dtype: DType.Float64);
        var layer = build(input);
        var x = TestUtil.RandomTensor(new Shape(inputDims), (ulong)seed);
        foreach (bool deterministic in new[] { false, true })
        {
            var y = TestUtil.Eval(LayerGraph.GetOutput(layer, deterministic), (input.InputVariable, x));
            var expected = TestUtil.Concrete(layer.OutputShape, inputDims[0]);
            if (y.Shape != expected)
                return false.Label($"{layer.Describe()}: symbolic {Layer.FormatShape(layer.OutputShape)} vs computed {y.Shape} for input {new Shape(inputDims)}");
            if (LayerGraph.GetOutputShape(layer)[0] != layer.OutputShape[0]) return false.Label("GetOutputShape differs");
        }
        return true.ToProperty();
    }

    private static Gen<int[]> Dims(int rank, int min = 1, int max = 5) =>
        Gen.ArrayOf(Gen.Choose(min, max), rank);

    [Property(MaxTest = MaxTest)]
    public Property Dense() => Prop.ForAll((from d in Dims(3) from u in Gen.Choose(1, 4) from s in Gen.Choose(0, 999) select (d, u, s)).ToArbitrary(),
        c => ShapeHolds(c.d, c.s, i => new DenseLayer(i, c.u)));

    [Property(MaxTest = MaxTest)]
    public Property Conv2D()
    {
        var gen = from d in Dims(4, 3, 7)
                  from f in Gen.Choose(1, 3)
                  from st in Gen.Choose(1, 2)
                  from padKind in Gen.Choose(0, 3)
                  from untie in Gen.Elements(false, true)
                  from s in Gen.Choose(0, 999)
                  select (d, f: padKind == 2 ? 2 * (f / 2) + 1 : f, st, padKind, untie, s);
        return Prop.ForAll(gen.ToArbitrary(), c => ShapeHolds(c.d, c.s, i => new Conv2DLayer(i, 2, c.f, c.st,
            c.padKind switch { 0 => ConvPad.Valid, 1 => ConvPad.Full, 2 => ConvPad.Same, _ => 1 }, c.untie)));
    }

    [Property(MaxTest = MaxTest)]
    public Property Conv1D()
    {
        var gen = from d in Dims(3, 3, 8) from f in Gen.Choose(1, 3) from st in Gen.Choose(1, 2) from p in Gen.Choose(0, 2) from s in Gen.Choose(0, 999)
                  select (d, f, st, p, s);
        return Prop.ForAll(gen.ToArbitrary(), c => ShapeHolds(c.d, c.s, i => new Conv1DLayer(i, 3, c.f, c.st, c.p)));
    }

    [Property(MaxTest = MaxTest)]
    public Property Pool2D()
    {
        var gen = from d in Dims(4, 2, 7)
                  from p in Gen.Choose(1, 3)
                  from st in Gen.Choose(1, 3)
                  from ignore in Gen.Elements(true, false)
                  from pad in Gen.Choose(0, 1)
                  from mode in Gen.Elements(PoolingMode.Max, PoolingMode.AverageIncludePadding, PoolingMode.AverageExcludePadding, PoolingMode.L2, PoolingMode.RootMeanSquare)
                  from s in Gen.Choose(0, 999)
                  select (d, p, st, ignore, pad: ignore && pad < p ? pad : 0, mode, s);
        return Prop.ForAll(gen.Where(c => c.d[2] + 2 * c.pad >= c.p && c.d[3] + 2 * c.pad >= c.p).ToArbitrary(),
            c => ShapeHolds(c.d, c.s, i => new Pool2DLayer(i, c.p, c.st, c.pad, c.ignore, c.mode)));
    }

    [Property(MaxTest = MaxTest)]
    public Property MaxPool2DAndGlobalPoolAndUpscale()
    {
        var gen = from d in Dims(4, 2, 6) from p in Gen.Choose(1, 2) from k in Gen.Choose(0, 2) from s in Gen.Choose(0, 999) select (d, p, k, s);
        return Prop.ForAll(gen.ToArbitrary(), c => ShapeHolds(c.d, c.s, i =>
            new MaxPool2DLayer(i, c.p)).And(ShapeHolds(c.d, c.s, i => new GlobalPoolLayer(i, (GlobalPoolFunction)c.k)))
            .And(ShapeHolds(c.d, c.s, i => new Upscale2DLayer(i, (c.p, c.p + 1), c.k == 1 ? UpscaleMode.Dilate : UpscaleMode.Repeat))));
    }

    [Property(MaxTest = MaxTest)]
    public Property NoiseAndSpecialLayers()
    {
        var gen = from d in Dims(4, 1, 4) from s in Gen.Choose(0, 999) select (d, s);
        return Prop.ForAll(gen.ToArbitrary(), c =>
            ShapeHolds(c.d, c.s, i => new DropoutLayer(i, 0.3))
            .And(ShapeHolds(c.d, c.s, i => new DropoutLayer(i, 0.5, sharedAxes: [2, 3])))
            .And(ShapeHolds(c.d, c.s, i => new GaussianNoiseLayer(i)))
            .And(ShapeHolds(c.d, c.s, i => new NonlinearityLayer(i, Nonlinearities.Elu)))
            .And(ShapeHolds(c.d, c.s, i => new BiasLayer(i)))
            .And(ShapeHolds(c.d, c.s, i => new ScaleLayer(i, sharedAxes: [0])))
            .And(ShapeHolds(c.d, c.s, i => new ParametricRectifierLayer(i)))
            .And(ShapeHolds(c.d, c.s, i => new ExpressionLayer(i, x => x.Sum([3], keepDims: false), s => [s[0], s[1], s[2]]))));
    }

    [Property(MaxTest = MaxTest)]
    public Property NormalizationLayers()
    {
        var gen = from d in Dims(4, 2, 5) from s in Gen.Choose(0, 999) select (d, s);
        return Prop.ForAll(gen.ToArbitrary(), c =>
            ShapeHolds(c.d, c.s, i => new BatchNormLayer(i))
            .And(ShapeHolds(c.d, c.s, i => BatchNorm.Apply(new Conv2DLayer(i, 2, 1))))
            .And(ShapeHolds(c.d, c.s, i => new LocalResponseNormalization2DLayer(i, n: 3)))
            .And(ShapeHolds(c.d, c.s, i => new SpatialContrastiveNormalizationLayer(i, kernelSize: 3))));
    }

    [Property(MaxTest = MaxTest)]
    public Property ShapeLayers()
    {
        var gen = from d in Dims(4, 1, 4) from w in Gen.Choose(0, 2) from s in Gen.Choose(0, 999) select (d, w, s);
        return Prop.ForAll(gen.ToArbitrary(), c =>
            ShapeHolds(c.d, c.s, i => new FlattenLayer(i))
            .And(ShapeHolds(c.d, c.s, i => new FlattenLayer(i, 3)))
            .And(ShapeHolds(c.d, c.s, i => new ReshapeLayer(i, [ReshapeDim.Input(0), -1, c.d[3]])))
            .And(ShapeHolds(c.d, c.s, i => new DimshuffleLayer(i, [0, 3, DimshuffleLayer.X, 1, 2])))
            .And(ShapeHolds(c.d, c.s, i => new PadLayer(i, c.w)))
            .And(ShapeHolds(c.d, c.s, i => new PadLayer(i, [(c.w, 1), (0, c.w)], value: 2.0))));
    }

    [Property(MaxTest = MaxTest)]
    public Property MergeLayers()
    {
        var gen = from d in Dims(3, 1, 4) from s in Gen.Choose(0, 999) select (d, s);
        return Prop.ForAll(gen.ToArbitrary(), c =>
            ShapeHolds(c.d, c.s, i => new ConcatLayer([i, new DenseLayer(i, 2, numLeadingAxes: 2), i], axis: 2))
            .And(ShapeHolds(c.d, c.s, i => new ConcatLayer([i, new NonlinearityLayer(i)])))
            .And(ShapeHolds(c.d, c.s, i => new ElemwiseSumLayer([i, new BiasLayer(i)], [0.5, 2.0])))
            .And(ShapeHolds(c.d, c.s, i => new ElemwiseMergeLayer([i, new NonlinearityLayer(i)], T.Maximum))));
    }
}
