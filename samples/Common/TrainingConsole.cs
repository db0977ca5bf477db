using System.Globalization;
using NeuralCore.Layers.Training;
using Spectre.Console;

namespace NeuralCore.Samples.Common;

/// <summary>
/// Renders the training loop's progress with Spectre.Console: on a terminal a live progress bar per epoch
/// (batches, samples/s, running loss, ETA) with a table line written above it when each epoch ends; when the
/// output is redirected (or not interactive), plain text lines instead.
/// </summary>
public static class TrainingConsole
{
    /// <summary>Whether the console is an interactive terminal (live progress bars) rather than redirected
    /// output (plain lines).</summary>
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive
        && AnsiConsole.Profile.Capabilities.Ansi;

    /// <summary>The per-epoch table header (matches <see cref="FormatEpoch"/>).</summary>
    public static string EpochHeader => string.Format(CultureInfo.InvariantCulture, "{0,5} {1,10} {2,9} {3,10} {4,9} {5,10} {6,8} {7,11}",
        "epoch", "train loss", "train acc", "val loss", "val acc", "lr", "seconds", "samples/s");

    /// <summary>One epoch as a fixed-width table line.</summary>
    public static string FormatEpoch(EpochRecord e) => string.Format(CultureInfo.InvariantCulture,
        "{0,5} {1,10:F4} {2,8:F2}% {3,10} {4,9} {5,10} {6,8:F1} {7,11:N0}", e.Epoch, e.TrainLoss, 100 * e.TrainAccuracy,
        e.ValidationLoss is double vl ? vl.ToString("F4", CultureInfo.InvariantCulture) : "-",
        e.ValidationAccuracy is double va ? (100 * va).ToString("F2", CultureInfo.InvariantCulture) + "%" : "-",
        e.LearningRate is double lr ? lr.ToString("G4", CultureInfo.InvariantCulture) : "-", e.Seconds, e.SamplesPerSecond);

    /// <summary>Runs <paramref name="train"/> (which should pass the reporter to
    /// <see cref="TrainingOptions.BatchProgress"/> and <see cref="TrainingOptions.EpochEnd"/>, e.g. with
    /// <see cref="TrainingReporter.Attach"/>) while rendering its progress, and returns its result.</summary>
    public static TResult Run<TResult>(Func<TrainingReporter, TResult> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (!IsInteractive)
        {
            var plain = new TrainingReporter(null);
            return train(plain);
        }
        TResult result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .Start(context => { result = train(new TrainingReporter(context)); });
        return result;
    }
}

/// <summary>Receives the training loop's reports and draws them: a live task per epoch when created by
/// <see cref="TrainingConsole.Run{TResult}"/> on a terminal, plain lines otherwise.</summary>
public sealed class TrainingReporter : IProgress<BatchProgress>, IProgress<EpochRecord>
{
    private readonly ProgressContext? _context;
    private ProgressTask? _task;
    private int _taskEpoch;
    private bool _headerWritten;
    private DateTime _lastPlainLine = DateTime.MinValue;

    internal TrainingReporter(ProgressContext? context) => _context = context;

    /// <summary>Minimum time between two plain batch lines when the output is redirected (default 10 s; epoch lines
    /// are always written).</summary>
    public TimeSpan PlainBatchInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A label written before each table line (e.g. "member 2", "trial 3"), or null.</summary>
    public string? Label { get; set; }

    /// <summary>The options with this reporter as batch and epoch sink.</summary>
    public TrainingOptions Attach(TrainingOptions options) => (options ?? throw new ArgumentNullException(nameof(options))) with { BatchProgress = this, EpochEnd = this };

    /// <inheritdoc/>
    public void Report(BatchProgress value)
    {
        string text = string.Format(CultureInfo.InvariantCulture, "epoch {0}/{1}  batch {2}/{3}  loss {4:F4}  acc {5:F2}%  {6:N0} samples/s  ETA {7:mm\\:ss}",
            value.Epoch, value.Epochs, value.Batch, value.Batches, value.RunningLoss, 100 * value.RunningAccuracy, value.SamplesPerSecond, value.Remaining);
        if (_context is null)
        {
            if (value.Batch < value.Batches && DateTime.UtcNow - _lastPlainLine >= PlainBatchInterval)
            {
                _lastPlainLine = DateTime.UtcNow;
                Console.WriteLine(Prefix() + text);
            }
            return;
        }
        if (_task is null || _taskEpoch != value.Epoch)
        {
            _task?.StopTask();
            _task = _context.AddTask(Markup.Escape(text), maxValue: value.Batches);
            _taskEpoch = value.Epoch;
        }
        _task.Description = Markup.Escape(Prefix() + text);
        _task.Value = value.Batch;
    }

    /// <inheritdoc/>
    public void Report(EpochRecord value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_headerWritten)
        {
            WriteLine(Prefix() + TrainingConsole.EpochHeader);
            _headerWritten = true;
        }
        WriteLine(Prefix() + TrainingConsole.FormatEpoch(value));
        if (_task is not null && _taskEpoch == value.Epoch) { _task.StopTask(); _task = null; }
    }

    private string Prefix() => Label is null ? "" : Label + "  ";

    private void WriteLine(string line)
    {
        if (_context is null) Console.WriteLine(line);
        else AnsiConsole.MarkupLine(Markup.Escape(line));
    }
}
