using NeuralCore.Layers;
using NeuralCore.Layers.Training;
using NeuralCore.Optimizers;
using NeuralCore.Tensors;

namespace NeuralCore.Benchmarks;

/// <summary>The two CNNs of the MNIST samples (issue 5), built with NeuralCore.Layers: the shapes
/// the training-step benchmark and the kernel profile use.</summary>
internal static class CnnModels
{
    /// <summary>"Tutorial" CNN: Conv16,3 - Conv16,3 - Pool2 - Conv32,3 - Conv32,3 - Pool2 - Dense100 - Dense10, batch 128.</summary>
    public const string Tutorial = "Tutorial";

    /// <summary>Lasagne's MNIST CNN: Conv32,5 - Pool2 - Conv32,5 - Pool2 - Dense256 - Dense10, batch 500.</summary>
    public const string Lasagne = "Lasagne";

    /// <summary>The minibatch size each model trains with.</summary>
    public static int BatchSize(string model) => model == Tutorial ? 128 : 500;

    /// <summary>The network, ReLU hidden layers and a softmax output.</summary>
    public static Layer Build(string model)
    {
        Layer l = new InputLayer([null, 1, 28, 28]);
        if (model == Tutorial)
        {
            l = new Conv2DLayer(l, 16, 3);
            l = new Conv2DLayer(l, 16, 3);
            l = new MaxPool2DLayer(l, 2);
            l = new Conv2DLayer(l, 32, 3);
            l = new Conv2DLayer(l, 32, 3);
            l = new MaxPool2DLayer(l, 2);
            l = new DenseLayer(l, 100);
        }
        else
        {
            l = new Conv2DLayer(l, 32, 5);
            l = new MaxPool2DLayer(l, 2);
            l = new Conv2DLayer(l, 32, 5);
            l = new MaxPool2DLayer(l, 2);
            l = new DenseLayer(l, 256);
        }
        return new DenseLayer(l, 10, Nonlinearities.Softmax);
    }

    /// <summary>The compiled classifier with Nesterov momentum (learning rate 0.01, momentum 0.9).</summary>
    public static ClassifierModel Compile(string model)
        => ClassifierModel.Create(Build(model), (loss, ps) => Updates.NesterovMomentum(loss, ps, 0.01, 0.9));

    /// <summary>A random batch: pixels in [0, 1), labels 0..9.</summary>
    public static (Tensor<float> Images, Tensor<int> Labels) Batch(int batch, ulong seed = 7)
    {
        var rng = new RandomGenerator(seed);
        var images = rng.Uniform<float>(new Shape(batch, 1, 28, 28), 0f, 1f);
        var labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = (int)(rng.NextUInt64() % 10);
        return (images, Tensor.FromArray(labels));
    }
}
