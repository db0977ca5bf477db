using System.Globalization;
using System.Text.Json;
using NeuralCore.Layers.Training;

namespace NeuralCore.Samples.Tests;

public sealed class HistoryTests
{
    private static TrainingHistory Sample()
    {
        var h = new TrainingHistory();
        h.Add(new EpochRecord(1, 0.5, 0.85, 0.4, 0.88, 0.1, 2.5, 20000));
        h.Add(new EpochRecord(2, 0.25, 0.925, null, null, null, 1.25, 40000.5));
        return h;
    }

    [Fact]
    public void CsvHasTheHeaderAndOneInvariantCultureRowPerEpoch()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");   // decimal comma must not leak into the file
        try
        {
            var lines = Sample().ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, lines.Length);
            Assert.Equal("epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,seconds,samples_per_second", lines[0]);
            Assert.Equal("1,0.5,0.85,0.4,0.88,0.1,2.5,20000", lines[1]);
            Assert.Equal("2,0.25,0.925,,,,1.25,40000.5", lines[2]);
        }
        finally { CultureInfo.CurrentCulture = previous; }
    }

    [Fact]
    public void JsonHasAnEpochsArrayWithCamelCaseFieldsAndRoundTrips()
    {
        var json = Sample().ToJson();
        using var doc = JsonDocument.Parse(json);
        var epochs = doc.RootElement.GetProperty("epochs");
        Assert.Equal(2, epochs.GetArrayLength());
        Assert.Equal(0.88, epochs[0].GetProperty("validationAccuracy").GetDouble());
        Assert.Equal(20000, epochs[0].GetProperty("samplesPerSecond").GetDouble());
        Assert.Equal(JsonValueKind.Null, epochs[1].GetProperty("validationLoss").ValueKind);
        var back = TrainingHistory.FromJson(json);
        Assert.Equal(Sample().Epochs, back.Epochs);
    }

    [Fact]
    public void DivergedRunsWithNaNLossesStillExport()
    {
        var h = new TrainingHistory();
        h.Add(new EpochRecord(1, double.NaN, 0.1, double.PositiveInfinity, 0.1, 0.5, 1, 1));
        Assert.Contains("\"trainLoss\": \"NaN\"", h.ToJson());
        Assert.Equal("1,NaN,0.1,∞,0.1,0.5,1,1".Replace("∞", double.PositiveInfinity.ToString("R", CultureInfo.InvariantCulture)),
            h.ToCsv().Split('\n')[1]);
        Assert.True(double.IsNaN(TrainingHistory.FromJson(h.ToJson()).Epochs[0].TrainLoss));
    }

    [Fact]
    public void SavesAtomicallyWithoutLeavingTemporaryFiles()
    {
        var dir = Directory.CreateTempSubdirectory("nc-history-").FullName;
        try
        {
            var path = Path.Combine(dir, "sub", "history.csv");
            Sample().SaveCsv(path);
            Sample().SaveJson(Path.Combine(dir, "sub", "history.json"));
            Assert.Equal(Sample().ToCsv(), File.ReadAllText(path));
            Assert.Equal(["history.csv", "history.json"], Directory.GetFiles(Path.Combine(dir, "sub")).Select(p => Path.GetFileName(p)!).Order().ToArray());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void KaggleSubmissionHasTheHeaderAndOneBasedImageIds()
    {
        var text = KaggleSubmission.Format([7, 2, 1, 0]);
        Assert.Equal("ImageId,Label\n1,7\n2,2\n3,1\n4,0\n", text);
        Assert.Throws<ArgumentException>(() => KaggleSubmission.Format([3, -1]));
    }
}
