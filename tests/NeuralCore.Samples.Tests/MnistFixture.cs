using NeuralCore.Layers.Data;

namespace NeuralCore.Samples.Tests;

/// <summary>The first 10,000 training, 1,000 validation and 1,000 test MNIST images, loaded once per test class
/// from ../shared/data/mnist (the project's machines) or the other usual places.</summary>
public sealed class MnistFixture
{
    public MnistDataset Data { get; } = MnistDataset.Load(new MnistOptions
    {
        Layout = ImageLayout.Flat,
        MaxTrain = 10000,
        MaxValidation = 1000,
        MaxTest = 1000,
    });
}
