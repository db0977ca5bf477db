using System.CommandLine;
using System.Globalization;
using NeuralCore.Autodiff;
using NeuralCore.Layers;
using NeuralCore.Layers.Data;
using NeuralCore.Layers.Init;
using NeuralCore.Layers.Training;
using NeuralCore.Optimizers;
using NeuralCore.Samples.Common;
using static System.FormattableString;

namespace NeuralCore.Samples.NotMnist;

/// <summary>
/// The Keras notMNIST practical with NeuralCore: letters A..J (28×28) from the 10,000-image notMNIST sample, split
/// 85/15 into training and validation sets with a seed; a Keras-style Sequential model (Flatten, Dense layers,
/// softmax) whose summary is printed with the trainable parameter count, then a training trace and the final
/// validation accuracy. The default model is the practical's first one, Flatten → Dense(10) softmax with SGD.
/// </summary>
public static class NotMnistProgram
{
    /// <summary>The command that runs this sample, used in printed reproduction command lines.</summary>
    public const string Command = "dotnet run -c Release --project samples/NotMnist --";

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>Parses <paramref name="args"/> and runs the sample; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args) => BuildCommand().Parse(args).InvokeAsync();

    /// <summary>The root command with all options.</summary>
    public static RootCommand BuildCommand()
    {
        var common = new CommonOptions(epochs: 10, batchSize: 32, outputDirectory: Path.Combine("output", "notmnist"));
        var learningRate = new Option<double>("--learning-rate", "--lr") { Description = "Learning rate (Keras' SGD default: 0.01)", DefaultValueFactory = _ => 0.01 };
        var momentum = new Option<double>("--momentum") { Description = "Momentum of the momentum/nesterov rules", DefaultValueFactory = _ => 0.9 };
        var hidden = new Option<string>("--hidden") { Description = "Hidden dense layer sizes, e.g. 256,128 (none: Flatten-Dense(10) softmax)", DefaultValueFactory = _ => "none" };
        var nonlinearity = new Option<string>("--nonlinearity") { Description = "Hidden nonlinearity: sigmoid, tanh, relu, leaky-relu or elu (Glorot init for sigmoid/tanh, He for the ReLU family)", DefaultValueFactory = _ => "relu" };
        nonlinearity.AcceptOnlyFromAmong([.. Activations.Names, "leaky_relu"]);
        var update = new Option<string>("--update") { Description = "Update rule", DefaultValueFactory = _ => "sgd" };
        update.AcceptOnlyFromAmong([.. UpdateRules.Names]);
        var dropout = new Option<double>("--dropout") { Description = "Dropout rate after each hidden layer", DefaultValueFactory = _ => 0 };
        var l2 = new Option<double>("--l2") { Description = "L2 penalty weight", DefaultValueFactory = _ => 0 };
        var splitSeed = new Option<ulong>("--split-seed") { Description = "Seed of the 85/15 training/validation split", DefaultValueFactory = _ => 42 };
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without validation improvement (0: never)", DefaultValueFactory = _ => 0 };

        var root = new RootCommand("notMNIST letters A-J with a Keras-style dense network (the notMNIST practical) in NeuralCore");
        common.AddTo(root);
        foreach (Option o in new Option[] { learningRate, momentum, hidden, nonlinearity, update, dropout, l2, splitSeed, patience })
            root.Options.Add(o);

        SampleCommand.SetGuardedAction(root, parse =>
        {
            var settings = new NotMnistSettings
            {
                Hidden = NotMnistSettings.ParseHidden(parse.GetValue(hidden)!),
                Nonlinearity = parse.GetValue(nonlinearity)!,
                Update = parse.GetValue(update)!,
                LearningRate = parse.GetValue(learningRate),
                Momentum = parse.GetValue(momentum),
                Dropout = parse.GetValue(dropout),
                L2 = parse.GetValue(l2),
            };
            if (settings.Dropout is < 0 or >= 1) throw new ArgumentException("--dropout must be in [0, 1)");
            if (settings.L2 < 0) throw new ArgumentException("--l2 must not be negative");
            return Run(common.Read(parse), settings, parse.GetValue(splitSeed), parse.GetValue(patience));
        });
        return root;
    }

    /// <summary>Builds the Keras-style model: input (1, 28, 28) → Flatten → [Dense(h) + nonlinearity (+ dropout)]
    /// per hidden size → Dense(10) softmax. Weights are seeded by <paramref name="seed"/>.</summary>
    public static Layer BuildNetwork(NotMnistSettings settings, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return LayersRandom.Seeded(seed, () => Build(settings));
    }

    private static Layer Build(NotMnistSettings settings)
    {
        var (nonlinearity, init) = Activations.Create(settings.Nonlinearity);
        Layer net = new InputLayer([null, 1, 28, 28], T.Tensor4("X"), name: "input");
        net = new FlattenLayer(net, name: "flatten");
        for (int i = 0; i < settings.Hidden.Count; i++)
        {
            net = new DenseLayer(net, settings.Hidden[i], nonlinearity, W: init, name: $"dense{i + 1}");
            if (settings.Dropout > 0) net = new DropoutLayer(net, settings.Dropout, name: $"dropout{i + 1}");
        }
        return new DenseLayer(net, NotMnistDataset.ClassNames.Count, Nonlinearities.Softmax, W: new GlorotUniform(), name: "output");
    }

    /// <summary>Builds and compiles the classifier.</summary>
    public static ClassifierModel CreateModel(NotMnistSettings settings, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var network = BuildNetwork(settings, seed);
        var lr = Hyperparameter.CreateShared(settings.LearningRate, "learning_rate");
        return ClassifierModel.Create(network, UpdateRules.Create(settings.Update, lr, settings.Momentum), l2: settings.L2);
    }

    private static int Run(CommonSettings c, NotMnistSettings settings, ulong splitSeed, int patience)
    {
        SampleConsole.Heading("notMNIST (letters A-J)");
        var data = NotMnistDataset.Load(new NotMnistOptions { DataDirectory = c.DataDirectory, Seed = splitSeed, Layout = ImageLayout.Image });
        SampleConsole.Info("data", Invariant($"{data.Directory}: {data.Train.Count} train, {data.Validation.Count} validation (split seed {splitSeed})"));

        var model = CreateModel(settings, c.Seed);
        SampleConsole.PrintModelSummary(model.Network);
        SampleConsole.Info("trainable parameters", LayerGraph.CountParams(model.Network, trainable: true).ToString("N0", s_inv));
        SampleConsole.Info("recipe", Describe(settings, c));

        var options = new TrainingOptions
        {
            Epochs = c.Epochs,
            BatchSize = c.BatchSize,
            Seed = c.Seed,
            Patience = patience > 0 ? patience : null,
            LearningRate = () => settings.LearningRate,
            CheckpointPath = c.CheckpointPath,
        };
        SampleConsole.CheckpointLine(c);
        var result = TrainingConsole.Run(reporter => Trainer.Fit(model, data.Train, data.Validation, reporter.Attach(options)));
        if (result.BestValidationAccuracy is double bestVal && result.BestEpoch != result.History.Epochs.Count)
            SampleConsole.Info("best epoch", Invariant($"{result.BestEpoch} (validation {100 * bestVal:F2}%), parameters restored"));

        var validation = Trainer.Evaluate(model, data.Validation);
        var labels = Predictions.ArgMax(Predictions.Probabilities(model, data.Validation.Inputs));
        SampleConsole.Heading("Validation");
        SampleConsole.Info("validation accuracy", Invariant($"{100 * validation.Accuracy:F2}% ({validation.Count} images, loss {validation.Loss:F4}, {SecondsPerEpoch(result):F2} s per epoch)"));

        var directory = c.OutputDirectory;
        result.History.SaveCsv(Path.Combine(directory, "history.csv"));
        result.History.SaveJson(Path.Combine(directory, "history.json"));
        TrainingPlots.Save(result.History, directory, "notMNIST");
        NetworkImages.SaveFirstLayerFilters(model.Network, Path.Combine(directory, "filters.png"));
        int wrong = NetworkImages.SaveMisclassified(data.Validation.Inputs, data.Validation.Labels.AsReadOnlySpan(), labels, Path.Combine(directory, "misclassified.png"));
        ParamsFile.Save(model.Network, Path.Combine(directory, "model.npz"));
        SampleConsole.Info("misclassified", Invariant($"{wrong} of {validation.Count} (labels 0-9 are the letters A-J)"));
        SampleConsole.Info("written", $"{directory}: history.csv, history.json, loss.png, accuracy.png, filters.png, misclassified.png, model.npz");
        return 0;
    }

    private static string Describe(NotMnistSettings s, CommonSettings c) =>
        "Flatten" + string.Concat(s.Hidden.Select(h => Invariant($"-Dense({h}, {s.Nonlinearity})"))) + "-Dense(10, softmax)"
        + Invariant($", {s.Update} lr {s.LearningRate}")
        + (s.Update is "momentum" or "nesterov" ? Invariant($" momentum {s.Momentum}") : "")
        + (s.Dropout > 0 ? Invariant($", dropout {s.Dropout}") : "") + (s.L2 > 0 ? Invariant($", L2 {s.L2}") : "")
        + Invariant($", batch {c.BatchSize}, {c.Epochs} epochs, seed {c.Seed}");

    private static double SecondsPerEpoch(TrainingResult r) => r.History.Epochs.Count == 0 ? 0 : r.History.Epochs.Average(e => e.Seconds);
}
