using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuralCore.Layers.Training;

/// <summary>
/// Every epoch of a training run, in order, exportable as CSV (one row per epoch) and JSON
/// (<c>{"epochs":[{...}]}</c>, camelCase names), both written atomically.
/// </summary>
public sealed class TrainingHistory
{
    /// <summary>The CSV header, in column order.</summary>
    public const string CsvHeader = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,seconds,samples_per_second";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // A diverged run has NaN or infinite losses; they are written as "NaN"/"Infinity" rather than failing the export.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly List<EpochRecord> _epochs = [];

    /// <summary>The recorded epochs.</summary>
    public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>Appends an epoch.</summary>
    public void Add(EpochRecord record) => _epochs.Add(record ?? throw new ArgumentNullException(nameof(record)));

    /// <summary>The history as CSV: <see cref="CsvHeader"/> then one line per epoch, invariant culture, empty
    /// fields for missing validation figures or learning rate.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.Append(CsvHeader).Append('\n');
        foreach (var e in _epochs)
        {
            sb.Append(e.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Format(e.TrainLoss)).Append(',').Append(Format(e.TrainAccuracy)).Append(',')
              .Append(Format(e.ValidationLoss)).Append(',').Append(Format(e.ValidationAccuracy)).Append(',')
              .Append(Format(e.LearningRate)).Append(',').Append(Format(e.Seconds)).Append(',')
              .Append(Format(e.SamplesPerSecond)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The history as JSON: an object with an <c>epochs</c> array of records.</summary>
    public string ToJson() => JsonSerializer.Serialize(new HistoryDocument(_epochs), s_json);

    /// <summary>Parses JSON written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">When the text is not such a document.</exception>
    public static TrainingHistory FromJson(string json)
    {
        var document = JsonSerializer.Deserialize<HistoryDocument>(json, s_json) ?? throw new JsonException("training history: empty document");
        var history = new TrainingHistory();
        foreach (var e in document.Epochs ?? throw new JsonException("training history: no 'epochs' array")) history.Add(e);
        return history;
    }

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> atomically.</summary>
    public void SaveCsv(string path) => AtomicFile.WriteAllText(path, ToCsv());

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> atomically.</summary>
    public void SaveJson(string path) => AtomicFile.WriteAllText(path, ToJson());

    private static string Format(double? value) => value is double v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private sealed record HistoryDocument(IReadOnlyList<EpochRecord> Epochs);
}
