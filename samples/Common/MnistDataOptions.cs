using System.CommandLine;
using NeuralCore.Layers.Data;

namespace NeuralCore.Samples.Common;

/// <summary>The MNIST samples' data options: <c>--keras-split</c> and the <c>--max-train</c>,
/// <c>--max-validation</c>, <c>--max-test</c> limits (for quick runs). Add to the root command, then load with
/// <see cref="Load"/>.</summary>
public sealed class MnistDataOptions
{
    /// <summary>--keras-split: all 60,000 images for training instead of the Lasagne 50,000 + 10,000 split.</summary>
    public Option<bool> KerasSplit { get; } = new("--keras-split") { Description = "Train on all 60,000 images (Keras) instead of 50,000 + 10,000 validation (Lasagne)" };
    /// <summary>--max-train N.</summary>
    public Option<int?> MaxTrain { get; } = new("--max-train") { Description = "Use only the first N training images" };
    /// <summary>--max-validation N.</summary>
    public Option<int?> MaxValidation { get; } = new("--max-validation") { Description = "Use only the first N validation images" };
    /// <summary>--max-test N.</summary>
    public Option<int?> MaxTest { get; } = new("--max-test") { Description = "Use only the first N test images" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(KerasSplit);
        command.Options.Add(MaxTrain);
        command.Options.Add(MaxValidation);
        command.Options.Add(MaxTest);
    }

    /// <summary>Reads the parsed values.</summary>
    public MnistDataSettings Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new MnistDataSettings(parse.GetValue(KerasSplit), parse.GetValue(MaxTrain), parse.GetValue(MaxValidation), parse.GetValue(MaxTest));
    }
}

/// <summary>The values of <see cref="MnistDataOptions"/> after parsing.</summary>
/// <param name="KerasSplit">--keras-split.</param>
/// <param name="MaxTrain">--max-train, or null for all.</param>
/// <param name="MaxValidation">--max-validation, or null for all.</param>
/// <param name="MaxTest">--max-test, or null for all.</param>
public sealed record MnistDataSettings(bool KerasSplit, int? MaxTrain, int? MaxValidation, int? MaxTest)
{
    /// <summary>Loads MNIST with these settings from <paramref name="dataDirectory"/> (null: the usual places),
    /// reporting download progress on standard error.</summary>
    public MnistDataset Load(string? dataDirectory, ImageLayout layout) => MnistDataset.Load(new MnistOptions
    {
        DataDirectory = dataDirectory,
        Layout = layout,
        Split = KerasSplit ? MnistSplit.Keras : MnistSplit.Lasagne,
        MaxTrain = MaxTrain,
        MaxValidation = MaxValidation,
        MaxTest = MaxTest,
        Progress = new Progress<DownloadProgress>(p => Console.Error.WriteLine(p.ToString())),
    });
}
