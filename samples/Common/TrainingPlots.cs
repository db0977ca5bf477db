using NeuralCore.Layers.Training;

namespace NeuralCore.Samples.Common;

/// <summary>PNG plots of a training history with ScottPlot: loss and accuracy over epochs, training and
/// validation curves, as the tutorial asks students to plot them.</summary>
public static class TrainingPlots
{
    /// <summary>File name of the loss plot written by <see cref="Save"/>.</summary>
    public const string LossFile = "loss.png";
    /// <summary>File name of the accuracy plot written by <see cref="Save"/>.</summary>
    public const string AccuracyFile = "accuracy.png";

    /// <summary>Writes <see cref="LossFile"/> and <see cref="AccuracyFile"/> into <paramref name="directory"/> and
    /// returns their paths.</summary>
    public static (string LossPath, string AccuracyPath) Save(TrainingHistory history, string directory, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        Directory.CreateDirectory(directory);
        var epochs = history.Epochs;
        var x = new double[epochs.Count];
        var trainLoss = new double[epochs.Count];
        var trainAccuracy = new double[epochs.Count];
        var validationLoss = new List<double>();
        var validationAccuracy = new List<double>();
        var validationX = new List<double>();
        for (int i = 0; i < epochs.Count; i++)
        {
            x[i] = epochs[i].Epoch;
            trainLoss[i] = epochs[i].TrainLoss;
            trainAccuracy[i] = 100 * epochs[i].TrainAccuracy;
            if (epochs[i].ValidationLoss is double vl && epochs[i].ValidationAccuracy is double va)
            {
                validationX.Add(epochs[i].Epoch);
                validationLoss.Add(vl);
                validationAccuracy.Add(100 * va);
            }
        }
        string lossPath = Path.Combine(directory, LossFile);
        string accuracyPath = Path.Combine(directory, AccuracyFile);
        SaveCurves(lossPath, title is null ? "Loss" : title + ": loss", "cross-entropy", x, trainLoss, validationX, validationLoss);
        SaveCurves(accuracyPath, title is null ? "Accuracy" : title + ": accuracy", "accuracy (%)", x, trainAccuracy, validationX, validationAccuracy);
        return (lossPath, accuracyPath);
    }

    private static void SaveCurves(string path, string title, string yLabel, double[] x, double[] train, List<double> validationX, List<double> validation)
    {
        var plot = new ScottPlot.Plot();
        var trainLine = plot.Add.Scatter(x, train);
        trainLine.LegendText = "train";
        if (validation.Count > 0)
        {
            var validationLine = plot.Add.Scatter(validationX.ToArray(), validation.ToArray());
            validationLine.LegendText = "validation";
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.ShowLegend();
        ImageFiles.WriteAtomically(path, temporary => plot.SavePng(temporary, 800, 500));
    }
}
