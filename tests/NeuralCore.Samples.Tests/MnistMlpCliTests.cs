using NeuralCore.Layers;
using NeuralCore.Layers.Training;
using NeuralCore.Samples.MnistMlp;
using NeuralCore.Tensors;
using NeuralCore.Tensors.Io;

namespace NeuralCore.Samples.Tests;

[Collection(ConsoleOutputCollection.Name)]
public sealed class MnistMlpCliTests
{
    [Fact]
    public async Task TinyRunTrainsAndWritesEveryOutputFile()
    {
        var dir = Directory.CreateTempSubdirectory("nc-mnist-mlp-").FullName;
        try
        {
            int exit = await MnistMlpProgram.RunAsync(["--max-train", "2000", "--max-validation", "500", "--max-test", "500", "--epochs", "1",
                "--hidden", "64,32", "--nonlinearity", "relu", "--update", "adam", "--learning-rate", "0.002", "--augment", "random-shifts", "--output", dir]);
            Assert.Equal(0, exit);

            var csv = File.ReadAllLines(Path.Combine(dir, "history.csv"));
            Assert.Equal(TrainingHistory.CsvHeader, csv[0]);
            Assert.Equal(2, csv.Length);
            var history = TrainingHistory.FromJson(File.ReadAllText(Path.Combine(dir, "history.json")));
            Assert.Single(history.Epochs);
            Assert.NotNull(history.Epochs[0].ValidationAccuracy);

            foreach (var png in new[] { "loss.png", "accuracy.png", "filters.png", "misclassified.png" })
            {
                var bytes = File.ReadAllBytes(Path.Combine(dir, png));
                Assert.True(bytes.Length > 1000, $"{png} is only {bytes.Length} bytes");
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            }

            var submission = File.ReadAllLines(Path.Combine(dir, "submission.csv"));
            Assert.Equal("ImageId,Label", submission[0]);
            Assert.Equal(501, submission.Length);
            for (int i = 1; i < submission.Length; i++)
            {
                var parts = submission[i].Split(',');
                Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), parts[0]);
                Assert.InRange(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), 0, 9);
            }

            // The model file loads into a freshly built network of the same shape and matches the file's arrays.
            var network = MnistMlpProgram.BuildNetwork(new MlpSettings { Hidden = [64, 32], Nonlinearity = "relu" }, seed: 99);
            ParamsFile.Load(network, Path.Combine(dir, "model.npz"));
            var shapes = LayerGraph.GetAllParamValues(network).Select(t => t.Shape.ToString()).ToArray();
            Assert.Equal(["(784, 64)", "(64,)", "(64, 32)", "(32,)", "(32, 10)", "(10,)"], shapes);
            Assert.Empty(Directory.GetFiles(dir, ".*"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task ACheckpointedRunTrainsAsWithoutItAndLeavesNoCheckpointBehind()
    {
        var plain = Directory.CreateTempSubdirectory("nc-mnist-plain-").FullName;
        var checkpointed = Directory.CreateTempSubdirectory("nc-mnist-checkpoint-").FullName;
        try
        {
            string[] recipe = ["--max-train", "600", "--max-validation", "200", "--max-test", "200", "--epochs", "2", "--hidden", "16",
                "--dropout", "0.3", "--update", "nesterov", "--augment", "rotations"];
            Assert.Equal(0, await MnistMlpProgram.RunAsync([.. recipe, "--output", plain]));
            var (exit, output) = await ConsoleCapture.RunAsync(() => MnistMlpProgram.RunAsync([.. recipe, "--checkpoint", "--output", checkpointed]));
            Assert.Equal(0, exit);
            Assert.Contains($"saved to {Path.Combine(checkpointed, "checkpoint.npz")} after every epoch", output);
            Assert.False(File.Exists(Path.Combine(checkpointed, "checkpoint.npz")), "the checkpoint is deleted when training ends");
            Assert.Empty(Directory.GetFiles(checkpointed, ".*"));
            // Saving the state after every epoch changes nothing in the training itself.
            var expected = Npz.Load(Path.Combine(plain, "model.npz"));
            var actual = Npz.Load(Path.Combine(checkpointed, "model.npz"));
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
                Assert.True(((Tensor<float>)expected[i].Value).ValueEquals((Tensor<float>)actual[i].Value), $"{expected[i].Key} differs");

            // One checkpoint cannot serve several networks.
            var error = new StringWriter();
            var previous = Console.Error;
            Console.SetError(error);
            try { Assert.NotEqual(0, await MnistMlpProgram.RunAsync([.. recipe, "--ensemble", "2", "--checkpoint", "--output", checkpointed])); }
            finally { Console.SetError(previous); }
            Assert.Contains("--checkpoint", error.ToString());
        }
        finally
        {
            Directory.Delete(plain, true);
            Directory.Delete(checkpointed, true);
        }
    }

    [Fact]
    public async Task GridSearchWritesSortedResultsAndTheBestCommandLine()
    {
        var dir = Directory.CreateTempSubdirectory("nc-mnist-search-").FullName;
        try
        {
            int exit = await MnistMlpProgram.RunAsync(["--max-train", "300", "--max-validation", "200", "--max-test", "100", "--search", "grid",
                "--search-epochs", "1", "--batch-size", "100", "--output", dir]);
            Assert.Equal(0, exit);
            var lines = File.ReadAllLines(Path.Combine(dir, "search.csv"));
            Assert.Equal(1 + 8, lines.Length);   // learning rate 2 x hidden 2 x dropout 2
            var accuracies = lines[1..].Select(l => double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(accuracies.OrderByDescending(a => a).ToArray(), accuracies);
            var command = File.ReadAllText(Path.Combine(dir, "best-command.txt")).Trim();
            Assert.StartsWith(MnistMlpProgram.Command + " ", command);
            // The printed options parse with the sample's own parser.
            var args = command[(MnistMlpProgram.Command.Length + 1)..].Split(' ');
            Assert.Empty(MnistMlpProgram.BuildCommand().Parse(args).Errors);
            Assert.Contains("--learning-rate", args);
            Assert.Contains("--dropout", args);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task HelpListsTheOptionsAndExitsZero()
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        int exit;
        try { exit = await MnistMlpProgram.RunAsync(["--help"]); }
        finally { Console.SetOut(previous); }
        Assert.Equal(0, exit);
        foreach (var option in new[] { "--learning-rate", "--hidden", "--nonlinearity", "--update", "--l1", "--l2", "--input-dropout", "--dropout",
                     "--batch-norm", "--lr-decay", "--epochs", "--batch-size", "--seed", "--data", "--output", "--patience", "--keras-split", "--search", "--ensemble", "--augment" })
            Assert.Contains(option, output.ToString());
    }

    [Fact]
    public async Task BadOptionValuesExitNonZero()
    {
        Assert.NotEqual(0, await MnistMlpProgram.RunAsync(["--update", "lbfgs"]));
        Assert.NotEqual(0, await MnistMlpProgram.RunAsync(["--augment", "none,shifts"]));
        Assert.NotEqual(0, await MnistMlpProgram.RunAsync(["--hidden", "100,x", "--max-train", "10", "--max-test", "10", "--output", Path.GetTempPath()]));
    }
}
