using System.Globalization;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Training;

/// <summary>
/// A named range of one hyper-parameter for <see cref="HyperparameterSearch"/>: a list of choices, a log-scale
/// or linear real interval, or an integer interval. Values are kept as the strings a command line takes
/// (invariant culture), so a configuration renders directly as the options that reproduce it.
/// </summary>
public sealed class HyperparameterRange
{
    private enum Kind { Choice, LogUniform, Uniform, IntUniform }

    private readonly Kind _kind;
    private readonly string[] _choices;
    private readonly double _min, _max;
    private readonly int _gridPoints;

    private HyperparameterRange(string name, Kind kind, string[] choices, double min, double max, int gridPoints)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _kind = kind;
        _choices = choices;
        _min = min;
        _max = max;
        _gridPoints = gridPoints;
    }

    /// <summary>The option name (rendered as <c>--name</c>).</summary>
    public string Name { get; }

    /// <summary>A list of values, e.g. hidden sizes <c>"100", "800,800"</c> or update rules.</summary>
    /// <exception cref="ArgumentException">When there are no values.</exception>
    public static HyperparameterRange Choice(string name, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0) throw new ArgumentException($"HyperparameterRange {name}: at least one choice is required", nameof(values));
        return new(name, Kind.Choice, (string[])values.Clone(), 0, 0, values.Length);
    }

    /// <summary>A positive real interval sampled uniformly on a log scale (learning rates, L2 lambdas); the grid has
    /// <paramref name="gridPoints"/> log-spaced values including both ends.</summary>
    /// <exception cref="ArgumentException">When the bounds are not 0 &lt; min ≤ max or gridPoints &lt; 1.</exception>
    public static HyperparameterRange LogUniform(string name, double min, double max, int gridPoints = 3)
    {
        if (!(min > 0 && max >= min)) throw new ArgumentException($"HyperparameterRange {name}: a log-scale range needs 0 < min <= max, not [{min}, {max}]");
        ArgumentOutOfRangeException.ThrowIfLessThan(gridPoints, 1);
        return new(name, Kind.LogUniform, [], min, max, gridPoints);
    }

    /// <summary>A real interval sampled uniformly (dropout rates); the grid has evenly spaced values.</summary>
    /// <exception cref="ArgumentException">When max &lt; min or gridPoints &lt; 1.</exception>
    public static HyperparameterRange Uniform(string name, double min, double max, int gridPoints = 3)
    {
        if (!(max >= min)) throw new ArgumentException($"HyperparameterRange {name}: needs min <= max, not [{min}, {max}]");
        ArgumentOutOfRangeException.ThrowIfLessThan(gridPoints, 1);
        return new(name, Kind.Uniform, [], min, max, gridPoints);
    }

    /// <summary>An integer interval [min, max] (epochs, units); the grid is every integer when there are at most
    /// <paramref name="gridPoints"/>, else evenly spaced rounded values.</summary>
    public static HyperparameterRange IntUniform(string name, int min, int max, int gridPoints = 3)
    {
        if (max < min) throw new ArgumentException($"HyperparameterRange {name}: needs min <= max, not [{min}, {max}]");
        ArgumentOutOfRangeException.ThrowIfLessThan(gridPoints, 1);
        return new(name, Kind.IntUniform, [], min, max, gridPoints);
    }

    /// <summary>The values grid search tries, in order.</summary>
    public IReadOnlyList<string> GridValues()
    {
        if (_kind == Kind.Choice) return _choices;
        if (_kind == Kind.IntUniform && _max - _min + 1 <= _gridPoints)
        {
            var all = new string[(int)(_max - _min) + 1];
            for (int i = 0; i < all.Length; i++) all[i] = Format((int)_min + i);
            return all;
        }
        var values = new List<string>(_gridPoints);
        for (int i = 0; i < _gridPoints; i++)
        {
            double t = _gridPoints == 1 ? 0.5 : (double)i / (_gridPoints - 1);
            string v = _kind switch
            {
                Kind.LogUniform => Format(Math.Exp(Math.Log(_min) + t * (Math.Log(_max) - Math.Log(_min)))),
                Kind.Uniform => Format(_min + t * (_max - _min)),
                _ => Format((int)Math.Round(_min + t * (_max - _min))),
            };
            if (!values.Contains(v)) values.Add(v);
        }
        return values;
    }

    /// <summary>One random value drawn with <paramref name="random"/>.</summary>
    public string Sample(RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u = random.NextDouble();
        return _kind switch
        {
            Kind.Choice => _choices[random.NextInt(_choices.Length)],
            Kind.LogUniform => Format(Math.Exp(Math.Log(_min) + u * (Math.Log(_max) - Math.Log(_min)))),
            Kind.Uniform => Format(_min + u * (_max - _min)),
            _ => Format((int)_min + random.NextInt((int)(_max - _min) + 1)),
        };
    }

    // Four significant digits: readable on a command line, and the trial runs exactly the printed value.
    private static string Format(double value) => double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
