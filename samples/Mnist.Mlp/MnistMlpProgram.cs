using System.CommandLine;
using System.Globalization;
using NeuralCore.Autodiff;
using NeuralCore.Layers;
using NeuralCore.Layers.Data;
using NeuralCore.Layers.Init;
using NeuralCore.Layers.Training;
using NeuralCore.Optimizers;
using NeuralCore.Samples.Common;
using NeuralCore.Tensors;
using static System.FormattableString;

namespace NeuralCore.Samples.MnistMlp;

/// <summary>
/// The Theano tutorial's multilayer perceptron on MNIST (784-50 sigmoid-10 softmax, SGD lr 0.1, minibatches of
/// 500 by default) with every knob of the tutorial as an option, plus hyper-parameter search and ensembles.
/// </summary>
public static class MnistMlpProgram
{
    /// <summary>The command that runs this sample, used in printed reproduction command lines.</summary>
    public const string Command = "dotnet run -c Release --project samples/Mnist.Mlp --";

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>Parses <paramref name="args"/> and runs the sample; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args) => BuildCommand().Parse(args).InvokeAsync();

    /// <summary>The root command with all options.</summary>
    public static RootCommand BuildCommand()
    {
        var common = new CommonOptions(epochs: 20, batchSize: 500, outputDirectory: Path.Combine("output", "mnist-mlp"));
        var learningRate = new Option<double>("--learning-rate", "--lr") { Description = "Learning rate", DefaultValueFactory = _ => 0.1 };
        var lrDecay = new Option<double>("--lr-decay") { Description = "Multiply the learning rate by this factor after every epoch (1: constant)", DefaultValueFactory = _ => 1.0 };
        var momentum = new Option<double>("--momentum") { Description = "Momentum of the momentum/nesterov rules", DefaultValueFactory = _ => 0.9 };
        var hidden = new Option<string>("--hidden") { Description = "Hidden layer sizes, e.g. 100,50,25", DefaultValueFactory = _ => "50" };
        var nonlinearity = new Option<string>("--nonlinearity") { Description = "sigmoid, tanh, relu, leaky-relu or elu (Glorot init for sigmoid/tanh, He for the ReLU family)", DefaultValueFactory = _ => "sigmoid" };
        nonlinearity.AcceptOnlyFromAmong([.. Activations.Names, "leaky_relu"]);
        var update = new Option<string>("--update") { Description = "Update rule", DefaultValueFactory = _ => "sgd" };
        update.AcceptOnlyFromAmong([.. UpdateRules.Names]);
        var l1 = new Option<double>("--l1") { Description = "L1 penalty weight", DefaultValueFactory = _ => 0 };
        var l2 = new Option<double>("--l2") { Description = "L2 penalty weight", DefaultValueFactory = _ => 0 };
        var inputDropout = new Option<double>("--input-dropout") { Description = "Dropout rate on the input", DefaultValueFactory = _ => 0 };
        var dropout = new Option<double>("--dropout") { Description = "Dropout rate after each hidden layer", DefaultValueFactory = _ => 0 };
        var batchNorm = new Option<bool>("--batch-norm") { Description = "Batch-normalize each hidden layer" };
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without validation improvement (0: never)", DefaultValueFactory = _ => 10 };
        var mnist = new MnistDataOptions();
        var search = new Option<string>("--search") { Description = "Hyper-parameter search on the validation set: none, grid or random", DefaultValueFactory = _ => "none" };
        search.AcceptOnlyFromAmong("none", "grid", "random");
        var trials = new Option<int>("--trials") { Description = "Random-search trials", DefaultValueFactory = _ => 8 };
        var searchEpochs = new Option<int>("--search-epochs") { Description = "Epochs of each search trial", DefaultValueFactory = _ => 3 };
        var ensemble = new Option<int>("--ensemble") { Description = "Train N networks with seeds seed..seed+N-1 and combine them (vote and mean probability)", DefaultValueFactory = _ => 1 };
        var augment = DataAugmentation.CreateOption("none");

        var root = new RootCommand("MNIST multilayer perceptron (the Theano tutorial's MLP) with NeuralCore");
        common.AddTo(root);
        mnist.AddTo(root);
        foreach (Option o in new Option[] { learningRate, lrDecay, momentum, hidden, nonlinearity, update, l1, l2, inputDropout, dropout, batchNorm, patience,
                     search, trials, searchEpochs, ensemble, augment })
            root.Options.Add(o);

        SampleCommand.SetGuardedAction(root, parse => Run(ReadSettings(parse)));
        return root;

        RunSettings ReadSettings(ParseResult parse)
        {
            var settings = common.Read(parse);
            var mlp = new MlpSettings
            {
                Hidden = MlpSettings.ParseHidden(parse.GetValue(hidden)!),
                Nonlinearity = parse.GetValue(nonlinearity)!,
                Update = parse.GetValue(update)!,
                LearningRate = parse.GetValue(learningRate),
                Momentum = parse.GetValue(momentum),
                L1 = parse.GetValue(l1),
                L2 = parse.GetValue(l2),
                InputDropout = parse.GetValue(inputDropout),
                Dropout = parse.GetValue(dropout),
                BatchNorm = parse.GetValue(batchNorm),
            };
            return new RunSettings(settings, mlp, parse.GetValue(patience), mnist.Read(parse), parse.GetValue(search)!,
                parse.GetValue(trials), parse.GetValue(searchEpochs), parse.GetValue(ensemble), parse.GetValue(lrDecay), DataAugmentation.Parse(parse.GetValue(augment)!));
        }
    }

    /// <summary>Builds the MLP: input (784) → optional input dropout → hidden dense layers (each optionally batch-
    /// normalized and followed by dropout) → dense 10 softmax. Weights are seeded by <paramref name="seed"/>.</summary>
    public static Layer BuildNetwork(MlpSettings mlp, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(mlp);
        return LayersRandom.Seeded(seed, () => Build(mlp));
    }

    private static Layer Build(MlpSettings mlp)
    {
        var (nonlinearity, init) = Activations.Create(mlp.Nonlinearity);
        Layer net = new InputLayer([null, MnistDataset.ImageSize * MnistDataset.ImageSize], T.Matrix("X"), name: "input");
        if (mlp.InputDropout > 0) net = new DropoutLayer(net, mlp.InputDropout);
        for (int i = 0; i < mlp.Hidden.Count; i++)
        {
            net = new DenseLayer(net, mlp.Hidden[i], nonlinearity, W: init, name: $"hidden{i + 1}");
            if (mlp.BatchNorm) net = BatchNorm.Apply(net);
            if (mlp.Dropout > 0) net = new DropoutLayer(net, mlp.Dropout);
        }
        return new DenseLayer(net, MnistDataset.NumClasses, Nonlinearities.Softmax, W: new GlorotUniform(), name: "output");
    }

    /// <summary>Builds and compiles the classifier with a shared learning rate (returned for schedules and the history).</summary>
    public static (ClassifierModel Model, SharedVariable LearningRate) CreateModel(MlpSettings mlp, ulong seed)
    {
        var network = BuildNetwork(mlp, seed);
        var lr = Hyperparameter.CreateShared(mlp.LearningRate, "learning_rate");
        var model = ClassifierModel.Create(network, UpdateRules.Create(mlp.Update, lr, mlp.Momentum), mlp.L1, mlp.L2);
        return (model, lr);
    }

    private sealed record RunSettings(CommonSettings Common, MlpSettings Mlp, int Patience, MnistDataSettings Data,
        string Search, int Trials, int SearchEpochs, int Ensemble, double LearningRateDecay, AugmentationChoice Augmentation);

    private static int Run(RunSettings run)
    {
        var c = run.Common;
        SampleConsole.Heading("MNIST multilayer perceptron");
        var data = run.Data.Load(c.DataDirectory, ImageLayout.Flat);
        var train = run.Augmentation.PrepareTrainingSet(data.Train);
        SampleConsole.Info("data", $"{data.Directory}: {data.Train.Count} train{(train.Count != data.Train.Count ? $" ({train.Count} after expansion)" : "")}, "
            + $"{data.Validation?.Count ?? 0} validation, {data.Test.Count} test");
        var options = new TrainingOptions
        {
            Epochs = c.Epochs,
            BatchSize = c.BatchSize,
            Seed = c.Seed,
            Patience = run.Patience > 0 ? run.Patience : null,
        };

        if (c.Checkpoint && (run.Search != "none" || run.Ensemble > 1))
            throw new ArgumentException("--checkpoint resumes the training of one network, not a --search or an --ensemble");
        if (run.Search != "none") return RunSearch(run, data, train, options);
        if (run.Ensemble > 1) return RunEnsemble(run, data, train, options);

        var (model, lr) = CreateModel(run.Mlp, c.Seed);
        SampleConsole.PrintModelSummary(model.Network);
        SampleConsole.Info("recipe", Describe(run.Mlp, c) + $", augmentation: {run.Augmentation}");
        if (!(run.LearningRateDecay > 0)) throw new ArgumentException("--lr-decay must be positive");
        var schedule = new ExponentialDecay(lr, run.LearningRateDecay);
        SampleConsole.CheckpointLine(c);
        var result = TrainingConsole.Run(reporter => Trainer.Fit(model, train, data.Validation, reporter.Attach(run.Augmentation.WithAugmentation(
            options with { LearningRateSchedule = epoch => schedule.Apply(epoch - 1), CheckpointPath = c.CheckpointPath }, c.Seed))));
        if (result.BestValidationAccuracy is double bestVal && result.BestEpoch != result.History.Epochs.Count)
            SampleConsole.Info("best epoch", $"{result.BestEpoch} (validation {100 * bestVal:F2}%), parameters restored");

        var test = Trainer.Evaluate(model, data.Test);
        var probabilities = Predictions.Probabilities(model, data.Test.Inputs);
        var labels = Predictions.ArgMax(probabilities);
        SampleConsole.Heading("Test");
        SampleConsole.Info("test accuracy", $"{100 * test.Accuracy:F2}% ({test.Count} images, loss {test.Loss:F4}, {Seconds(result)} s per epoch)");
        WriteOutputs(c.OutputDirectory, model, result.History, data.Test, labels);
        return 0;
    }

    private static void WriteOutputs(string directory, ClassifierModel model, TrainingHistory history, LabeledData test, int[] labels)
    {
        history.SaveCsv(Path.Combine(directory, "history.csv"));
        history.SaveJson(Path.Combine(directory, "history.json"));
        TrainingPlots.Save(history, directory, "MNIST MLP");
        NetworkImages.SaveFirstLayerFilters(model.Network, Path.Combine(directory, "filters.png"));
        int wrong = NetworkImages.SaveMisclassified(test.Inputs, test.Labels.AsReadOnlySpan(), labels, Path.Combine(directory, "misclassified.png"));
        KaggleSubmission.Write(Path.Combine(directory, "submission.csv"), labels);
        ParamsFile.Save(model.Network, Path.Combine(directory, "model.npz"));
        SampleConsole.Info("misclassified", $"{wrong} of {test.Count}");
        SampleConsole.Info("written", $"{directory}: history.csv, history.json, loss.png, accuracy.png, filters.png, misclassified.png, submission.csv, model.npz");
    }

    private static int RunEnsemble(RunSettings run, MnistDataset data, LabeledData train, TrainingOptions options)
    {
        var c = run.Common;
        SampleConsole.PrintModelSummary(BuildNetwork(run.Mlp, c.Seed));
        SampleConsole.Info("recipe", Describe(run.Mlp, c) + $", augmentation: {run.Augmentation}, ensemble of {run.Ensemble}");
        ClassifierModel? last = null;
        SharedVariable? memberLearningRate = null;
        TrainingHistory? firstHistory = null;
        Action<Tensor<float>, Tensor<float>>? memberAugment = null;
        var result = TrainingConsole.Run(reporter => Ensemble.Train(run.Ensemble, c.Seed, (i, seed) =>
            {
                reporter.Label = $"member {i + 1}/{run.Ensemble}";
                var (model, lr) = CreateModel(run.Mlp, seed);
                last = model;
                memberLearningRate = lr;
                memberAugment = run.Augmentation.CreateAugment(seed);
                return model;
            }, train, data.Validation, data.Test,
            reporter.Attach(options with
            {
                LearningRate = () => memberLearningRate is null ? double.NaN : Hyperparameter.GetValue(memberLearningRate),
                Augment = run.Augmentation.OnTheFly is null ? null : (source, destination) => memberAugment!(source, destination),
            }),
            (i, r, accuracy) =>
            {
                firstHistory ??= r.History;
                Console.WriteLine($"member {i + 1}: test accuracy {100 * accuracy:F2}% (best epoch {r.BestEpoch})");
            }));
        SampleConsole.Heading("Ensemble");
        SampleConsole.Table(["combination", "test accuracy"],
        [
            .. result.MemberTestAccuracies.Select((a, i) => (IReadOnlyList<string>)[$"member {i + 1}", $"{100 * a:F2}%"]),
            ["majority vote", $"{100 * result.VoteAccuracy:F2}%"],
            ["mean probability", $"{100 * result.MeanAccuracy:F2}%"],
        ]);
        WriteOutputs(c.OutputDirectory, last!, firstHistory!, data.Test, result.MeanLabels);
        return 0;
    }

    private static int RunSearch(RunSettings run, MnistDataset data, LabeledData train, TrainingOptions options)
    {
        var c = run.Common;
        if (data.Validation is null) throw new ArgumentException("--search needs a validation set; drop --keras-split");
        double lr = run.Mlp.LearningRate;
        IReadOnlyList<HyperparameterConfiguration> configurations;
        if (run.Search == "grid")
            configurations = HyperparameterSearch.Grid(
            [
                HyperparameterRange.LogUniform("learning-rate", lr / 10, lr, gridPoints: 2),
                HyperparameterRange.Choice("hidden", string.Join(',', run.Mlp.Hidden), "800,800"),
                HyperparameterRange.Choice("dropout", "0", "0.5"),
            ]);
        else
            configurations = HyperparameterSearch.Random(
            [
                HyperparameterRange.LogUniform("learning-rate", lr / 30, lr * 3),
                HyperparameterRange.LogUniform("l2", 1e-6, 1e-3),
                HyperparameterRange.Choice("hidden", "50", "100", "200", "500", "100,50,25", "800,800"),
                HyperparameterRange.Uniform("dropout", 0, 0.5),
            ], run.Trials, c.Seed);
        SampleConsole.Info("search", $"{run.Search}, {configurations.Count} trials of {run.SearchEpochs} epochs, {Describe(run.Mlp, c)}, augmentation: {run.Augmentation}");
        int trialNumber = 0;
        var results = TrainingConsole.Run(reporter => HyperparameterSearch.Run(configurations, configuration =>
        {
            trialNumber++;
            reporter.Label = $"trial {trialNumber}/{configurations.Count}";
            var mlp = Apply(run.Mlp, configuration);
            var (model, lrVar) = CreateModel(mlp, c.Seed);
            return Trainer.Fit(model, train, data.Validation, reporter.Attach(options with
            {
                Augment = run.Augmentation.CreateAugment(c.Seed),
                Epochs = run.SearchEpochs,
                Patience = null,
                LearningRate = () => Hyperparameter.GetValue(lrVar),
            }));
        }, new SyncProgress<SearchResult>(r => Console.WriteLine($"trial {r.Configuration}: validation {100 * r.ValidationAccuracy:F2}%"))));

        SampleConsole.Heading("Search results (best first)");
        SampleConsole.Table(["rank", "validation accuracy", "validation loss", "seconds", "configuration"],
            results.Select((r, i) => (IReadOnlyList<string>)[(i + 1).ToString(s_inv), $"{100 * r.ValidationAccuracy:F2}%",
                r.ValidationLoss.ToString("F4", s_inv), r.Seconds.ToString("F1", s_inv), r.Configuration.ToString()]));
        var lines = new List<string> { "rank,validation_accuracy,validation_loss,seconds," + string.Join(',', results[0].Configuration.Values.Select(v => v.Key)) };
        lines.AddRange(results.Select((r, i) => string.Join(',', new[] { (i + 1).ToString(s_inv), r.ValidationAccuracy.ToString("R", s_inv),
            r.ValidationLoss.ToString("R", s_inv), r.Seconds.ToString("F2", s_inv) }.Concat(r.Configuration.Values.Select(v => "\"" + v.Value + "\"")))));
        AtomicFile.WriteAllText(Path.Combine(c.OutputDirectory, "search.csv"), string.Join('\n', lines) + "\n");
        var best = results[0].Configuration;
        var command = best.ToCommandLine(Command, FixedArguments(run, best));
        SampleConsole.Info("best configuration", command);
        AtomicFile.WriteAllText(Path.Combine(c.OutputDirectory, "best-command.txt"), command + "\n");
        return 0;
    }

    // The options of this run that the search did not vary (minus the search options themselves), so the printed
    // command reproduces the best trial's network with a full-length run.
    private static List<string> FixedArguments(RunSettings run, HyperparameterConfiguration best)
    {
        var c = run.Common;
        var args = new List<string> { "--update", run.Mlp.Update, "--nonlinearity", run.Mlp.Nonlinearity, "--epochs", c.Epochs.ToString(s_inv),
            "--batch-size", c.BatchSize.ToString(s_inv), "--seed", c.Seed.ToString(s_inv) };
        void Add(string name, string value) { if (!best.Contains(name)) { args.Add("--" + name); args.Add(value); } }
        Add("learning-rate", run.Mlp.LearningRate.ToString("R", s_inv));
        Add("hidden", string.Join(',', run.Mlp.Hidden));
        if (run.Mlp.L1 > 0) Add("l1", run.Mlp.L1.ToString("R", s_inv));
        if (run.Mlp.L2 > 0) Add("l2", run.Mlp.L2.ToString("R", s_inv));
        if (run.Mlp.InputDropout > 0) Add("input-dropout", run.Mlp.InputDropout.ToString("R", s_inv));
        if (run.Mlp.Dropout > 0) Add("dropout", run.Mlp.Dropout.ToString("R", s_inv));
        if (run.Mlp.Update is "momentum" or "nesterov") Add("momentum", run.Mlp.Momentum.ToString("R", s_inv));
        if (run.Mlp.BatchNorm) args.Add("--batch-norm");
        if (run.Patience != 10) Add("patience", run.Patience.ToString(s_inv));
        if (run.LearningRateDecay != 1) Add("lr-decay", run.LearningRateDecay.ToString("R", s_inv));
        if (!run.Augmentation.IsNone) Add("augment", run.Augmentation.Name);
        return args;
    }

    /// <summary>The settings with a search configuration's values applied (names are the command-line option names).</summary>
    public static MlpSettings Apply(MlpSettings mlp, HyperparameterConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var (name, value) in configuration.Values)
        {
            double Number() => double.Parse(value, s_inv);
            mlp = name switch
            {
                "learning-rate" => mlp with { LearningRate = Number() },
                "l1" => mlp with { L1 = Number() },
                "l2" => mlp with { L2 = Number() },
                "dropout" => mlp with { Dropout = Number() },
                "input-dropout" => mlp with { InputDropout = Number() },
                "momentum" => mlp with { Momentum = Number() },
                "hidden" => mlp with { Hidden = MlpSettings.ParseHidden(value) },
                "nonlinearity" => mlp with { Nonlinearity = value },
                "update" => mlp with { Update = value },
                _ => throw new ArgumentException($"search: unknown hyper-parameter '{name}'"),
            };
        }
        return mlp;
    }

    private static string Describe(MlpSettings m, CommonSettings c) =>
        Invariant($"784-{string.Join('-', m.Hidden)}-10 {m.Nonlinearity}, {m.Update} lr {m.LearningRate}") +
        (m.Update is "momentum" or "nesterov" ? Invariant($" momentum {m.Momentum}") : "") +
        (m.L1 > 0 ? Invariant($", L1 {m.L1}") : "") + (m.L2 > 0 ? Invariant($", L2 {m.L2}") : "") +
        (m.InputDropout > 0 ? Invariant($", input dropout {m.InputDropout}") : "") + (m.Dropout > 0 ? Invariant($", dropout {m.Dropout}") : "") +
        (m.BatchNorm ? ", batch norm" : "") + Invariant($", batch {c.BatchSize}, up to {c.Epochs} epochs, seed {c.Seed}");

    private static string Seconds(TrainingResult r) =>
        (r.History.Epochs.Count == 0 ? 0 : r.History.Epochs.Average(e => e.Seconds)).ToString("F2", s_inv);
}

/// <summary>An <see cref="IProgress{T}"/> that calls its handler synchronously (Progress&lt;T&gt; posts to the
/// thread pool, which would reorder console lines).</summary>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
