namespace NeuralCore.Samples.NotMnist;

/// <summary>The network and optimizer knobs of the notMNIST sample. The defaults are the Keras practical's first
/// model: Flatten → Dense(10, softmax), i.e. multinomial logistic regression, trained with Keras' default SGD
/// (learning rate 0.01) on minibatches of 32.</summary>
public sealed record NotMnistSettings
{
    /// <summary>Hidden dense layer sizes, input to output; empty (the default) for Flatten → Dense(10) softmax.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [];
    /// <summary>Hidden nonlinearity name (sigmoid, tanh, relu, leaky-relu, elu).</summary>
    public string Nonlinearity { get; init; } = "relu";
    /// <summary>Update rule name (sgd, momentum, nesterov, adadelta, adam, rmsprop, adagrad).</summary>
    public string Update { get; init; } = "sgd";
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.01;
    /// <summary>Momentum of the momentum and nesterov rules.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Dropout rate after each hidden layer.</summary>
    public double Dropout { get; init; }
    /// <summary>L2 penalty weight on the weights.</summary>
    public double L2 { get; init; }

    /// <summary>Parses "256,128" ("" or "none" for no hidden layer).</summary>
    /// <exception cref="ArgumentException">When an entry is not a positive integer.</exception>
    public static IReadOnlyList<int> ParseHidden(string text)
    {
        var sizes = new List<int>();
        if (string.Equals(text?.Trim(), "none", StringComparison.OrdinalIgnoreCase)) return sizes;
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1)
                throw new ArgumentException($"--hidden: '{part}' is not a positive layer size (expected e.g. 256,128 or none)");
            sizes.Add(n);
        }
        return sizes;
    }
}
