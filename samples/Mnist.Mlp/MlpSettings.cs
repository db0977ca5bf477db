namespace NeuralCore.Samples.MnistMlp;

/// <summary>The network and optimizer knobs of the MLP sample (everything the tutorial explores).</summary>
public sealed record MlpSettings
{
    /// <summary>Hidden layer sizes, input to output (the tutorial's default: one layer of 50).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [50];
    /// <summary>Hidden nonlinearity name (sigmoid, tanh, relu, leaky-relu, elu).</summary>
    public string Nonlinearity { get; init; } = "sigmoid";
    /// <summary>Update rule name (sgd, momentum, nesterov, adadelta, adam, rmsprop, adagrad).</summary>
    public string Update { get; init; } = "sgd";
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.1;
    /// <summary>Momentum of the momentum and nesterov rules.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>L1 penalty weight.</summary>
    public double L1 { get; init; }
    /// <summary>L2 penalty weight.</summary>
    public double L2 { get; init; }
    /// <summary>Dropout rate on the input.</summary>
    public double InputDropout { get; init; }
    /// <summary>Dropout rate after each hidden layer.</summary>
    public double Dropout { get; init; }
    /// <summary>Batch normalization of each hidden layer.</summary>
    public bool BatchNorm { get; init; }

    /// <summary>Parses "100,50,25".</summary>
    /// <exception cref="ArgumentException">When an entry is not a positive integer.</exception>
    public static IReadOnlyList<int> ParseHidden(string text)
    {
        var sizes = new List<int>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1)
                throw new ArgumentException($"--hidden: '{part}' is not a positive layer size (expected e.g. 100,50,25)");
            sizes.Add(n);
        }
        return sizes;
    }
}
