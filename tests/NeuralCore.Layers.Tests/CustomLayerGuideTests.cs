using NeuralCore.Autodiff;
using NeuralCore.Tensors;
using Init = NeuralCore.Layers.Init;

namespace NeuralCore.Layers.Tests;

// The worked examples of docs/guides/custom-layer.md, verbatim: if they stop compiling or stop being right, these
// tests fail, so the guide cannot rot. Keep the two in step.

/// <summary>A dense layer with a learned per-unit output scale: y = f((x·W) ⊙ scale).</summary>
public sealed class ScaledDenseLayer : Layer
{
    public ScaledDenseLayer(Layer incoming, int numUnits, Func<Variable, Variable>? nonlinearity = null,
        ParamSpec? W = null, ParamSpec? scale = null, string? name = null)
        : base(incoming, name)
    {
        if (InputShape.Count != 2) throw ShapeError("expects (batch, features) input", InputShape);
        if (InputShape[1] is not int numInputs) throw ShapeError("the number of input features must be known", InputShape);
        NumUnits = numUnits;
        Nonlinearity = nonlinearity ?? Nonlinearities.Rectify;
        // Lasagne's add_param: W is trainable and regularizable (the default tags), scale only trainable.
        this.W = AddRequiredParam(W ?? new Init.GlorotUniform(), new Shape(numInputs, numUnits), "W");
        Scale = AddRequiredParam(scale ?? new Init.Constant(1.0), new Shape(numUnits), "scale", ParamTags.Trainable);
        ValidateOutputShape();   // a shape error surfaces here, where the network is built
    }

    public int NumUnits { get; }
    public Func<Variable, Variable> Nonlinearity { get; }
    public SharedVariable W { get; }
    public SharedVariable Scale { get; }

    // Lasagne's get_output_shape_for: null extents (the batch size) stay unknown.
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<int?> inputShape) => [inputShape[0], NumUnits];

    // Lasagne's get_output_for: the expression, built from the incoming expression.
    public override Variable GetOutputFor(Variable input, OutputContext context) =>
        Nonlinearity(T.Dot(input, W) * Scale);   // (batch, units) * (units,) broadcasts over the batch
}

/// <summary>Multiplies by 1 + N(0, σ²) noise while training; the identity in deterministic passes.</summary>
public sealed class MultiplicativeNoiseLayer : Layer
{
    private readonly RandomStreams _streams = new(LayersRandom.NextSeed());   // seeded by LayersRandom.Seed(n)

    public MultiplicativeNoiseLayer(Layer incoming, double sigma = 0.1, string? name = null) : base(incoming, name)
    {
        Sigma = sigma;
        ValidateOutputShape();
    }

    public double Sigma { get; }

    // GetOutputShapeFor is not overridden: the default keeps the input shape.
    public override Variable GetOutputFor(Variable input, OutputContext context) =>
        context.Deterministic ? input : input * (1 + _streams.Normal(input, 0, Sigma));
}

/// <summary>An initializer: normal draws, each column (one unit's incoming weights) scaled to unit L2 norm.</summary>
public sealed class UnitNormColumns : Init.Initializer
{
    protected override void Fill(Span<double> values, Shape shape, RandomGenerator rng)
    {
        if (shape.Rank != 2) throw new ArgumentException($"UnitNormColumns: needs a 2-D shape (inputs, units), got {shape}");
        int rows = shape[0], columns = shape[1];
        rng.Normal(values, 0.0, 1.0);
        for (int c = 0; c < columns; c++)
        {
            double norm = 0;
            for (int r = 0; r < rows; r++) norm += values[r * columns + c] * values[r * columns + c];
            norm = Math.Sqrt(norm);
            for (int r = 0; r < rows; r++) values[r * columns + c] /= norm;
        }
    }
}

public class CustomLayerGuideTests
{
    [Fact]
    public void ScaledDenseLayerHasShapeParamsAndTags()
    {
        var input = new InputLayer([null, 4]);
        var layer = new ScaledDenseLayer(input, 3, name: "fc");
        Assert.Equal([null, 3], layer.OutputShape);
        Assert.Equal(["fc.W", "fc.scale"], LayerGraph.GetAllParams(layer).Select(p => p.Name));
        Assert.Equal(ParamTags.Trainable | ParamTags.Regularizable, layer.TagsOf(layer.W));
        Assert.Equal(ParamTags.Trainable, layer.TagsOf(layer.Scale));
        Assert.Equal([layer.W], LayerGraph.GetAllParams(layer, regularizable: true));
        Assert.Equal(4 * 3 + 3, LayerGraph.CountParams(layer));
        Assert.Equal([1f, 1f, 1f], layer.Scale.GetValue<float>().ToArray());
    }

    [Fact]
    public void ScaledDenseLayerComputesScaledDotProduct()
    {
        var input = new InputLayer([null, 3], dtype: DType.Float64);
        var w = TestUtil.RandomTensor(new Shape(3, 2), seed: 1);
        var s = Tensor.FromArray([2.0, -0.5]);
        var layer = new ScaledDenseLayer(input, 2, Nonlinearities.Tanh, W: w, scale: s);
        var x = TestUtil.RandomTensor(new Shape(4, 3), seed: 2);
        var y = TestUtil.Run(layer, input, x).ToArray();
        var xs = x.ToArray(); var ws = w.ToArray();
        var expected = new double[8];
        for (int n = 0; n < 4; n++)
            for (int u = 0; u < 2; u++)
            {
                double dot = 0;
                for (int i = 0; i < 3; i++) dot += xs[n * 3 + i] * ws[i * 2 + u];
                expected[n * 2 + u] = Math.Tanh(dot * s.ToArray()[u]);
            }
        TestUtil.AssertClose(expected, y);
    }

    [Fact]
    public void ScaledDenseLayerGradientAgreesWithFiniteDifferences()
    {
        LayersRandom.Seed(3);
        var input = new InputLayer([null, 5], dtype: DType.Float64);
        var layer = new ScaledDenseLayer(input, 3, Nonlinearities.Sigmoid, scale: TestUtil.RandomTensor(new Shape(3), seed: 4));
        Assert.True(LayerGradCheck.Check(layer, input, TestUtil.RandomTensor(new Shape(2, 5), seed: 5), seed: 6, out var report), report);
    }

    [Fact]
    public void ScaledDenseLayerRejectsImagesWhereTheNetworkIsBuilt()
    {
        var images = new InputLayer([null, 1, 28, 28]);
        var ex = Assert.Throws<ShapeMismatchException>(() => new ScaledDenseLayer(images, 10, name: "fc"));
        Assert.Contains("ScaledDenseLayer 'fc'", ex.Message);
        Assert.Contains("(None, 1, 28, 28)", ex.Message);
    }

    [Fact]
    public void RegularizationSeesOnlyTheRegularizableWeights()
    {
        var input = new InputLayer([null, 2], dtype: DType.Float64);
        var w = Tensor.FromArray([1.0, 2.0, 3.0, 4.0], 2, 2);
        var layer = new ScaledDenseLayer(input, 2, W: w, scale: Tensor.FromArray([5.0, 6.0]));
        var penalty = Regularization.RegularizeNetworkParams(layer, Regularization.L2);
        Assert.Equal(1 + 4 + 9 + 16, ((Tensor<double>)penalty.Eval()).ToScalar(), 12);
    }

    [Fact]
    public void UnitNormColumnsInitializerNormalizesEachUnit()
    {
        LayersRandom.Seed(7);
        var layer = new ScaledDenseLayer(new InputLayer([null, 6]), 4, W: new UnitNormColumns());
        var w = layer.W.GetValue<float>().ToArray();
        for (int u = 0; u < 4; u++)
        {
            double norm = 0;
            for (int i = 0; i < 6; i++) norm += w[i * 4 + u] * w[i * 4 + u];
            Assert.Equal(1.0, Math.Sqrt(norm), 5);
        }
        Assert.Throws<ArgumentException>(() => new ScaledDenseLayer(new InputLayer([null, 6]), 4, scale: new UnitNormColumns()));
    }

    [Fact]
    public void MultiplicativeNoiseIsTheIdentityOnlyInDeterministicPasses()
    {
        LayersRandom.Seed(8);
        var input = new InputLayer([null, 50], dtype: DType.Float64);
        var noise = new MultiplicativeNoiseLayer(input, sigma: 0.5);
        var x = TestUtil.RandomTensor(new Shape(4, 50), seed: 9, low: 1, high: 2);
        Assert.Equal(x.ToArray(), TestUtil.Run(noise, input, x, deterministic: true).ToArray());
        var noisy = TestUtil.Run(noise, input, x, deterministic: false).ToArray();
        var ratios = noisy.Zip(x.ToArray(), (a, b) => a / b).ToArray();
        double mean = ratios.Average(), std = Math.Sqrt(ratios.Select(r => (r - mean) * (r - mean)).Average());
        Assert.InRange(mean, 0.9, 1.1);   // 200 draws of 1 + N(0, 0.25): mean within 3 standard errors (0.035 each)
        Assert.InRange(std, 0.4, 0.6);
    }

    [Fact]
    public void ANetworkWithTheCustomLayersTrains()
    {
        LayersRandom.Seed(10);
        var X = T.Matrix("X"); var y = T.IVector("y");
        Layer net = new InputLayer([null, 4], X);
        net = new MultiplicativeNoiseLayer(net, sigma: 0.05);
        net = new ScaledDenseLayer(net, 8, Nonlinearities.Tanh);
        net = new DenseLayer(net, 2, Nonlinearities.Softmax);
        var loss = Objectives.CategoricalCrossentropy(LayerGraph.GetOutput(net), y).Mean();
        var parameters = LayerGraph.GetAllParams(net, trainable: true);
        var grads = Grad.Of(loss, parameters.ToArray<Variable>());
        var sgd = parameters.Select((p, i) => (p, p - 0.5 * grads[i])).ToArray();
        var train = Function.Compile([X, y], loss, sgd);
        var testLoss = Function.Compile([X, y], Objectives.CategoricalCrossentropy(LayerGraph.GetOutput(net, deterministic: true), y).Mean());

        var inputs = TestUtil.RandomFloat(new Shape(32, 4), seed: 11);
        var labels = new Tensor<int>(new Shape(32));
        for (int n = 0; n < 32; n++) labels.AsSpan()[n] = inputs.AsReadOnlySpan()[n * 4] + inputs.AsReadOnlySpan()[n * 4 + 1] > 0 ? 1 : 0;
        double before = testLoss.Invoke(inputs, labels)[0].GetDouble(0);
        for (int step = 0; step < 100; step++) train.Invoke(inputs, labels);
        double after = testLoss.Invoke(inputs, labels)[0].GetDouble(0);
        Assert.True(after < 0.5 * before, $"loss {before} -> {after}");
    }
}
