using NeuralCore.Autodiff;
using NeuralCore.Layers;
using NeuralCore.Layers.Init;

namespace NeuralCore.Samples.Common;

/// <summary>The nonlinearities a sample's <c>--nonlinearity</c> option names, each with its matching weight
/// initializer: Glorot uniform for sigmoid (gain 4, as the Theano tutorial scales it) and tanh (gain 1), He for the
/// ReLU family (gain √2, or √(2/(1+α²)) for leaky ReLU).</summary>
public static class Activations
{
    /// <summary>The accepted names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sigmoid", "tanh", "relu", "leaky-relu", "elu"];

    /// <summary>The nonlinearity and initializer of <paramref name="name"/> (case-insensitive; "leaky_relu" and
    /// "leakyrelu" are accepted too).</summary>
    /// <exception cref="ArgumentException">When the name is unknown.</exception>
    public static (Func<Variable, Variable> Nonlinearity, Initializer Init) Create(string name) =>
        (name ?? "").ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal) switch
        {
            "sigmoid" => (Nonlinearities.Sigmoid, new GlorotUniform(4.0)),
            "tanh" => (Nonlinearities.Tanh, new GlorotUniform(1.0)),
            "relu" => (Nonlinearities.Rectify, new HeUniform(Gain.Relu)),
            "leaky-relu" or "leakyrelu" => (Nonlinearities.LeakyRectify(0.01), new HeUniform(Gain.LeakyRelu(0.01))),
            "elu" => (Nonlinearities.Elu, new HeUniform(Gain.Relu)),
            _ => throw new ArgumentException($"unknown nonlinearity '{name}'; use one of {string.Join(", ", Names)}", nameof(name)),
        };
}
