using NeuralCore.Layers;
using Spectre.Console;

namespace NeuralCore.Samples.Common;

/// <summary>Console helpers shared by the samples: headings, the model summary, key/value lines, and tables that
/// degrade to plain text when the output is redirected.</summary>
public static class SampleConsole
{
    /// <summary>Writes a heading (a rule on a terminal, a plain line otherwise).</summary>
    public static void Heading(string text)
    {
        if (TrainingConsole.IsInteractive) AnsiConsole.Write(new Rule(Markup.Escape(text)) { Justification = Justify.Left });
        else Console.WriteLine($"== {text} ==");
    }

    /// <summary>Prints the Lasagne-style model summary of <paramref name="network"/> (layers, output shapes,
    /// parameter counts) and the total parameter count.</summary>
    public static void PrintModelSummary(Layer network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Heading("Model");
        Console.Write(ModelSummary.Create(network));
        Console.WriteLine();
    }

    /// <summary>Writes "name: value".</summary>
    public static void Info(string name, string value)
    {
        if (TrainingConsole.IsInteractive) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(name)}:[/] {Markup.Escape(value)}");
        else Console.WriteLine($"{name}: {value}");
    }

    /// <summary>Says whether the run resumes from its checkpoint or starts one (nothing without --checkpoint).</summary>
    public static void CheckpointLine(CommonSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.CheckpointPath is not { } path) return;
        Info("checkpoint", File.Exists(path) ? $"resuming the interrupted run saved in {path}" : $"the training state is saved to {path} after every epoch");
    }

    /// <summary>Writes a table (Spectre table on a terminal, aligned text otherwise).</summary>
    public static void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var materialized = rows.ToList();
        if (TrainingConsole.IsInteractive)
        {
            var table = new Table();
            foreach (var h in header) table.AddColumn(Markup.Escape(h));
            foreach (var r in materialized) table.AddRow(r.Select(Markup.Escape).ToArray());
            AnsiConsole.Write(table);
            return;
        }
        var widths = header.Select(h => h.Length).ToArray();
        foreach (var r in materialized) for (int i = 0; i < Math.Min(r.Count, widths.Length); i++) widths[i] = Math.Max(widths[i], r[i].Length);
        Console.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))));
        foreach (var r in materialized) Console.WriteLine(string.Join("  ", r.Select((c, i) => c.PadRight(i < widths.Length ? widths[i] : 0))));
    }
}
