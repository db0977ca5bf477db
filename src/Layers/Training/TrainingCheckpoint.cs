using System.Globalization;
using NeuralCore.Autodiff;
using NeuralCore.Tensors;
using NeuralCore.Tensors.Io;

namespace NeuralCore.Layers.Training;

/// <summary>
/// The file behind <see cref="TrainingOptions.CheckpointPath"/>: what <see cref="Trainer.Fit"/> needs to continue a run
/// exactly where it stopped, as one .npz archive (readable by numpy) written atomically after every epoch:
/// <c>meta</c> (int32: format version, completed epochs, best epoch or 0, early stopping's best epoch and epochs without
/// improvement), <c>stopping_best</c> (float64: early stopping's best value), <c>history</c> (float64, one row per
/// epoch in <see cref="TrainingHistory.CsvHeader"/> order, NaN for a missing figure), <c>random</c> (int32, one row per
/// random stream: seed and position, each as low and high 32-bit halves) and the tensors <c>param_i</c> (every network
/// parameter), <c>optimizer_i</c> (<see cref="ClassifierModel.OptimizerState"/>) and <c>best_i</c> (the best epoch's
/// parameters, when they are kept).
/// </summary>
internal sealed class TrainingCheckpoint
{
    private const int FormatVersion = 1;
    private const int HistoryColumns = 8;
    private const int MetaLength = 5;

    private readonly Tensor[] _parameters;
    private readonly Tensor[] _optimizerState;
    private readonly Tensor[]? _best;
    private readonly (ulong Seed, ulong Position)[] _streams;
    private readonly double _stoppingBestValue;
    private readonly int _stoppingBestEpoch;
    private readonly int _stoppingEpochsWithoutImprovement;

    private TrainingCheckpoint(EpochRecord[] history, int bestEpoch, Tensor[] parameters, Tensor[] optimizerState, Tensor[]? best,
        (ulong, ulong)[] streams, double stoppingBestValue, int stoppingBestEpoch, int stoppingEpochsWithoutImprovement)
    {
        History = history;
        BestEpoch = bestEpoch;
        _parameters = parameters;
        _optimizerState = optimizerState;
        _best = best;
        _streams = streams;
        _stoppingBestValue = stoppingBestValue;
        _stoppingBestEpoch = stoppingBestEpoch;
        _stoppingEpochsWithoutImprovement = stoppingEpochsWithoutImprovement;
    }

    /// <summary>The completed epochs, in order.</summary>
    public IReadOnlyList<EpochRecord> History { get; }

    /// <summary>The best validation epoch so far, or 0 when there is none.</summary>
    public int BestEpoch { get; }

    /// <summary>The best epoch's parameters, or null when they were not kept.</summary>
    public ParameterSnapshot? Best => _best is null ? null : ParameterSnapshot.FromValues(_best);

    /// <summary>Writes the state of a run after its last completed epoch to <paramref name="path"/>, atomically: the
    /// parameters and optimizer state of <paramref name="model"/>, the positions of <paramref name="streams"/> (every
    /// random generator of the run, in the order <see cref="Apply"/> will be given them), the history, early
    /// stopping's counters and the best epoch (0: none) with its parameters when kept.</summary>
    public static void Save(string path, ClassifierModel model, IReadOnlyList<RandomGenerator> streams, TrainingHistory history,
        EarlyStopping? stopping, ParameterSnapshot? best, int bestEpoch)
    {
        var epochs = history.Epochs;
        var table = new double[epochs.Count * HistoryColumns];
        for (int i = 0; i < epochs.Count; i++)
        {
            var e = epochs[i];
            var row = table.AsSpan(i * HistoryColumns, HistoryColumns);
            row[0] = e.Epoch;
            row[1] = e.TrainLoss;
            row[2] = e.TrainAccuracy;
            row[3] = e.ValidationLoss ?? double.NaN;
            row[4] = e.ValidationAccuracy ?? double.NaN;
            row[5] = e.LearningRate ?? double.NaN;
            row[6] = e.Seconds;
            row[7] = e.SamplesPerSecond;
        }
        var random = new int[streams.Count * 4];
        for (int i = 0; i < streams.Count; i++)
        {
            ulong seed = streams[i].Seed, position = streams[i].Position;
            random[4 * i] = (int)(uint)seed;
            random[4 * i + 1] = (int)(uint)(seed >> 32);
            random[4 * i + 2] = (int)(uint)position;
            random[4 * i + 3] = (int)(uint)(position >> 32);
        }
        int[] meta = [FormatVersion, epochs.Count, bestEpoch, stopping?.BestEpoch ?? 0, stopping?.EpochsWithoutImprovement ?? 0];
        var entries = new List<KeyValuePair<string, Tensor>>
        {
            new("meta", Tensor.FromArray(meta, MetaLength)),
            new("stopping_best", Tensor.FromArray([stopping?.BestValue ?? double.NaN], 1)),
            new("history", Tensor.FromArray(table, epochs.Count, HistoryColumns)),
            new("random", Tensor.FromArray(random, streams.Count, 4)),
        };
        // The live values are written as they are: nothing trains while the file is being written.
        var parameters = LayerGraph.GetAllParams(model.Network);
        for (int i = 0; i < parameters.Count; i++) entries.Add(new(Name("param", i), parameters[i].Value));
        for (int i = 0; i < model.OptimizerState.Count; i++) entries.Add(new(Name("optimizer", i), model.OptimizerState[i].Value));
        if (best is not null)
            for (int i = 0; i < best.Values.Count; i++) entries.Add(new(Name("best", i), best.Values[i]));
        Npz.Save(path, entries);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/>; nothing is applied yet.</summary>
    /// <exception cref="NpyFormatException">When the file is not a readable .npz archive.</exception>
    /// <exception cref="InvalidDataException">When an entry is missing or malformed.</exception>
    public static TrainingCheckpoint Load(string path)
    {
        var named = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in Npz.Load(path)) named[name] = tensor;

        var meta = Entry<int>(named, "meta", path).AsReadOnlySpan();
        if (meta.Length != MetaLength || meta[0] != FormatVersion)
            throw Invalid(path, $"'meta' must hold {MetaLength} numbers starting with format version {FormatVersion}, not [{string.Join(", ", meta.ToArray())}]");
        int completed = meta[1], bestEpoch = meta[2];
        if (completed < 0 || bestEpoch < 0 || bestEpoch > completed)
            throw Invalid(path, $"'meta' says {completed} completed epochs with best epoch {bestEpoch}");

        var table = Entry<double>(named, "history", path);
        if (table.Shape != new Shape(completed, HistoryColumns))
            throw Invalid(path, $"'history' has shape {table.Shape}, expected ({completed}, {HistoryColumns})");
        var history = new EpochRecord[completed];
        var rows = table.AsReadOnlySpan();
        for (int i = 0; i < completed; i++)
        {
            var r = rows.Slice(i * HistoryColumns, HistoryColumns);
            if (r[0] != i + 1) throw Invalid(path, $"'history' row {i} is epoch {r[0]}, expected {i + 1}");
            history[i] = new EpochRecord(i + 1, r[1], r[2], Optional(r[3]), Optional(r[4]), Optional(r[5]), r[6], r[7]);
        }

        var random = Entry<int>(named, "random", path);
        if (random.Rank != 2 || random.Shape[1] != 4) throw Invalid(path, $"'random' has shape {random.Shape}, expected (streams, 4)");
        var halves = random.AsReadOnlySpan();
        var streams = new (ulong, ulong)[random.Shape[0]];
        for (int i = 0; i < streams.Length; i++)
            streams[i] = (Join(halves[4 * i], halves[4 * i + 1]), Join(halves[4 * i + 2], halves[4 * i + 3]));

        double stoppingBest = Entry<double>(named, "stopping_best", path).AsReadOnlySpan() is [var v] ? v
            : throw Invalid(path, "'stopping_best' must hold one number");
        var best = Sequence(named, "best");
        return new TrainingCheckpoint(history, bestEpoch, Sequence(named, "param"), Sequence(named, "optimizer"),
            best.Length == 0 ? null : best, streams, stoppingBest, meta[3], meta[4]);
    }

    /// <summary>Puts the saved parameters, optimizer state, random positions and early-stopping state into this run.
    /// Everything is checked first, so on a mismatch nothing changes.</summary>
    /// <exception cref="ArgumentException">When the checkpoint was written by another network, update rule or seed
    /// (the message names the file and the first mismatch).</exception>
    public void Apply(ClassifierModel model, IReadOnlyList<RandomGenerator> streams, EarlyStopping? stopping, string path)
    {
        string operation = $"resume from '{path}'";
        var parameters = LayerGraph.GetAllParams(model.Network);
        LayerGraph.CheckValues(parameters, _parameters, operation, "saved value");
        if (_best is not null) LayerGraph.CheckValues(parameters, _best, operation, "saved best value");
        if (_optimizerState.Length != model.OptimizerState.Count)
            throw new ArgumentException($"{operation}: the checkpoint holds {_optimizerState.Length} optimizer state values but this update rule keeps {model.OptimizerState.Count}: resume with the update rule that wrote it");
        LayerGraph.CheckValues(model.OptimizerState, _optimizerState, operation, "saved optimizer value");
        if (_streams.Length != streams.Count)
            throw new ArgumentException($"{operation}: the checkpoint holds {_streams.Length} random streams but this run has {streams.Count} (dropout layers, shuffling, augmentation): resume the same network with the same options");
        for (int i = 0; i < streams.Count; i++)
            if (_streams[i].Seed != streams[i].Seed)
                throw new ArgumentException($"{operation}: random stream {i} was seeded with {_streams[i].Seed} but this run's is seeded with {streams[i].Seed}: resume with the seed that wrote the checkpoint");

        LayerGraph.SetAllParamValues(model.Network, _parameters);
        for (int i = 0; i < _optimizerState.Length; i++) model.OptimizerState[i].Value = _optimizerState[i];
        for (int i = 0; i < streams.Count; i++) streams[i].Position = _streams[i].Position;
        stopping?.Restore(_stoppingBestValue, _stoppingBestEpoch, _stoppingEpochsWithoutImprovement);
    }

    private static string Name(string prefix, int index) => prefix + "_" + index.ToString(CultureInfo.InvariantCulture);

    private static double? Optional(double value) => double.IsNaN(value) ? null : value;

    private static ulong Join(int low, int high) => (uint)low | ((ulong)(uint)high << 32);

    private static Tensor<T> Entry<T>(Dictionary<string, Tensor> named, string name, string path) where T : unmanaged, System.Numerics.INumber<T>
    {
        if (!named.TryGetValue(name, out var tensor)) throw Invalid(path, $"the entry '{name}' is missing");
        return tensor as Tensor<T> ?? throw Invalid(path, $"'{name}' holds {tensor.DType.Name()}, expected {DTypes.Of<T>().Name()}");
    }

    // prefix_0, prefix_1, ... up to the first missing index.
    private static Tensor[] Sequence(Dictionary<string, Tensor> named, string prefix)
    {
        var values = new List<Tensor>();
        while (named.TryGetValue(Name(prefix, values.Count), out var tensor)) values.Add(tensor);
        return [.. values];
    }

    private static InvalidDataException Invalid(string path, string problem) => new($"training checkpoint '{path}': {problem}");
}
