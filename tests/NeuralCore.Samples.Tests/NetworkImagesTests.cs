using NeuralCore.Autodiff;
using NeuralCore.Layers;
using NeuralCore.Samples.Common;
using NeuralCore.Tensors;

namespace NeuralCore.Samples.Tests;

public sealed class NetworkImagesTests
{
    [Fact]
    public void ConvolutionFiltersAndFeatureMapsAreDrawnAsPngGrids()
    {
        LayersRandom.Seed(3);
        Layer net = new InputLayer([null, 1, 12, 12], T.Tensor4("X"));
        net = new Conv2DLayer(net, numFilters: 4, filterSize: 3);
        net = new MaxPool2DLayer(net, poolSize: 2);
        net = new BatchNormLayer(net);
        net = new DenseLayer(net, 10, Nonlinearities.Softmax);
        var dir = Directory.CreateTempSubdirectory("nc-images-").FullName;
        try
        {
            Assert.Equal(4, NetworkImages.SaveFirstLayerFilters(net, Path.Combine(dir, "filters.png")));
            var input = new RandomGenerator(1).Uniform<float>(new Shape(1, 1, 12, 12), 0f, 1f);
            // Conv, pool and batch norm: three rows below the input row.
            Assert.Equal(3, NetworkImages.SaveFeatureMaps(net, input, Path.Combine(dir, "maps.png")));
            foreach (var png in new[] { "filters.png", "maps.png" })
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(Path.Combine(dir, png))[..4]);
            // A dense-only network has no feature maps: nothing is written.
            Layer mlp = new DenseLayer(new InputLayer([null, 784], T.Matrix("X")), 10, Nonlinearities.Softmax);
            Assert.Equal(0, NetworkImages.SaveFeatureMaps(mlp, new Tensor<float>(new Shape(1, 784)), Path.Combine(dir, "none.png")));
            Assert.False(File.Exists(Path.Combine(dir, "none.png")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void MisclassifiedGridCountsEveryErrorButDrawsAtMostTheLimit()
    {
        var images = new Tensor<float>(new Shape(5, 784));
        var path = Path.Combine(Path.GetTempPath(), $"nc-miss-{Guid.NewGuid():N}.png");
        try
        {
            Assert.Equal(3, NetworkImages.SaveMisclassified(images, [1, 2, 3, 4, 5], [1, 0, 3, 0, 0], path, max: 2));
            Assert.True(new FileInfo(path).Length > 100);
        }
        finally { File.Delete(path); }
    }
}
