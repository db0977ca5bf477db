using System.Globalization;
using System.Text;

namespace NeuralCore.Layers.Training;

/// <summary>One point of a hyper-parameter search: an ordered list of (name, value) pairs, values as command-line
/// strings.</summary>
public sealed class HyperparameterConfiguration
{
    private readonly KeyValuePair<string, string>[] _values;

    /// <summary>Creates a configuration from (name, value) pairs (names must be distinct).</summary>
    /// <exception cref="ArgumentException">When a name repeats.</exception>
    public HyperparameterConfiguration(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in _values)
            if (!seen.Add(name)) throw new ArgumentException($"HyperparameterConfiguration: '{name}' is given twice", nameof(values));
    }

    /// <summary>The (name, value) pairs in range order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Values => _values;

    /// <summary>The value of <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">When the configuration has no such name.</exception>
    public string this[string name]
    {
        get
        {
            foreach (var (n, v) in _values) if (n == name) return v;
            throw new KeyNotFoundException($"HyperparameterConfiguration: no value named '{name}'");
        }
    }

    /// <summary>Whether the configuration sets <paramref name="name"/>.</summary>
    public bool Contains(string name)
    {
        foreach (var (n, _) in _values) if (n == name) return true;
        return false;
    }

    /// <summary>The value of <paramref name="name"/> as a number (invariant culture).</summary>
    public double GetDouble(string name) => double.Parse(this[name], CultureInfo.InvariantCulture);

    /// <summary>The options of this configuration: <c>--name value</c> for each pair.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var args = new List<string>(_values.Length * 2);
        foreach (var (n, v) in _values) { args.Add("--" + n); args.Add(v); }
        return args;
    }

    /// <summary>The command line that reproduces this configuration: <paramref name="command"/>, then
    /// <paramref name="fixedArguments"/> (options shared by every trial), then <c>--name value</c> per pair; values
    /// with spaces or shell characters are single-quoted.</summary>
    public string ToCommandLine(string command, IEnumerable<string>? fixedArguments = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var sb = new StringBuilder(command);
        if (fixedArguments is not null) foreach (var a in fixedArguments) sb.Append(' ').Append(Quote(a));
        foreach (var a in ToArguments()) sb.Append(' ').Append(Quote(a));
        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var (n, v) in _values) { if (sb.Length > 0) sb.Append(' '); sb.Append(n).Append('=').Append(v); }
        return sb.ToString();
    }

    private static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,=/+:") < 0) return argument;
        return "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
