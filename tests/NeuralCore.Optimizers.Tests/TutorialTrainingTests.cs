using NeuralCore.Autodiff;
using NeuralCore.Layers;
using NeuralCore.Tensors;

namespace NeuralCore.Optimizers.Tests;

/// <summary>The Lasagne tutorial snippet with the real update rules, on a small network and batch.</summary>
public class TutorialTrainingTests
{
    private static (Variable X, Variable y, Layer net) SmallCnn()
    {
        var X = T.Tensor4("X"); var y = T.IVector("y");
        Layer net = new InputLayer([null, 1, 8, 8], X);
        net = new Conv2DLayer(net, numFilters: 4, filterSize: 3, nonlinearity: Nonlinearities.Rectify);
        net = new MaxPool2DLayer(net, poolSize: 2);
        net = new DenseLayer(new DropoutLayer(net, p: 0.5), 16, Nonlinearities.Rectify);
        net = new DenseLayer(net, 3, Nonlinearities.Softmax);
        return (X, y, net);
    }

    [Fact]
    public void NesterovMomentumTrainsTheTutorialNetworkWithAScheduledLearningRate()
    {
        var (X, y, net) = SmallCnn();
        var prediction = LayerGraph.GetOutput(net);
        var loss = Objectives.CategoricalCrossentropy(prediction, y).Mean()
                 + 1e-4 * Regularization.RegularizeNetworkParams(net, Regularization.L2);
        var parameters = LayerGraph.GetAllParams(net, trainable: true);
        var lr = Hyperparameter.CreateShared(0.05);
        var updates = Updates.NesterovMomentum(loss, parameters, learningRate: lr, momentum: 0.9f);
        var train = Function.Compile([X, y], loss, updates);
        var testLoss = Objectives.CategoricalCrossentropy(LayerGraph.GetOutput(net, deterministic: true), y).Mean();
        var evaluate = Function.Compile([X, y], testLoss);

        var images = new RandomGenerator(3).Uniform<float>(new Shape(6, 1, 8, 8), 0f, 1f);
        var labels = Tensor.FromArray(new[] { 0, 1, 2, 0, 1, 2 });
        double before = evaluate.Invoke(images, labels)[0].GetDouble(0);
        var schedule = new StepDecay(lr, stepSize: 10, gamma: 0.5);
        for (int epoch = 0; epoch < 20; epoch++)
        {
            schedule.Apply(epoch);
            Assert.True(double.IsFinite(train.Invoke(images, labels)[0].GetDouble(0)));
        }
        Assert.Equal(0.025, Hyperparameter.GetValue(lr), 6);
        double after = evaluate.Invoke(images, labels)[0].GetDouble(0);
        Assert.True(after < before, $"loss did not decrease: {before} -> {after}");
    }

    [Fact]
    public void AdamWithMaxNormAndClippedGradientsTrainsTheNetwork()
    {
        var (X, y, net) = SmallCnn();
        var loss = Objectives.CategoricalCrossentropy(LayerGraph.GetOutput(net, deterministic: true), y).Mean();
        var parameters = LayerGraph.GetAllParams(net, trainable: true);
        var grads = Updates.TotalNormConstraint(Grad.Of(loss, parameters), 10.0, out var gradNorm);
        var updates = Updates.Adam(grads, parameters, learningRate: 0.01);
        foreach (var p in parameters)
            if (p.Rank == 2) updates[p] = Updates.NormConstraint(updates[p], 0.5);
        var train = Function.Compile([X, y], [loss, gradNorm], updates);

        var images = new RandomGenerator(4).Uniform<float>(new Shape(6, 1, 8, 8), 0f, 1f);
        var labels = Tensor.FromArray(new[] { 2, 1, 0, 0, 1, 2 });
        double first = train.Invoke(images, labels)[0].GetDouble(0), last = first;
        for (int i = 0; i < 15; i++) last = train.Invoke(images, labels)[0].GetDouble(0);
        Assert.True(last < first, $"loss did not decrease: {first} -> {last}");
        foreach (var p in parameters)
        {
            if (p.Rank != 2) continue;
            var w = Quadratic.Values(p);
            int inputs = p.Value.Shape[0], units = p.Value.Shape[1];
            for (int u = 0; u < units; u++)
            {
                double norm = 0;
                for (int i = 0; i < inputs; i++) norm += w[i * units + u] * w[i * units + u];
                Assert.True(Math.Sqrt(norm) <= 0.5 + 1e-5, $"{p.Name} unit {u} has norm {Math.Sqrt(norm)}");
            }
        }
    }
}
