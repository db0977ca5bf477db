using NeuralCore.Samples.Common;

namespace NeuralCore.Samples.MnistCnn;

/// <summary>The network, optimizer and data knobs of the CNN sample. <see cref="ForArchitecture"/> gives each
/// architecture's recipe; command-line options override single fields.</summary>
public sealed record CnnSettings
{
    /// <summary>tutorial, lasagne or lecture (see <see cref="CnnArchitectures"/>).</summary>
    public string Architecture { get; init; } = "tutorial";
    /// <summary>Maximum number of epochs.</summary>
    public int Epochs { get; init; } = 15;
    /// <summary>Training examples per minibatch.</summary>
    public int BatchSize { get; init; } = 128;
    /// <summary>Update rule name (sgd, momentum, nesterov, adadelta, adam, rmsprop, adagrad).</summary>
    public string Update { get; init; } = "adam";
    /// <summary>Initial learning rate.</summary>
    public double LearningRate { get; init; } = 0.001;
    /// <summary>Multiply the learning rate by this factor after every epoch (1: constant).</summary>
    public double LearningRateDecay { get; init; } = 1;
    /// <summary>Momentum of the momentum and nesterov rules.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>L2 penalty weight (on the sum of squared weights, added to the mean cross-entropy).</summary>
    public double L2 { get; init; }
    /// <summary>Dropout rate of the architecture's dropout layers (0: none; the tutorial CNN has none by default).</summary>
    public double Dropout { get; init; }
    /// <summary>The training-data augmentation (--augment).</summary>
    public string Augment { get; init; } = "none";

    /// <summary>The recipe of <paramref name="architecture"/>:
    /// <list type="bullet">
    /// <item>tutorial: Adam lr 0.001 decayed by 0.85 per epoch, batch 128, 15 epochs, no dropout;</item>
    /// <item>lasagne: Lasagne's mnist.py — Nesterov momentum lr 0.01 m 0.9, batch 500, dropout 0.5 (50 epochs
    /// instead of mnist.py's 500);</item>
    /// <item>lecture: Nielsen's best network on the expanded training set (250,000 images per epoch), dropout 0.5,
    /// L2, trained with Nesterov momentum lr 0.05 m 0.9 decayed by 0.75 per epoch, batch 100, 12 epochs
    /// (instead of plain SGD lr 0.03, batch 10, 40 epochs).</item>
    /// </list></summary>
    /// <exception cref="ArgumentException">When the architecture is unknown.</exception>
    public static CnnSettings ForArchitecture(string architecture) => (architecture ?? "").ToLowerInvariant() switch
    {
        "tutorial" => new CnnSettings
        {
            Architecture = "tutorial", Epochs = 15, BatchSize = 128, Update = "adam", LearningRate = 0.001, LearningRateDecay = 0.85,
        },
        "lasagne" => new CnnSettings
        {
            Architecture = "lasagne", Epochs = 50, BatchSize = 500, Update = "nesterov", LearningRate = 0.01, Momentum = 0.9, Dropout = 0.5,
        },
        "lecture" => new CnnSettings
        {
            // Nielsen's network3 adds 0.5 * lambda * sum(w^2) / (number of minibatches) to the mean cost: lambda 0.1
            // with 25,000 minibatches of 10 on the expanded set is 2e-6 on sum(w^2).
            Architecture = "lecture", Epochs = 12, BatchSize = 100, Update = "nesterov", LearningRate = 0.05, Momentum = 0.9,
            LearningRateDecay = 0.75, L2 = 2e-6, Dropout = 0.5, Augment = "shifts",
        },
        _ => throw new ArgumentException($"--arch: unknown architecture '{architecture}'; use one of {string.Join(", ", CnnArchitectures.Names)}"),
    };

    /// <summary>The parsed <see cref="Augment"/>.</summary>
    public AugmentationChoice Augmentation => DataAugmentation.Parse(Augment);
}
