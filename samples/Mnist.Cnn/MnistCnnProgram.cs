using System.CommandLine;
using System.Globalization;
using NeuralCore.Autodiff;
using NeuralCore.Layers;
using NeuralCore.Layers.Data;
using NeuralCore.Layers.Training;
using NeuralCore.Optimizers;
using NeuralCore.Samples.Common;
using NeuralCore.Tensors;
using static System.FormattableString;

namespace NeuralCore.Samples.MnistCnn;

/// <summary>
/// Convolutional networks on MNIST: the tutorial CNN, the Lasagne tutorial CNN and the lecture's best recipe
/// (Nielsen ch. 6, expanded training data, dropout) with its ensemble, selectable with <c>--arch</c>; every knob
/// of the recipe is an option that overrides the architecture's default.
/// </summary>
public static class MnistCnnProgram
{
    /// <summary>The command that runs this sample, used in printed reproduction command lines.</summary>
    public const string Command = "dotnet run -c Release --project samples/Mnist.Cnn --";

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>Parses <paramref name="args"/> and runs the sample; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args) => BuildCommand().Parse(args).InvokeAsync();

    /// <summary>The root command with all options.</summary>
    public static RootCommand BuildCommand()
    {
        var tutorial = CnnSettings.ForArchitecture("tutorial");
        var lasagne = CnnSettings.ForArchitecture("lasagne");
        var lecture = CnnSettings.ForArchitecture("lecture");
        string PerArch(Func<CnnSettings, object> value) =>
            Invariant($"default per --arch: tutorial {value(tutorial)}, lasagne {value(lasagne)}, lecture {value(lecture)}");

        var common = new CommonOptions(epochs: tutorial.Epochs, batchSize: tutorial.BatchSize, outputDirectory: Path.Combine("output", "mnist-cnn"));
        // Epochs and batch size default per architecture: no fixed default, 0 (absent) means "the architecture's".
        common.Epochs.DefaultValueFactory = null;
        common.Epochs.Description = $"Maximum number of epochs ({PerArch(s => s.Epochs)})";
        common.BatchSize.DefaultValueFactory = null;
        common.BatchSize.Description = $"Training examples per minibatch ({PerArch(s => s.BatchSize)})";

        var arch = new Option<string>("--arch") { Description = "tutorial (conv 16,16-pool-conv 32,32-pool-dense 100), lasagne (Lasagne's mnist.py CNN) or lecture (Nielsen's best: conv 20-pool-conv 40-pool-dense 1000,1000, dropout, expanded data)", DefaultValueFactory = _ => "tutorial" };
        arch.AcceptOnlyFromAmong([.. CnnArchitectures.Names]);
        var learningRate = new Option<double?>("--learning-rate", "--lr") { Description = $"Initial learning rate ({PerArch(s => s.LearningRate)})" };
        var lrDecay = new Option<double?>("--lr-decay") { Description = $"Multiply the learning rate by this factor after every epoch, 1: constant ({PerArch(s => s.LearningRateDecay)})" };
        var momentum = new Option<double?>("--momentum") { Description = "Momentum of the momentum/nesterov rules (default 0.9)" };
        var update = new Option<string?>("--update") { Description = $"Update rule ({PerArch(s => s.Update)})" };
        update.AcceptOnlyFromAmong([.. UpdateRules.Names]);
        var l2 = new Option<double?>("--l2") { Description = $"L2 penalty weight on the sum of squared weights ({PerArch(s => s.L2)})" };
        var dropout = new Option<double?>("--dropout") { Description = $"Dropout rate of the dense layers' inputs, 0: none ({PerArch(s => s.Dropout)})" };
        var augment = DataAugmentation.CreateOption(defaultValue: null);
        augment.Description += $" ({PerArch(s => s.Augment)})";
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without validation improvement (0: never)", DefaultValueFactory = _ => 10 };
        var mnist = new MnistDataOptions();
        mnist.MaxTrain.Description = "Use only the first N training images (before augmentation)";
        var ensemble = new Option<int>("--ensemble") { Description = "Train N networks with seeds seed..seed+N-1 and combine them (vote and mean probability); the lecture's ensemble is 5", DefaultValueFactory = _ => 1 };
        ensemble.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--ensemble must be at least 1"); });
        var combine = new Option<string?>("--combine") { Description = "Instead of training, combine saved networks of --arch: comma-separated model .npz files (e.g. from runs with different --seed); prints each member's and the vote and mean-probability validation and test accuracy, writes ensemble.csv, misclassified.png and submission.csv" };

        var root = new RootCommand("MNIST convolutional networks (the tutorial CNN, Lasagne's CNN and the lecture's best recipe) with NeuralCore");
        root.Options.Add(arch);
        common.AddTo(root);
        mnist.AddTo(root);
        foreach (Option o in new Option[] { learningRate, lrDecay, momentum, update, l2, dropout, augment, patience, ensemble, combine })
            root.Options.Add(o);

        SampleCommand.SetGuardedAction(root, parse => Run(ReadSettings(parse)));
        return root;

        RunSettings ReadSettings(ParseResult parse)
        {
            var c = common.Read(parse);
            var s = CnnSettings.ForArchitecture(parse.GetValue(arch)!);
            s = s with
            {
                Epochs = c.Epochs > 0 ? c.Epochs : s.Epochs,
                BatchSize = c.BatchSize > 0 ? c.BatchSize : s.BatchSize,
                Update = parse.GetValue(update) ?? s.Update,
                LearningRate = parse.GetValue(learningRate) ?? s.LearningRate,
                LearningRateDecay = parse.GetValue(lrDecay) ?? s.LearningRateDecay,
                Momentum = parse.GetValue(momentum) ?? s.Momentum,
                L2 = parse.GetValue(l2) ?? s.L2,
                Dropout = parse.GetValue(dropout) ?? s.Dropout,
                Augment = parse.GetValue(augment) ?? s.Augment,
            };
            Validate(s);
            return new RunSettings(c with { Epochs = s.Epochs, BatchSize = s.BatchSize }, s, parse.GetValue(patience), mnist.Read(parse),
                parse.GetValue(ensemble), parse.GetValue(combine));
        }
    }

    private static void Validate(CnnSettings s)
    {
        if (!(s.LearningRate > 0)) throw new ArgumentException("--learning-rate must be positive");
        if (!(s.LearningRateDecay > 0)) throw new ArgumentException("--lr-decay must be positive");
        if (!(s.L2 >= 0)) throw new ArgumentException("--l2 must be >= 0");
        if (!(s.Dropout >= 0 && s.Dropout < 1)) throw new ArgumentException("--dropout must be in [0, 1)");
        _ = s.Augmentation;   // parses --augment: a bad list fails here, before the data is loaded
    }

    /// <summary>Builds the network of <paramref name="settings"/> with weights seeded by <paramref name="seed"/>.</summary>
    public static Layer BuildNetwork(CnnSettings settings, ulong seed) => CnnArchitectures.Build(settings, seed);

    /// <summary>Builds and compiles the classifier with a shared learning rate (returned for schedules and the history).</summary>
    public static (ClassifierModel Model, SharedVariable LearningRate) CreateModel(CnnSettings settings, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var network = BuildNetwork(settings, seed);
        var lr = Hyperparameter.CreateShared(settings.LearningRate, "learning_rate");
        var model = ClassifierModel.Create(network, UpdateRules.Create(settings.Update, lr, settings.Momentum), l2: settings.L2);
        return (model, lr);
    }

    private sealed record RunSettings(CommonSettings Common, CnnSettings Cnn, int Patience, MnistDataSettings Data,
        int Ensemble, string? Combine);

    private static int Run(RunSettings run)
    {
        var c = run.Common;
        var s = run.Cnn;
        SampleConsole.Heading($"MNIST convolutional network ({s.Architecture})");
        var data = run.Data.Load(c.DataDirectory, ImageLayout.Image);
        if (c.Checkpoint && (run.Combine is not null || run.Ensemble > 1))
            throw new ArgumentException("--checkpoint resumes the training of one network: train an ensemble's members as separate runs (--seed N --checkpoint) and join them with --combine");
        if (run.Combine is not null) return RunCombine(run, data);
        var augmentation = s.Augmentation;
        var train = augmentation.PrepareTrainingSet(data.Train);
        SampleConsole.Info("data", $"{data.Directory}: {data.Train.Count} train{(train.Count != data.Train.Count ? $" ({train.Count} after expansion)" : "")}, "
            + $"{data.Validation?.Count ?? 0} validation, {data.Test.Count} test");
        var options = new TrainingOptions
        {
            Epochs = s.Epochs,
            BatchSize = s.BatchSize,
            Seed = c.Seed,
            Patience = run.Patience > 0 ? run.Patience : null,
        };
        return run.Ensemble > 1 ? RunEnsemble(run, data, train, options) : RunSingle(run, data, train, options);
    }

    private static int RunSingle(RunSettings run, MnistDataset data, LabeledData train, TrainingOptions options)
    {
        var c = run.Common;
        var s = run.Cnn;
        var (model, lr) = CreateModel(s, c.Seed);
        SampleConsole.PrintModelSummary(model.Network);
        SampleConsole.Info("recipe", Describe(s, c));
        var schedule = new ExponentialDecay(lr, s.LearningRateDecay);
        SampleConsole.CheckpointLine(c);
        var result = TrainingConsole.Run(reporter => Trainer.Fit(model, train, data.Validation, reporter.Attach(s.Augmentation.WithAugmentation(options with
        {
            LearningRateSchedule = epoch => schedule.Apply(epoch - 1),
            CheckpointPath = c.CheckpointPath,
        }, c.Seed))));
        if (result.BestValidationAccuracy is double bestVal && result.BestEpoch != result.History.Epochs.Count)
            SampleConsole.Info("best epoch", $"{result.BestEpoch} (validation {100 * bestVal:F2}%), parameters restored");

        var test = Trainer.Evaluate(model, data.Test);
        var labels = Predictions.Labels(model, data.Test.Inputs);
        SampleConsole.Heading("Test");
        SampleConsole.Info("test accuracy", $"{100 * test.Accuracy:F2}% ({test.Count} images, loss {test.Loss:F4}); {Seconds(result)} s per epoch "
            + $"(training pass over {train.Count} images: {TrainingSeconds(result, train.Count)} s)");
        WriteOutputs(c.OutputDirectory, s, model, result.History, data.Test, labels);
        SampleConsole.Info("written", $"{c.OutputDirectory}: {string.Join(", ", OutputFiles)}");
        return 0;
    }

    /// <summary>The files a run writes into its output directory (an ensemble adds model-2.npz ... model-N.npz
    /// for members 2..N and ensemble.csv).</summary>
    public static IReadOnlyList<string> OutputFiles { get; } =
        ["history.csv", "history.json", TrainingPlots.LossFile, TrainingPlots.AccuracyFile, "filters.png", "feature-maps.png", "misclassified.png", "submission.csv", "model.npz"];

    private static void WriteOutputs(string directory, CnnSettings s, ClassifierModel model, TrainingHistory history, LabeledData test, int[] labels)
    {
        history.SaveCsv(Path.Combine(directory, "history.csv"));
        history.SaveJson(Path.Combine(directory, "history.json"));
        TrainingPlots.Save(history, directory, $"MNIST CNN ({s.Architecture})");
        NetworkImages.SaveFirstLayerFilters(model.Network, Path.Combine(directory, "filters.png"));
        if (test.Count > 0) NetworkImages.SaveFeatureMaps(model.Network, test.Inputs.Slice(0, 1), Path.Combine(directory, "feature-maps.png"));
        int wrong = NetworkImages.SaveMisclassified(test.Inputs, test.Labels.AsReadOnlySpan(), labels, Path.Combine(directory, "misclassified.png"));
        KaggleSubmission.Write(Path.Combine(directory, "submission.csv"), labels);
        ParamsFile.Save(model.Network, Path.Combine(directory, "model.npz"));
        SampleConsole.Info("misclassified", $"{wrong} of {test.Count}");
    }

    private static int RunEnsemble(RunSettings run, MnistDataset data, LabeledData train, TrainingOptions options)
    {
        var c = run.Common;
        var s = run.Cnn;
        SampleConsole.PrintModelSummary(BuildNetwork(s, c.Seed));
        SampleConsole.Info("recipe", Describe(s, c) + $", ensemble of {run.Ensemble}");
        ClassifierModel? current = null, first = null;
        ExponentialDecay? memberSchedule = null;
        Action<Tensor<float>, Tensor<float>>? memberAugment = null;
        TrainingHistory? firstHistory = null;
        var validationProbabilities = new List<Tensor<float>>();
        var result = TrainingConsole.Run(reporter => Ensemble.Train(run.Ensemble, c.Seed, (i, seed) =>
            {
                reporter.Label = $"member {i + 1}/{run.Ensemble}";
                var (model, lr) = CreateModel(s, seed);
                current = model;
                memberSchedule = new ExponentialDecay(lr, s.LearningRateDecay);
                memberAugment = s.Augmentation.CreateAugment(seed);
                return model;
            }, train, data.Validation, data.Test,
            reporter.Attach(options with
            {
                LearningRateSchedule = epoch => memberSchedule!.Apply(epoch - 1),
                Augment = s.Augmentation.OnTheFly is null ? null : (source, destination) => memberAugment!(source, destination),
            }),
            (i, r, accuracy) =>
            {
                if (i == 0) { first = current; firstHistory = r.History; }
                else ParamsFile.Save(current!.Network, Path.Combine(c.OutputDirectory, Invariant($"model-{i + 1}.npz")));
                if (data.Validation is { Count: > 0 } validation) validationProbabilities.Add(Predictions.Probabilities(current!, validation.Inputs));
                Console.WriteLine($"member {i + 1}: test accuracy {100 * accuracy:F2}% (best epoch {r.BestEpoch}, {Seconds(r)} s per epoch)");
            }));
        WriteEnsembleTable(c.OutputDirectory, new EnsembleScores(result.MemberTestAccuracies, result.VoteAccuracy, result.MeanAccuracy),
            Scores(validationProbabilities, data.Validation));
        WriteOutputs(c.OutputDirectory, s, first!, firstHistory!, data.Test, result.MeanLabels);
        SampleConsole.Info("written", $"{c.OutputDirectory}: {string.Join(", ", OutputFiles)} (member 1; submission.csv from the mean probability), "
            + $"model-2.npz..model-{run.Ensemble}.npz, ensemble.csv");
        return 0;
    }

    // The lecture's ensemble, assembled from members trained by separate runs (which may run at different times).
    private static int RunCombine(RunSettings run, MnistDataset data)
    {
        var c = run.Common;
        var paths = run.Combine!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (paths.Length < 2) throw new ArgumentException($"--combine needs at least two model files, got {paths.Length}");
        SampleConsole.Info("combine", $"{paths.Length} saved {run.Cnn.Architecture} networks on {data.Test.Count} test images");
        var truth = data.Test.Labels.AsReadOnlySpan();
        var probabilities = new List<Tensor<float>>();
        var validationProbabilities = new List<Tensor<float>>();
        foreach (var path in paths)
        {
            var (model, _) = CreateModel(run.Cnn, c.Seed);
            ParamsFile.Load(model.Network, path);
            var p = Predictions.Probabilities(model, data.Test.Inputs);
            probabilities.Add(p);
            if (data.Validation is { Count: > 0 } validation) validationProbabilities.Add(Predictions.Probabilities(model, validation.Inputs));
            Console.WriteLine($"member {probabilities.Count}: {path}: test accuracy {Percent(Predictions.Accuracy(Predictions.ArgMax(p), truth))}");
        }
        int[] mean = Predictions.ArgMax(EnsembleCombiner.MeanProbabilities(probabilities));
        WriteEnsembleTable(c.OutputDirectory, Scores(probabilities, data.Test)!, Scores(validationProbabilities, data.Validation));
        int wrong = NetworkImages.SaveMisclassified(data.Test.Inputs, truth, mean, Path.Combine(c.OutputDirectory, "misclassified.png"));
        KaggleSubmission.Write(Path.Combine(c.OutputDirectory, "submission.csv"), mean);
        SampleConsole.Info("misclassified", $"{wrong} of {data.Test.Count} (mean probability)");
        SampleConsole.Info("written", $"{c.OutputDirectory}: ensemble.csv, misclassified.png, submission.csv (mean probability)");
        return 0;
    }

    // The accuracies of an ensemble's members and of its two combinations on one set.
    private sealed record EnsembleScores(IReadOnlyList<double> Members, double Vote, double Mean);

    // The scores of the members' probabilities on a set; null without the set or its probabilities (no validation set
    // with --keras-split, so none were computed).
    private static EnsembleScores? Scores(IReadOnlyList<Tensor<float>> members, LabeledData? set)
    {
        if (set is null || members.Count == 0) return null;
        var truth = set.Labels.AsReadOnlySpan();
        var accuracies = new List<double>();
        foreach (var p in members) accuracies.Add(Predictions.Accuracy(Predictions.ArgMax(p), truth));
        return new EnsembleScores(accuracies, Predictions.Accuracy(EnsembleCombiner.MajorityVote(members), truth),
            Predictions.Accuracy(Predictions.ArgMax(EnsembleCombiner.MeanProbabilities(members)), truth));
    }

    private static void WriteEnsembleTable(string directory, EnsembleScores test, EnsembleScores? validation)
    {
        SampleConsole.Heading("Ensemble");
        var rows = new List<IReadOnlyList<string>>();
        for (int i = 0; i < test.Members.Count; i++) rows.Add(Row($"member {i + 1}", s => s.Members[i]));
        rows.Add(Row("majority vote", s => s.Vote));
        rows.Add(Row("mean probability", s => s.Mean));
        SampleConsole.Table(validation is null ? ["combination", "test accuracy"] : ["combination", "validation accuracy", "test accuracy"], rows);
        var lines = new List<string> { validation is null ? "combination,test_accuracy" : "combination,validation_accuracy,test_accuracy" };
        foreach (var row in rows) lines.Add(string.Join(',', row.Select(cell => cell.TrimEnd('%'))));
        AtomicFile.WriteAllText(Path.Combine(directory, "ensemble.csv"), string.Join('\n', lines) + "\n");

        IReadOnlyList<string> Row(string name, Func<EnsembleScores, double> score) =>
            validation is null ? [name, Percent(score(test))] : [name, Percent(score(validation)), Percent(score(test))];
    }

    private static string Percent(double accuracy) => (100 * accuracy).ToString("F2", s_inv) + "%";

    private static string Describe(CnnSettings s, CommonSettings c) =>
        Invariant($"{s.Architecture} CNN, {s.Update} lr {s.LearningRate}") +
        (s.Update is "momentum" or "nesterov" ? Invariant($" momentum {s.Momentum}") : "") +
        (s.LearningRateDecay != 1 ? Invariant($" x{s.LearningRateDecay} per epoch") : "") +
        (s.L2 > 0 ? Invariant($", L2 {s.L2}") : "") + (s.Dropout > 0 ? Invariant($", dropout {s.Dropout}") : "") +
        $", augmentation: {s.Augmentation}" + Invariant($", batch {s.BatchSize}, up to {s.Epochs} epochs, seed {c.Seed}");

    // The epoch's training pass alone (the epoch's seconds also include the validation pass).
    private static string TrainingSeconds(TrainingResult r, int count) =>
        (r.History.Epochs.Count == 0 ? 0 : r.History.Epochs.Average(e => count / Math.Max(e.SamplesPerSecond, 1e-9))).ToString("F2", s_inv);

    private static string Seconds(TrainingResult r) =>
        (r.History.Epochs.Count == 0 ? 0 : r.History.Epochs.Average(e => e.Seconds)).ToString("F2", s_inv);
}
