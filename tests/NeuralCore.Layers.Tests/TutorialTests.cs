using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

/// <summary>The Lasagne tutorial snippet, line for line, trained with a hand-written SGD update.</summary>
public class TutorialTests
{
    [Fact]
    public void TutorialNetworkCompilesAndOneSgdStepReducesTheLoss()
    {
        var X = T.Tensor4("X"); var y = T.IVector("y");
        Layer net = new InputLayer([null, 1, 28, 28], X);
        net = new Conv2DLayer(net, numFilters: 32, filterSize: 5, nonlinearity: Nonlinearities.Rectify);
        net = new MaxPool2DLayer(net, poolSize: 2);
        net = new DenseLayer(new DropoutLayer(net, p: 0.5), 256, Nonlinearities.Rectify);
        net = new DenseLayer(net, 10, Nonlinearities.Softmax);
        var prediction = LayerGraph.GetOutput(net);                      // stochastic (dropout on)
        var loss = Objectives.CategoricalCrossentropy(prediction, y).Mean()
                 + 1e-4 * Regularization.RegularizeNetworkParams(net, Regularization.L2);
        var parameters = LayerGraph.GetAllParams(net, trainable: true);
        // Plain SGD built by hand (the update rules live in NeuralCore.Optimizers): p <- p - lr * dloss/dp.
        var grads = Grad.Of(loss, parameters);
        var updates = parameters.Select((p, i) => (p, p - 0.01 * grads[i])).ToList();
        var train = Function.Compile([X, y], loss, updates);
        var testPrediction = LayerGraph.GetOutput(net, deterministic: true);   // dropout off
        var testLoss = Objectives.CategoricalCrossentropy(testPrediction, y).Mean();
        var evaluate = Function.Compile([X, y], testLoss);

        Assert.Equal(6, parameters.Count);   // W and b of conv, dense and output layers
        Assert.Equal(32 * 25 + 32 + 4608 * 256 + 256 + 2560 + 10, LayerGraph.CountParams(net));
        var images = new RandomGenerator(21).Uniform<float>(new Shape(8, 1, 28, 28), 0f, 1f);
        var labels = Tensor.FromArray(new[] { 0, 1, 2, 3, 4, 5, 6, 7 });
        float before = ((Tensor<float>)evaluate.Invoke(images, labels)[0]).ToScalar();
        float trainLoss = ((Tensor<float>)train.Invoke(images, labels)[0]).ToScalar();
        float after = ((Tensor<float>)evaluate.Invoke(images, labels)[0]).ToScalar();
        Assert.True(float.IsFinite(trainLoss));
        Assert.True(after < before, $"loss did not decrease: {before} -> {after}");
    }

    [Fact]
    public void BatchNormNetworkTrainsWithItsRunningAverageUpdates()
    {
        var X = T.Tensor4("X"); var y = T.IVector("y");
        Layer net = new InputLayer([null, 1, 8, 8], X);
        net = BatchNorm.Apply(new Conv2DLayer(net, 4, 3, pad: ConvPad.Same, name: "conv"));
        net = new MaxPool2DLayer(net, 2);
        net = new DenseLayer(net, 3, Nonlinearities.Softmax);
        var ctx = new OutputContext();
        var loss = Objectives.CategoricalCrossentropy(LayerGraph.GetOutput(net, ctx), y).Mean();
        var parameters = LayerGraph.GetAllParams(net, trainable: true);
        Assert.DoesNotContain(parameters, p => p.Name == "conv.b");
        var grads = Grad.Of(loss, parameters);
        var updates = parameters.Select((p, i) => (p, p - 0.1 * grads[i])).Concat(ctx.Updates).ToList();
        var train = Function.Compile([X, y], loss, updates);
        var bn = LayerGraph.GetAllLayers(net).OfType<BatchNormLayer>().Single();
        var images = new RandomGenerator(22).Uniform<float>(new Shape(6, 1, 8, 8), 0f, 1f);
        var labels = Tensor.FromArray(new[] { 0, 1, 2, 0, 1, 2 });
        float first = ((Tensor<float>)train.Invoke(images, labels)[0]).ToScalar();
        Assert.Contains(bn.Mean.GetValue<float>().ToArray(), v => v != 0f);   // running mean moved towards the batch mean
        float last = first;
        for (int i = 0; i < 5; i++) last = ((Tensor<float>)train.Invoke(images, labels)[0]).ToScalar();
        Assert.True(last < first, $"loss did not decrease: {first} -> {last}");
        var test = Function.Compile([X], LayerGraph.GetOutput(net, deterministic: true));
        var probabilities = (Tensor<float>)test.Invoke(images)[0];
        Assert.Equal(new Shape(6, 3), probabilities.Shape);
    }
}
