using System.Globalization;
using NeuralCore.Layers.Training;

namespace NeuralCore.Samples.Tests;

public sealed class HyperparameterSearchTests
{
    [Fact]
    public void GridEnumeratesEveryCombinationWithTheLastRangeFastest()
    {
        var grid = HyperparameterSearch.Grid(
        [
            HyperparameterRange.LogUniform("learning-rate", 0.001, 0.1, gridPoints: 3),
            HyperparameterRange.Choice("hidden", "100", "800,800"),
        ]);
        string[] expected = ["learning-rate=0.001 hidden=100", "learning-rate=0.001 hidden=800,800", "learning-rate=0.01 hidden=100",
            "learning-rate=0.01 hidden=800,800", "learning-rate=0.1 hidden=100", "learning-rate=0.1 hidden=800,800"];
        Assert.Equal(expected, grid.Select(c => c.ToString()).ToArray());
        Assert.Equal(["0", "0.25", "0.5"], HyperparameterRange.Uniform("dropout", 0, 0.5).GridValues());
        Assert.Equal(["2", "3", "4"], HyperparameterRange.IntUniform("layers", 2, 4, gridPoints: 5).GridValues());
    }

    [Fact]
    public void RandomSearchIsSeededAndStaysInsideTheRanges()
    {
        HyperparameterRange[] ranges =
        [
            HyperparameterRange.LogUniform("learning-rate", 1e-4, 1e-1),
            HyperparameterRange.Uniform("dropout", 0.1, 0.5),
            HyperparameterRange.Choice("hidden", "50", "100"),
        ];
        var a = HyperparameterSearch.Random(ranges, 200, seed: 7);
        var b = HyperparameterSearch.Random(ranges, 200, seed: 7);
        Assert.Equal(a.Select(c => c.ToString()), b.Select(c => c.ToString()));
        Assert.NotEqual(a.Select(c => c.ToString()), HyperparameterSearch.Random(ranges, 200, seed: 8).Select(c => c.ToString()));
        int belowMillesimal = 0;
        foreach (var c in a)
        {
            double lr = c.GetDouble("learning-rate"), dropout = c.GetDouble("dropout");
            Assert.InRange(lr, 1e-4, 1e-1);
            Assert.InRange(dropout, 0.1, 0.5);
            Assert.Contains(c["hidden"], new[] { "50", "100" });
            if (lr < 1e-3) belowMillesimal++;
        }
        // Log scale: a third of the draws fall in [1e-4, 1e-3) (a linear scale would give about 1%).
        Assert.InRange(belowMillesimal, 40, 95);
    }

    [Fact]
    public void ConfigurationRendersAsTheCommandLineThatReproducesIt()
    {
        var c = new HyperparameterConfiguration([new("learning-rate", "0.003"), new("hidden", "800,800"), new("note", "two words")]);
        Assert.Equal("dotnet run --project samples/Mnist.Mlp -- --update adam --learning-rate 0.003 --hidden 800,800 --note 'two words'",
            c.ToCommandLine("dotnet run --project samples/Mnist.Mlp --", ["--update", "adam"]));
        Assert.Throws<ArgumentException>(() => new HyperparameterConfiguration([new("a", "1"), new("a", "2")]));
    }

    [Fact]
    public void RunSortsResultsByValidationAccuracyBestFirst()
    {
        var configurations = HyperparameterSearch.Grid([HyperparameterRange.Choice("score", "0.5", "0.9", "0.7", "0.9")]);
        var results = HyperparameterSearch.Run(configurations, c =>
        {
            double score = c.GetDouble("score");
            var history = new TrainingHistory();
            history.Add(new EpochRecord(1, 1, 0.5, 1 - score, score, 0.1, 1, 1));
            return new TrainingResult(history, 1, score, 1 - score, false, false, 1);
        });
        Assert.Equal([0.9, 0.9, 0.7, 0.5], results.Select(r => r.ValidationAccuracy).ToArray());
        Assert.Same(configurations[1], results[0].Configuration);   // stable: the earlier of the tie first
        Assert.Equal(0.1, results[0].ValidationLoss, 12);
        _ = CultureInfo.InvariantCulture;
    }
}
