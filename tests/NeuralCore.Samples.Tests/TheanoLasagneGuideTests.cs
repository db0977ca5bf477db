using NeuralCore.Autodiff;
using NeuralCore.Layers;
using NeuralCore.Optimizers;
using NeuralCore.Tensors;
using Init = NeuralCore.Layers.Init;

namespace NeuralCore.Samples.Tests;

/// <summary>
/// The C# side of docs/guides/theano-lasagne-users.md: its two paired examples as they are, and the less common
/// names of its tables, so a renamed API breaks this test instead of silently breaking the guide.
/// </summary>
public class TheanoLasagneGuideTests
{
    [Fact]
    public void LogisticRegressionSideBySideTrains()
    {
        var rng = new RandomGenerator(5);
        var images = rng.Uniform<float>(new Shape(40, 784), 0f, 1f);
        var labels = new Tensor<int>(new Shape(40));
        for (int i = 0; i < 40; i++) labels.AsSpan()[i] = i % 10;

        // --- guide: logistic regression ---
        var x = T.Matrix("x"); var y = T.IVector("y");
        var W = T.Shared(Tensor.Zeros<float>(784, 10), "W");
        var b = T.Shared(Tensor.Zeros<float>(10), "b");
        var pY = T.Softmax(T.Dot(x, W) + b);
        var cost = -T.Mean(T.Log(pY)[T.Arange(y.Shape[0]), y]);
        var g = Grad.Of(cost, [W, b]);
        var train = Function.Compile([x, y], cost, updates: [(W, W - 0.1 * g[0]), (b, b - 0.1 * g[1])]);
        var predict = Function.Compile([x], T.ArgMax(pY, axis: 1));
        double loss = train.Invoke(images, labels)[0].GetDouble(0);
        // --- end ---

        Assert.Equal(Math.Log(10), loss, 1e-5);   // zero weights: uniform probabilities (float32)
        for (int step = 0; step < 30; step++) loss = train.Invoke(images, labels)[0].GetDouble(0);
        Assert.True(loss < 1.0, $"loss after 31 steps: {loss}");
        var predicted = ((Tensor<int>)predict.Invoke(images)[0]).ToArray();
        Assert.True(predicted.Zip(labels.ToArray()).Count(p => p.First == p.Second) >= 36);
    }

    [Fact]
    public void LasagneMnistMlpSideBySideCompilesTrainsAndSaves()
    {
        LayersRandom.Seed(3);
        var X = T.Tensor4("X"); var y = T.IVector("y");
        string path = Path.Combine(Path.GetTempPath(), $"neuralcore-guide-{Environment.ProcessId}.npz");

        // --- guide: Lasagne's mnist.py MLP ---
        Layer lIn = new InputLayer([null, 1, 28, 28], X);
        Layer l = new DropoutLayer(lIn, p: 0.2);
        l = new DenseLayer(l, 800, Nonlinearities.Rectify, W: new Init.GlorotUniform());
        l = new DropoutLayer(l, p: 0.5);
        Layer net = new DenseLayer(l, 10, Nonlinearities.Softmax);

        var prediction = LayerGraph.GetOutput(net);
        var loss = Objectives.CategoricalCrossentropy(prediction, y).Mean()
                 + 1e-4 * Regularization.RegularizeNetworkParams(net, Regularization.L2);
        var parameters = LayerGraph.GetAllParams(net, trainable: true);
        var updates = Updates.NesterovMomentum(loss, parameters, learningRate: 0.01, momentum: 0.9);
        var trainFn = Function.Compile([X, y], loss, updates);

        var testPrediction = LayerGraph.GetOutput(net, deterministic: true);
        var testAcc = T.Mean(T.Cast(T.Equal(T.ArgMax(testPrediction, axis: 1), y), DType.Float32));
        var valFn = Function.Compile([X, y], testAcc);             // or Objectives.CategoricalAccuracy(testPrediction, y).Mean()

        ParamsFile.Save(net, path);
        // --- end ---

        try
        {
            var images = new RandomGenerator(6).Uniform<float>(new Shape(20, 1, 28, 28), 0f, 1f);
            var labels = new Tensor<int>(new Shape(20));
            for (int i = 0; i < 20; i++) labels.AsSpan()[i] = i % 10;
            double first = trainFn.Invoke(images, labels)[0].GetDouble(0), last = first;
            for (int step = 0; step < 20; step++) last = trainFn.Invoke(images, labels)[0].GetDouble(0);
            Assert.True(last < first, $"loss {first} -> {last}");
            double accuracy = valFn.Invoke(images, labels)[0].GetDouble(0);
            var reference = Function.Compile([X, y], Objectives.CategoricalAccuracy(testPrediction, y).Mean());
            Assert.Equal(reference.Invoke(images, labels)[0].GetDouble(0), accuracy, 6);
            Assert.Equal(4, NeuralCore.Tensors.Io.Npz.LoadPositional(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheTablesNamesExist()
    {
        // Theano table entries that the examples above do not use.
        var x = T.Matrix("x");
        var v = T.Input([null, 1], "v");
        Assert.Equal("(?, 1)", v.Type.ShapeString);
        var value = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
        Assert.Equal([3f, 5f], ((Tensor<float>)x[1..3][Slice.All, 0].Eval((x, value))).ToArray());
        Assert.Equal([9f, 12f], ((Tensor<float>)x.Sum(0).Eval((x, value))).ToArray());
        Assert.Equal([2, 3], T.Transpose(x).Eval((x, value)).Shape.Dims.ToArray());
        var w = T.Shared(Tensor.Zeros<float>(2), "w");
        var c = T.Shared(Tensor.Zeros<float>(2), "c");
        var cost = T.Sum(T.Square(w));
        var grads = Grad.Of(cost, [w, c], DisconnectedInputs.Zeros, considerConstant: [c]);
        Assert.Equal(2, grads.Length);
        var clipped = Updates.TotalNormConstraint(grads, 5.0, out var norm);
        Assert.Equal(2, clipped.Length);
        Assert.Equal(0, norm.Rank);
        w.DefaultUpdate = w + 1;
        var bump = Function.Compile([], [cost], options: new CompileOptions { NoDefaultUpdates = true });
        bump.Invoke();
        Assert.Equal([0f, 0f], w.GetValue<float>().ToArray());
        var noise = new RandomStreams(1).Uniform([3, 2]);
        Assert.Equal([3, 2], noise.Eval().Shape.Dims.ToArray());
        var f = Function.Compile([x], T.Log1p(x), options: new CompileOptions { ExcludedRewrites = ["local_log1p"], NanGuard = true });
        Assert.NotEmpty(f.Schedule);

        // Lasagne table entries.
        Layer input = new InputLayer([null, 1, 8, 8]);
        Layer conv = new Conv2DLayer(input, numFilters: 4, filterSize: 5, stride: 1, pad: ConvPad.Same,
            W: new Init.GlorotUniform(Init.Gain.Relu));
        Assert.Equal([null, 4, 8, 8], conv.OutputShape);
        Layer pooled = new Pool2DLayer(conv, 2, mode: PoolingMode.AverageExcludePadding);
        Layer reshaped = new ReshapeLayer(pooled, [ReshapeDim.Input(0), -1]);
        Assert.Equal([null, 64], reshaped.OutputShape);
        Layer shuffled = new DimshuffleLayer(reshaped, [0, DimshuffleLayer.X, 1]);
        Assert.Equal([null, 1, 64], shuffled.OutputShape);
        Layer dense = new DenseLayer(reshaped, 3, Nonlinearities.LeakyRectify(0.1), W: Init.Uniform.FromStd(0.1), b: ParamSpec.None);
        Assert.Single(dense.GetParams(regularizable: true));
        var target = T.IVector("t");
        var weights = T.Vector("weights");
        var perExample = Objectives.MulticlassHingeLoss(LayerGraph.GetOutput(dense), target);
        Assert.Equal(0, Objectives.Aggregate(perExample, weights, AggregateMode.NormalizedSum).Rank);
        var eta = Hyperparameter.CreateShared(0.1);
        Hyperparameter.SetValue(eta, Hyperparameter.GetValue(eta) * 0.5);
        Assert.Equal(0.05, Hyperparameter.GetValue(eta), 6);
        new StepDecay(eta, stepSize: 10).Apply(0);
        Assert.Equal(LayerGraph.CountParams(dense, trainable: true), LayerGraph.GetAllParamValues(dense).Sum(t => t.Shape.Size));
    }
}
