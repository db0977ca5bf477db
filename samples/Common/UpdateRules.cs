using NeuralCore.Autodiff;
using NeuralCore.Layers.Training;
using NeuralCore.Optimizers;

namespace NeuralCore.Samples.Common;

/// <summary>The update rules a sample's <c>--update</c> option names, bound to a shared learning rate (so a
/// schedule can change it between epochs).</summary>
public static class UpdateRules
{
    /// <summary>The accepted names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sgd", "momentum", "nesterov", "adadelta", "adam", "rmsprop", "adagrad"];

    /// <summary>The rule <paramref name="name"/> (one of <see cref="Names"/>, case-insensitive) with learning rate
    /// <paramref name="learningRate"/> and, for momentum/nesterov, <paramref name="momentum"/>.</summary>
    /// <exception cref="ArgumentException">When the name is unknown.</exception>
    public static UpdateRule Create(string name, SharedVariable learningRate, double momentum = 0.9)
    {
        ArgumentNullException.ThrowIfNull(learningRate);
        return (name ?? "").ToLowerInvariant() switch
        {
            "sgd" => (loss, ps) => Updates.Sgd(loss, ps, learningRate),
            "momentum" => (loss, ps) => Updates.Momentum(loss, ps, learningRate, momentum),
            "nesterov" => (loss, ps) => Updates.NesterovMomentum(loss, ps, learningRate, momentum),
            "adadelta" => (loss, ps) => Updates.AdaDelta(loss, ps, learningRate),
            "adam" => (loss, ps) => Updates.Adam(loss, ps, learningRate),
            "rmsprop" => (loss, ps) => Updates.RmsProp(loss, ps, learningRate),
            "adagrad" => (loss, ps) => Updates.Adagrad(loss, ps, learningRate),
            _ => throw new ArgumentException($"unknown update rule '{name}'; use one of {string.Join(", ", Names)}", nameof(name)),
        };
    }

    /// <summary>Lasagne's default learning rate of each rule (sgd/momentum/nesterov 0.01, adadelta 1, adam 0.001,
    /// rmsprop 0.001, adagrad 1 → 0.01 as usually used).</summary>
    public static double DefaultLearningRate(string name) => (name ?? "").ToLowerInvariant() switch
    {
        "adadelta" => 1.0,
        "adam" or "rmsprop" => 0.001,
        _ => 0.01,
    };
}
