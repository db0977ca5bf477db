using System.Globalization;
using NeuralCore.Layers;
using NeuralCore.Layers.Training;
using NeuralCore.Samples.NotMnist;

namespace NeuralCore.Samples.Tests;

[Collection(ConsoleOutputCollection.Name)]
public sealed class NotMnistCliTests
{
    [Fact]
    public async Task OneEpochRunTrainsBetterThanChanceAndWritesEveryOutputFile()
    {
        var dir = Directory.CreateTempSubdirectory("nc-notmnist-").FullName;
        try
        {
            var (exit, text) = await ConsoleCapture.RunAsync(() => NotMnistProgram.RunAsync(["--epochs", "1", "--hidden", "64", "--nonlinearity", "relu",
                "--update", "adam", "--learning-rate", "0.002", "--batch-size", "64", "--output", dir]));
            Assert.Equal(0, exit);
            // The summary counts 784*64 + 64 + 64*10 + 10 trainable parameters.
            Assert.Contains("Trainable params: 50,890", text);
            Assert.Contains("8500 train, 1500 validation", text);
            Assert.Contains("validation accuracy:", text);

            var csv = File.ReadAllLines(Path.Combine(dir, "history.csv"));
            Assert.Equal(TrainingHistory.CsvHeader, csv[0]);
            Assert.Equal(2, csv.Length);
            var history = TrainingHistory.FromJson(File.ReadAllText(Path.Combine(dir, "history.json")));
            var epoch = Assert.Single(history.Epochs);
            double accuracy = Assert.NotNull(epoch.ValidationAccuracy);
            Assert.InRange(accuracy, 0.0, 1.0);
            // Ten balanced-ish classes: chance is about 10%; one epoch of this net gets far above 50%.
            Assert.True(accuracy > 0.5, $"validation accuracy {accuracy:P2} after one epoch");
            // The printed final figure is the history's (best and only) epoch.
            Assert.Contains($"validation accuracy: {(100 * accuracy).ToString("F2", CultureInfo.InvariantCulture)}%", text);

            foreach (var png in new[] { "loss.png", "accuracy.png", "filters.png", "misclassified.png" })
            {
                var bytes = File.ReadAllBytes(Path.Combine(dir, png));
                Assert.True(bytes.Length > 1000, $"{png} is only {bytes.Length} bytes");
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            }

            var network = NotMnistProgram.BuildNetwork(new NotMnistSettings { Hidden = [64], Nonlinearity = "relu" }, seed: 99);
            ParamsFile.Load(network, Path.Combine(dir, "model.npz"));
            var shapes = LayerGraph.GetAllParamValues(network).Select(t => t.Shape.ToString()).ToArray();
            Assert.Equal(["(784, 64)", "(64,)", "(64, 10)", "(10,)"], shapes);
            Assert.Empty(Directory.GetFiles(dir, ".*"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void DefaultNetworkIsFlattenDenseTenSoftmax()
    {
        var network = NotMnistProgram.BuildNetwork(new NotMnistSettings(), seed: 1);
        var layers = LayerGraph.GetAllLayers(network);
        Assert.Equal([typeof(InputLayer), typeof(FlattenLayer), typeof(DenseLayer)], layers.Select(l => l.GetType()).ToArray());
        Assert.Equal(784 * 10 + 10, LayerGraph.CountParams(network, trainable: true));
    }

    [Fact]
    public async Task HelpListsTheOptionsAndBadValuesExitNonZero()
    {
        var (exit, help) = await ConsoleCapture.RunAsync(() => NotMnistProgram.RunAsync(["--help"]));
        Assert.Equal(0, exit);
        foreach (var option in new[] { "--hidden", "--nonlinearity", "--update", "--learning-rate", "--dropout", "--l2", "--epochs", "--batch-size",
                     "--seed", "--output", "--data", "--split-seed" })
            Assert.Contains(option, help);
        Assert.NotEqual(0, await NotMnistProgram.RunAsync(["--update", "lbfgs"]));
        Assert.NotEqual(0, await NotMnistProgram.RunAsync(["--hidden", "64,x", "--output", Path.GetTempPath()]));
    }
}
