using NeuralCore.Tensors;

namespace NeuralCore.Layers.Training;

/// <summary>One trial of a hyper-parameter search.</summary>
/// <param name="Configuration">The hyper-parameters tried.</param>
/// <param name="ValidationAccuracy">Best validation accuracy of the trial.</param>
/// <param name="ValidationLoss">Validation loss at that epoch.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="Seconds">Wall-clock seconds of the trial.</param>
public sealed record SearchResult(HyperparameterConfiguration Configuration, double ValidationAccuracy, double ValidationLoss, int Epochs, double Seconds);

/// <summary>Hyper-parameter search on the validation set, as the lecture recommends: grid search (every
/// combination) or random search (independent draws) over named ranges, with short trial runs and the results
/// sorted by validation accuracy.</summary>
public static class HyperparameterSearch
{
    /// <summary>Every combination of the ranges' grid values; the last range varies fastest.</summary>
    /// <exception cref="ArgumentException">When there are no ranges or two share a name.</exception>
    public static IReadOnlyList<HyperparameterConfiguration> Grid(IReadOnlyList<HyperparameterRange> ranges)
    {
        CheckRanges(ranges);
        var grids = new IReadOnlyList<string>[ranges.Count];
        for (int i = 0; i < grids.Length; i++) grids[i] = ranges[i].GridValues();
        var configurations = new List<HyperparameterConfiguration>();
        var index = new int[ranges.Count];
        while (true)
        {
            var pairs = new KeyValuePair<string, string>[ranges.Count];
            for (int i = 0; i < pairs.Length; i++) pairs[i] = new(ranges[i].Name, grids[i][index[i]]);
            configurations.Add(new HyperparameterConfiguration(pairs));
            int axis = ranges.Count - 1;
            while (axis >= 0 && ++index[axis] == grids[axis].Count) index[axis--] = 0;
            if (axis < 0) return configurations;
        }
    }

    /// <summary><paramref name="count"/> configurations, each range drawn independently with a generator seeded by
    /// <paramref name="seed"/> (same seed, same configurations).</summary>
    /// <exception cref="ArgumentException">When there are no ranges or two share a name.</exception>
    public static IReadOnlyList<HyperparameterConfiguration> Random(IReadOnlyList<HyperparameterRange> ranges, int count, ulong seed)
    {
        CheckRanges(ranges);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new RandomGenerator(seed);
        var configurations = new List<HyperparameterConfiguration>(count);
        for (int c = 0; c < count; c++)
        {
            var pairs = new KeyValuePair<string, string>[ranges.Count];
            for (int i = 0; i < pairs.Length; i++) pairs[i] = new(ranges[i].Name, ranges[i].Sample(random));
            configurations.Add(new HyperparameterConfiguration(pairs));
        }
        return configurations;
    }

    /// <summary>Runs <paramref name="trial"/> on each configuration and returns the results sorted by validation
    /// accuracy, best first (ties keep the trial order).</summary>
    /// <param name="configurations">The configurations to try.</param>
    /// <param name="trial">Builds, trains (briefly) and returns the training result of one configuration; it needs
    /// a validation set.</param>
    /// <param name="trialDone">Receives each result as soon as its trial ends, or null.</param>
    /// <exception cref="InvalidOperationException">When a trial reports no validation accuracy.</exception>
    public static IReadOnlyList<SearchResult> Run(IReadOnlyList<HyperparameterConfiguration> configurations,
        Func<HyperparameterConfiguration, TrainingResult> trial, IProgress<SearchResult>? trialDone = null)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(trial);
        var results = new List<SearchResult>(configurations.Count);
        foreach (var configuration in configurations)
        {
            var r = trial(configuration);
            var result = new SearchResult(configuration,
                r.BestValidationAccuracy ?? throw new InvalidOperationException($"HyperparameterSearch: trial {configuration} has no validation accuracy; search needs a validation set"),
                r.BestValidationLoss ?? double.NaN, r.History.Epochs.Count, r.Seconds);
            results.Add(result);
            trialDone?.Report(result);
        }
        return Sort(results);
    }

    /// <summary>The results sorted by validation accuracy, best first, stable.</summary>
    public static IReadOnlyList<SearchResult> Sort(IEnumerable<SearchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var list = new List<SearchResult>(results);
        var order = new int[list.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            int c = list[b].ValidationAccuracy.CompareTo(list[a].ValidationAccuracy);
            return c != 0 ? c : a.CompareTo(b);
        });
        var sorted = new SearchResult[order.Length];
        for (int i = 0; i < order.Length; i++) sorted[i] = list[order[i]];
        return sorted;
    }

    private static void CheckRanges(IReadOnlyList<HyperparameterRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (ranges.Count == 0) throw new ArgumentException("HyperparameterSearch: at least one range is required", nameof(ranges));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in ranges)
            if (!names.Add((r ?? throw new ArgumentNullException(nameof(ranges))).Name))
                throw new ArgumentException($"HyperparameterSearch: two ranges are named '{r.Name}'", nameof(ranges));
    }
}
