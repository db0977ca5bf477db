using NeuralCore.Autodiff;
using NeuralCore.Layers;
using NeuralCore.Layers.Data;
using NeuralCore.Optimizers;
using NeuralCore.Tensors;

namespace NeuralCore.Samples.Tests;

/// <summary>
/// The README's two examples, copied as they are (only the data set is cut to a few hundred images and the output
/// goes to a temporary directory), so the README cannot drift from the API. Keep the two in step. The examples
/// print to the console, so they run in the collection of the tests that capture it.
/// </summary>
[Collection(ConsoleOutputCollection.Name)]
public class ReadmeExamplesTests
{
    [Fact]
    public void SixtySecondExampleComputesCostGradientAndUpdate()
    {
        // --- README: "Sixty seconds" ---
        var x = T.Vector("x");                                    // a symbolic input (theano.tensor.vector)
        var w = T.Shared(Tensor.FromArray([0.5f, -1f, 2f]), "w"); // a shared variable (theano.shared)
        var cost = T.Sum(T.Square(x * w - 1));                    // more graph: nothing is computed yet
        var grad = Grad.Of(cost, w);                              // the gradient is graph too (theano.grad)
        Console.WriteLine(Print.Pretty(grad));                    // theano.pp

        // theano.function: optimized, scheduled, memory-planned; updates run after the outputs are computed
        var step = Function.Compile([x], [cost, grad], updates: [(w, w - 0.1 * grad)]);
        var outputs = step.Invoke(Tensor.FromArray([1f, 2f, 3f]));
        Console.WriteLine($"cost {outputs[0].GetDouble(0)}, grad {outputs[1]}");   // cost 34.25, grad tensor([-1, -12, 30], ...)
        Console.WriteLine(w.Value);                                                 // after one SGD step: tensor([0.6, 0.2, -1], ...)
        // --- end of the README example ---

        // Hand values: x·w - 1 = (-0.5, -3, 5), cost = 0.25 + 9 + 25, grad = 2(x·w - 1)·x.
        Assert.Equal(34.25, outputs[0].GetDouble(0), 5);
        Assert.Equal([-1f, -12f, 30f], ((Tensor<float>)outputs[1]).ToArray());
        var updated = w.GetValue<float>().ToArray();
        Assert.Equal([0.6, 0.2, -1.0], updated.Select(v => Math.Round(v, 5)));
    }

    [Fact]
    public void LasagneStyleMnistExampleLearns()
    {
        string output = Path.Combine(Path.GetTempPath(), $"neuralcore-readme-{Environment.ProcessId}");
        Directory.CreateDirectory(output);
        try
        {
            LayersRandom.Seed(1);
            // --- README: "Lasagne-style: an MNIST classifier" (with MaxTrain/MaxTest added) ---
            var mnist = MnistDataset.Load(new MnistOptions { Layout = ImageLayout.Flat, MaxTrain = 600, MaxTest = 300 });

            var X = T.Matrix("X"); var y = T.IVector("y");
            Layer net = new InputLayer([null, 784], X);
            net = new DropoutLayer(net, p: 0.2);
            net = new DenseLayer(net, 800, Nonlinearities.Rectify);
            net = new DropoutLayer(net, p: 0.5);
            net = new DenseLayer(net, 10, Nonlinearities.Softmax);

            var loss = Objectives.CategoricalCrossentropy(LayerGraph.GetOutput(net), y).Mean();
            var parameters = LayerGraph.GetAllParams(net, trainable: true);
            var train = Function.Compile([X, y], loss, Updates.Adam(loss, parameters, learningRate: 0.001));
            var testPrediction = LayerGraph.GetOutput(net, deterministic: true);             // dropout off
            var accuracy = Function.Compile([X, y], Objectives.CategoricalAccuracy(testPrediction, y).Mean());

            var batches = new MiniBatchIterator(mnist.Train, batchSize: 100, shuffle: true, seed: 1);
            double before = accuracy.Invoke(mnist.Test.Inputs, mnist.Test.Labels)[0].GetDouble(0);
            double testAccuracy = 0;
            for (int epoch = 1; epoch <= 10; epoch++)
            {
                foreach (var (inputs, labels) in batches.Epoch()) train.Invoke(inputs, labels);
                testAccuracy = accuracy.Invoke(mnist.Test.Inputs, mnist.Test.Labels)[0].GetDouble(0);
                Console.WriteLine($"epoch {epoch}: test accuracy {testAccuracy:P2}");
            }
            Console.Write(ModelSummary.Create(net));
            ParamsFile.Save(net, Path.Combine(output, "model.npz"));
            // --- end of the README example ---

            Assert.True(before < 0.3, $"untrained accuracy {before}");
            Assert.True(testAccuracy >= 0.8, $"test accuracy after 10 epochs on 600 images: {testAccuracy}");
            Assert.Equal(4, NeuralCore.Tensors.Io.Npz.LoadPositional(Path.Combine(output, "model.npz")).Length);   // arr_0 .. arr_3
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
