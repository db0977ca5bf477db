using System.Globalization;
using NeuralCore.Layers;
using NeuralCore.Layers.Data;
using NeuralCore.Layers.Training;
using NeuralCore.Samples.MnistCnn;

namespace NeuralCore.Samples.Tests;

// The samples print to Console.Out, which some tests capture: the CLI test classes must not run in parallel.
[Collection(ConsoleOutputCollection.Name)]
public sealed class MnistCnnCliTests
{
    private static readonly byte[] s_pngMagic = [0x89, (byte)'P', (byte)'N', (byte)'G'];

    [Fact]
    public async Task TinyTutorialRunTrainsAndWritesEveryOutputFile()
    {
        var dir = Directory.CreateTempSubdirectory("nc-mnist-cnn-").FullName;
        try
        {
            int exit = await MnistCnnProgram.RunAsync(["--arch", "tutorial", "--max-train", "1000", "--max-validation", "200", "--max-test", "300",
                "--epochs", "1", "--batch-size", "50", "--output", dir]);
            Assert.Equal(0, exit);

            var csv = File.ReadAllLines(Path.Combine(dir, "history.csv"));
            Assert.Equal(TrainingHistory.CsvHeader, csv[0]);
            Assert.Equal(2, csv.Length);
            var history = TrainingHistory.FromJson(File.ReadAllText(Path.Combine(dir, "history.json")));
            Assert.Single(history.Epochs);
            Assert.NotNull(history.Epochs[0].ValidationAccuracy);
            // 20 Adam steps on 1,000 images take a CNN well above chance (10%).
            Assert.True(history.Epochs[0].ValidationAccuracy > 0.3, $"validation accuracy {history.Epochs[0].ValidationAccuracy}");

            foreach (var png in new[] { "loss.png", "accuracy.png", "filters.png", "feature-maps.png", "misclassified.png" })
            {
                var bytes = File.ReadAllBytes(Path.Combine(dir, png));
                Assert.True(bytes.Length > 500, $"{png} is only {bytes.Length} bytes");
                Assert.Equal(s_pngMagic, bytes[..4]);
            }
            AssertSubmission(Path.Combine(dir, "submission.csv"), 300);

            // The model file loads into a freshly built network of the same architecture.
            var network = MnistCnnProgram.BuildNetwork(CnnSettings.ForArchitecture("tutorial"), seed: 99);
            ParamsFile.Load(network, Path.Combine(dir, "model.npz"));
            var shapes = LayerGraph.GetAllParamValues(network).Select(t => t.Shape.ToString()).ToArray();
            Assert.Equal(["(16, 1, 3, 3)", "(16,)", "(16, 16, 3, 3)", "(16,)", "(32, 16, 3, 3)", "(32,)", "(32, 32, 3, 3)", "(32,)",
                "(512, 100)", "(100,)", "(100, 10)", "(10,)"], shapes);
            Assert.Empty(Directory.GetFiles(dir, ".*"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task EnsembleOfTwoLasagneNetsWritesTheCombinationAndEveryMember()
    {
        var dir = Directory.CreateTempSubdirectory("nc-mnist-cnn-ens-").FullName;
        try
        {
            int exit = await MnistCnnProgram.RunAsync(["--arch", "lasagne", "--ensemble", "2", "--max-train", "400", "--max-validation", "100",
                "--max-test", "200", "--epochs", "1", "--batch-size", "100", "--output", dir]);
            Assert.Equal(0, exit);
            var lines = File.ReadAllLines(Path.Combine(dir, "ensemble.csv"));
            Assert.Equal(["combination", "member 1", "member 2", "majority vote", "mean probability"], lines.Select(l => l.Split(',')[0]).ToArray());
            Assert.Equal("combination,validation_accuracy,test_accuracy", lines[0]);
            foreach (var line in lines[1..])
                foreach (var cell in line.Split(',')[1..]) Assert.InRange(double.Parse(cell, CultureInfo.InvariantCulture), 0, 100);
            AssertSubmission(Path.Combine(dir, "submission.csv"), 200);
            // Member 1's validation figure is its saved network's accuracy on the first 100 validation images.
            var (member1, _) = MnistCnnProgram.CreateModel(CnnSettings.ForArchitecture("lasagne"), seed: 5);
            ParamsFile.Load(member1.Network, Path.Combine(dir, "model.npz"));
            var mnist = MnistDataset.Load(new MnistOptions { Layout = ImageLayout.Image, MaxTrain = 10, MaxValidation = 100, MaxTest = 10 });
            Assert.Equal(100 * Trainer.Evaluate(member1, mnist.Validation!).Accuracy, double.Parse(lines[1].Split(',')[1], CultureInfo.InvariantCulture), 2);
            foreach (var file in new[] { "model.npz", "model-2.npz" })
            {
                var network = MnistCnnProgram.BuildNetwork(CnnSettings.ForArchitecture("lasagne"), seed: 5);
                ParamsFile.Load(network, Path.Combine(dir, file));
                Assert.Equal(["(32, 1, 5, 5)", "(32,)", "(32, 32, 5, 5)", "(32,)", "(512, 256)", "(256,)", "(256, 10)", "(10,)"],
                    LayerGraph.GetAllParamValues(network).Select(t => t.Shape.ToString()).ToArray());
            }
            // Different seeds: the two members' first filters differ.
            var first = MnistCnnProgram.BuildNetwork(CnnSettings.ForArchitecture("lasagne"), seed: 5);
            var second = MnistCnnProgram.BuildNetwork(CnnSettings.ForArchitecture("lasagne"), seed: 5);
            ParamsFile.Load(first, Path.Combine(dir, "model.npz"));
            ParamsFile.Load(second, Path.Combine(dir, "model-2.npz"));
            Assert.NotEqual(((NeuralCore.Tensors.Tensor<float>)LayerGraph.GetAllParamValues(first)[0]).AsReadOnlySpan().ToArray(),
                ((NeuralCore.Tensors.Tensor<float>)LayerGraph.GetAllParamValues(second)[0]).AsReadOnlySpan().ToArray());
            foreach (var file in MnistCnnProgram.OutputFiles) Assert.True(File.Exists(Path.Combine(dir, file)), file);

            // --combine reassembles the same ensemble from the saved members: the same accuracies and predictions.
            var combined = Path.Combine(dir, "combined");
            exit = await MnistCnnProgram.RunAsync(["--arch", "lasagne", "--max-test", "200", "--max-train", "100", "--max-validation", "100",
                "--combine", $"{Path.Combine(dir, "model.npz")},{Path.Combine(dir, "model-2.npz")}", "--output", combined]);
            Assert.Equal(0, exit);
            Assert.Equal(lines, File.ReadAllLines(Path.Combine(combined, "ensemble.csv")));
            Assert.Equal(File.ReadAllLines(Path.Combine(dir, "submission.csv")), File.ReadAllLines(Path.Combine(combined, "submission.csv")));
            Assert.True(File.Exists(Path.Combine(combined, "misclassified.png")));
            Assert.NotEqual(0, await MnistCnnProgram.RunAsync(["--arch", "lasagne", "--max-test", "20", "--combine", Path.Combine(dir, "model.npz"), "--output", combined]));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task LectureRecipeTrainsOnTheExpandedSetWithOnTheFlyRotations()
    {
        var dir = Directory.CreateTempSubdirectory("nc-mnist-cnn-lecture-").FullName;
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        int exit;
        try
        {
            exit = await MnistCnnProgram.RunAsync(["--arch", "lecture", "--augment", "shifts,rotations", "--max-train", "100", "--max-validation", "50",
                "--max-test", "50", "--epochs", "1", "--output", dir]);
        }
        finally { Console.SetOut(previous); }
        try
        {
            Assert.Equal(0, exit);
            var text = output.ToString();
            Assert.Contains("100 train (500 after expansion)", text);
            Assert.Contains("expanded set (5x) + rotations up to 10 degrees", text);
            Assert.Single(TrainingHistory.FromJson(File.ReadAllText(Path.Combine(dir, "history.json"))).Epochs);
            var network = MnistCnnProgram.BuildNetwork(CnnSettings.ForArchitecture("lecture"), seed: 1);
            ParamsFile.Load(network, Path.Combine(dir, "model.npz"));
            Assert.Equal(["(20, 1, 5, 5)", "(20,)", "(40, 20, 5, 5)", "(40,)", "(640, 1000)", "(1000,)", "(1000, 1000)", "(1000,)", "(1000, 10)", "(10,)"],
                LayerGraph.GetAllParamValues(network).Select(t => t.Shape.ToString()).ToArray());
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
        try { exit = await MnistCnnProgram.RunAsync(["--help"]); }
        finally { Console.SetOut(previous); }
        Assert.Equal(0, exit);
        foreach (var option in new[] { "--arch", "--learning-rate", "--lr-decay", "--update", "--momentum", "--l2", "--dropout", "--augment", "--ensemble",
                     "--epochs", "--batch-size", "--seed", "--data", "--output", "--patience", "--keras-split", "--max-train", "--max-validation", "--max-test" })
            Assert.Contains(option, output.ToString());
        foreach (var arch in CnnArchitectures.Names) Assert.Contains(arch, output.ToString());
    }

    [Fact]
    public async Task BadOptionValuesExitNonZero()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.NotEqual(0, await MnistCnnProgram.RunAsync(["--arch", "resnet"]));
            Assert.NotEqual(0, await MnistCnnProgram.RunAsync(["--augment", "flips"]));
            Assert.NotEqual(0, await MnistCnnProgram.RunAsync(["--epochs", "0"]));
            Assert.NotEqual(0, await MnistCnnProgram.RunAsync(["--ensemble", "0"]));
            Assert.NotEqual(0, await MnistCnnProgram.RunAsync(["--dropout", "1", "--max-train", "10", "--max-test", "10", "--output", Path.GetTempPath()]));
        }
        finally { Console.SetError(previous); }
    }

    [Fact]
    public void ArchitectureDefaultsAreTheRecipes()
    {
        var lasagne = CnnSettings.ForArchitecture("lasagne");
        Assert.Equal(("nesterov", 0.01, 0.9, 500, 0.5), (lasagne.Update, lasagne.LearningRate, lasagne.Momentum, lasagne.BatchSize, lasagne.Dropout));
        var lecture = CnnSettings.ForArchitecture("lecture");
        Assert.True(lecture.Augmentation.ExpandedSet);
        Assert.Equal(0.5, lecture.Dropout);
        Assert.Equal(128, CnnSettings.ForArchitecture("tutorial").BatchSize);
        Assert.Throws<ArgumentException>(() => CnnSettings.ForArchitecture("vgg"));
    }

    private static void AssertSubmission(string path, int count)
    {
        var submission = File.ReadAllLines(path);
        Assert.Equal("ImageId,Label", submission[0]);
        Assert.Equal(count + 1, submission.Length);
        for (int i = 1; i < submission.Length; i++)
        {
            var parts = submission[i].Split(',');
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), parts[0]);
            Assert.InRange(int.Parse(parts[1], CultureInfo.InvariantCulture), 0, 9);
        }
    }
}
