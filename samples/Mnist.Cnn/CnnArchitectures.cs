using NeuralCore.Autodiff;
using NeuralCore.Layers;
using NeuralCore.Layers.Data;
using NeuralCore.Layers.Init;

namespace NeuralCore.Samples.MnistCnn;

/// <summary>The three convolutional networks of the sample, all on (N, 1, 28, 28) MNIST images with ReLU units
/// and a 10-way softmax output.</summary>
public static class CnnArchitectures
{
    /// <summary>The accepted <c>--arch</c> names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["tutorial", "lasagne", "lecture"];

    /// <summary>Builds <paramref name="settings"/>' architecture with weights seeded by <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">When the architecture is unknown.</exception>
    public static Layer Build(CnnSettings settings, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return LayersRandom.Seeded(seed, () => settings.Architecture switch
        {
            "tutorial" => Tutorial(settings.Dropout),
            "lasagne" => Lasagne(settings.Dropout),
            "lecture" => Lecture(settings.Dropout),
            _ => throw new ArgumentException($"--arch: unknown architecture '{settings.Architecture}'; use one of {string.Join(", ", Names)}"),
        });
    }

    private static Layer Input() =>
        new InputLayer([null, 1, MnistDataset.ImageSize, MnistDataset.ImageSize], T.Tensor4("X"), name: "input");

    /// <summary>The tutorial CNN: conv 16 3x3 - conv 16 3x3 - max-pool 2 - conv 32 3x3 - conv 32 3x3 - max-pool 2 -
    /// dense 100 - dense 10 softmax, He initialization; with <paramref name="dropout"/> &gt; 0 a dropout layer before
    /// each dense layer.</summary>
    public static Layer Tutorial(double dropout = 0)
    {
        var he = new HeUniform(Gain.Relu);
        Layer net = Input();
        net = new Conv2DLayer(net, 16, 3, W: he, nonlinearity: Nonlinearities.Rectify, name: "conv1");
        net = new Conv2DLayer(net, 16, 3, W: he, nonlinearity: Nonlinearities.Rectify, name: "conv2");
        net = new MaxPool2DLayer(net, 2, name: "pool1");
        net = new Conv2DLayer(net, 32, 3, W: he, nonlinearity: Nonlinearities.Rectify, name: "conv3");
        net = new Conv2DLayer(net, 32, 3, W: he, nonlinearity: Nonlinearities.Rectify, name: "conv4");
        net = new MaxPool2DLayer(net, 2, name: "pool2");
        net = MaybeDropout(net, dropout);
        net = new DenseLayer(net, 100, Nonlinearities.Rectify, W: he, name: "dense");
        net = MaybeDropout(net, dropout);
        return new DenseLayer(net, MnistDataset.NumClasses, Nonlinearities.Softmax, W: new GlorotUniform(), name: "output");
    }

    /// <summary>The Lasagne tutorial CNN (mnist.py's build_cnn): conv 32 5x5 - max-pool 2 - conv 32 5x5 - max-pool 2 -
    /// dropout - dense 256 - dropout - dense 10 softmax, Glorot uniform initialization as Lasagne's default.</summary>
    public static Layer Lasagne(double dropout = 0.5)
    {
        var glorot = new GlorotUniform();
        Layer net = Input();
        net = new Conv2DLayer(net, 32, 5, W: glorot, nonlinearity: Nonlinearities.Rectify, name: "conv1");
        net = new MaxPool2DLayer(net, 2, name: "pool1");
        net = new Conv2DLayer(net, 32, 5, W: glorot, nonlinearity: Nonlinearities.Rectify, name: "conv2");
        net = new MaxPool2DLayer(net, 2, name: "pool2");
        net = MaybeDropout(net, dropout);
        net = new DenseLayer(net, 256, Nonlinearities.Rectify, W: glorot, name: "dense");
        net = MaybeDropout(net, dropout);
        return new DenseLayer(net, MnistDataset.NumClasses, Nonlinearities.Softmax, W: glorot, name: "output");
    }

    /// <summary>The lecture's best network (Nielsen, ch. 6): conv 20 5x5 - max-pool 2 - conv 40 5x5 - max-pool 2 -
    /// dense 1000 - dense 1000 - dense 10 softmax, ReLU, with dropout on the input of each of the three dense layers
    /// as network3.py applies it. Hidden weights are Glorot uniform (with Nesterov momentum they learn much faster
    /// here than He's, whose larger activations are doubled again by dropout's rescaling) and the softmax weights
    /// start at zero, as network3.py's SoftmaxLayer does.</summary>
    public static Layer Lecture(double dropout = 0.5)
    {
        var glorot = new GlorotUniform();
        Layer net = Input();
        net = new Conv2DLayer(net, 20, 5, W: glorot, nonlinearity: Nonlinearities.Rectify, name: "conv1");
        net = new MaxPool2DLayer(net, 2, name: "pool1");
        net = new Conv2DLayer(net, 40, 5, W: glorot, nonlinearity: Nonlinearities.Rectify, name: "conv2");
        net = new MaxPool2DLayer(net, 2, name: "pool2");
        net = MaybeDropout(net, dropout);
        net = new DenseLayer(net, 1000, Nonlinearities.Rectify, W: glorot, name: "dense1");
        net = MaybeDropout(net, dropout);
        net = new DenseLayer(net, 1000, Nonlinearities.Rectify, W: glorot, name: "dense2");
        net = MaybeDropout(net, dropout);
        return new DenseLayer(net, MnistDataset.NumClasses, Nonlinearities.Softmax, W: new NeuralCore.Layers.Init.Constant(0), name: "output");
    }

    private static Layer MaybeDropout(Layer net, double p) => p > 0 ? new DropoutLayer(net, p) : net;
}
