using System.CommandLine;

namespace NeuralCore.Samples.Common;

/// <summary>The values of <see cref="CommonOptions"/> after parsing.</summary>
/// <param name="DataDirectory">--data DIR, or null to search the usual places.</param>
/// <param name="Epochs">--epochs.</param>
/// <param name="BatchSize">--batch-size.</param>
/// <param name="Seed">--seed.</param>
/// <param name="OutputDirectory">--output (created).</param>
/// <param name="Checkpoint">--checkpoint: make the training resumable through <see cref="CheckpointPath"/>.</param>
public sealed record CommonSettings(string? DataDirectory, int Epochs, int BatchSize, ulong Seed, string OutputDirectory, bool Checkpoint = false)
{
    /// <summary>The checkpoint file name inside the output directory.</summary>
    public const string CheckpointFile = "checkpoint.npz";

    /// <summary>The value for <see cref="NeuralCore.Layers.Training.TrainingOptions.CheckpointPath"/>: the output directory's
    /// checkpoint.npz with --checkpoint, else null.</summary>
    public string? CheckpointPath => Checkpoint ? Path.Combine(OutputDirectory, CheckpointFile) : null;
}

/// <summary>The options every sample shares: <c>--data</c>, <c>--epochs</c>, <c>--batch-size</c>, <c>--seed</c>,
/// <c>--output</c>, <c>--checkpoint</c>. Create with the sample's defaults, add to the root command, read after parsing.</summary>
public sealed class CommonOptions
{
    /// <summary>Creates the options with the sample's defaults.</summary>
    public CommonOptions(int epochs, int batchSize, string outputDirectory, ulong seed = 1)
    {
        Data = new Option<string?>("--data") { Description = "Directory holding the dataset files (default: NEURALCORE_DATA, ../shared/data, the user cache, else download)" };
        Epochs = new Option<int>("--epochs") { Description = "Maximum number of epochs", DefaultValueFactory = _ => epochs };
        BatchSize = new Option<int>("--batch-size") { Description = "Training examples per minibatch", DefaultValueFactory = _ => batchSize };
        Seed = new Option<ulong>("--seed") { Description = "Seed of weights, dropout and shuffling", DefaultValueFactory = _ => seed };
        Output = new Option<string>("--output") { Description = "Directory for the history, plots, predictions and model", DefaultValueFactory = _ => outputDirectory };
        Checkpoint = new Option<bool>("--checkpoint") { Description = $"Save the whole training state to {CommonSettings.CheckpointFile} in the output directory after every epoch, and resume from it when it is there: an interrupted run continues exactly where it stopped (run the same command again; --epochs may be raised). Deleted when training ends" };
        Epochs.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--epochs must be at least 1"); });
        BatchSize.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--batch-size must be at least 1"); });
    }

    /// <summary>--data DIR.</summary>
    public Option<string?> Data { get; }
    /// <summary>--epochs N.</summary>
    public Option<int> Epochs { get; }
    /// <summary>--batch-size N.</summary>
    public Option<int> BatchSize { get; }
    /// <summary>--seed N.</summary>
    public Option<ulong> Seed { get; }
    /// <summary>--output DIR.</summary>
    public Option<string> Output { get; }
    /// <summary>--checkpoint.</summary>
    public Option<bool> Checkpoint { get; }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Data);
        command.Options.Add(Epochs);
        command.Options.Add(BatchSize);
        command.Options.Add(Seed);
        command.Options.Add(Output);
        command.Options.Add(Checkpoint);
    }

    /// <summary>Reads the parsed values and creates the output directory.</summary>
    public CommonSettings Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var output = Path.GetFullPath(result.GetValue(Output)!);
        Directory.CreateDirectory(output);
        return new CommonSettings(result.GetValue(Data), result.GetValue(Epochs), result.GetValue(BatchSize), result.GetValue(Seed), output, result.GetValue(Checkpoint));
    }
}
