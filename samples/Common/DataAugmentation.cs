using System.CommandLine;
using NeuralCore.Layers.Data;
using NeuralCore.Tensors;

namespace NeuralCore.Samples.Common;

/// <summary>What a sample's <c>--augment</c> option asked for: the lecture's expanded training set (held in
/// memory) and/or a transform drawn on the fly for every training batch.</summary>
/// <param name="ExpandedSet">Replace the training set by the expanded one: every image followed by its four
/// one-pixel shifts (5x the images, as the lecture does it).</param>
/// <param name="OnTheFly">The random transform applied to each training batch, or null.</param>
public sealed record AugmentationChoice(bool ExpandedSet, AugmentationOptions? OnTheFly)
{
    /// <summary>No augmentation.</summary>
    public static AugmentationChoice None { get; } = new(false, null);

    /// <summary>Whether anything is done to the training data.</summary>
    public bool IsNone => !ExpandedSet && OnTheFly is null;

    /// <summary>The training set to iterate: the expanded set (5x) when asked for, else <paramref name="train"/>.</summary>
    public LabeledData PrepareTrainingSet(LabeledData train)
    {
        ArgumentNullException.ThrowIfNull(train);
        return ExpandedSet ? ImageTransforms.ExpandWithShifts(train) : train;
    }

    /// <summary>The per-batch augmentation for <see cref="NeuralCore.Layers.Training.TrainingOptions.Augment"/>:
    /// a new <see cref="ImageAugmenter"/> seeded from <paramref name="seed"/> (the run's seed), or null when nothing
    /// is drawn on the fly.</summary>
    public Action<Tensor<float>, Tensor<float>>? CreateAugment(ulong seed) => CreateAugmenter(seed) is { } augmenter ? augmenter.Apply : null;

    /// <summary><paramref name="options"/> with the per-batch augmentation of <see cref="CreateAugment"/> and its
    /// generator among the checkpointed <see cref="NeuralCore.Layers.Training.TrainingOptions.RandomGenerators"/>.</summary>
    public NeuralCore.Layers.Training.TrainingOptions WithAugmentation(NeuralCore.Layers.Training.TrainingOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CreateAugmenter(seed) is { } augmenter
            ? options with { Augment = augmenter.Apply, RandomGenerators = [augmenter.Generator] }
            : options with { Augment = null, RandomGenerators = [] };
    }

    private ImageAugmenter? CreateAugmenter(ulong seed)
        // The shuffling uses a generator seeded with the run's seed too; a distinct seed keeps the two streams apart.
        => OnTheFly is null ? null : new ImageAugmenter(OnTheFly, unchecked(seed * 0x9E3779B97F4A7C15UL + 0xA076_1D64_78BD_642FUL));

    /// <summary>The <c>--augment</c> text that selects this choice (e.g. "shifts,rotations"), the inverse of
    /// <see cref="DataAugmentation.Parse"/>.</summary>
    public string Name
    {
        get
        {
            if (IsNone) return "none";
            var names = new List<string>();
            if (ExpandedSet) names.Add("shifts");
            if (OnTheFly is { } o)
            {
                if (o.MaxShift > 0) names.Add("random-shifts");
                if (o.MaxRotationDegrees > 0) names.Add("rotations");
                if (o.ElasticAlpha > 0) names.Add("elastic");
            }
            return string.Join(',', names);
        }
    }

    /// <summary>A short description for the recipe line, e.g. "expanded set (5x) + rotations".</summary>
    public override string ToString()
    {
        if (IsNone) return "none";
        var parts = new List<string>();
        if (ExpandedSet) parts.Add("expanded set (5x)");
        if (OnTheFly is { } o)
        {
            if (o.MaxShift > 0) parts.Add("random one-pixel shifts");
            if (o.MaxRotationDegrees > 0) parts.Add(FormattableString.Invariant($"rotations up to {o.MaxRotationDegrees} degrees"));
            if (o.ElasticAlpha > 0) parts.Add(FormattableString.Invariant($"elastic distortions (alpha {o.ElasticAlpha}, sigma {o.ElasticSigma})"));
        }
        return string.Join(" + ", parts);
    }
}

/// <summary>
/// The <c>--augment</c> option shared by the MNIST samples: a comma-separated list of
/// <c>none</c>, <c>shifts</c> (the lecture's expanded training set: each image plus its one-pixel shifts down,
/// up, right and left, 5x the images in memory), <c>random-shifts</c> (the same five variants drawn at random
/// for each batch, no extra memory), <c>rotations</c> (random rotations up to 10 degrees, on the fly) and
/// <c>elastic</c> (Simard's elastic distortions, alpha 34, sigma 4, on the fly).
/// </summary>
public static class DataAugmentation
{
    /// <summary>The accepted names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["none", "shifts", "random-shifts", "rotations", "elastic"];

    /// <summary>The option text shown by --help.</summary>
    public const string Description = "Training-data augmentation, a comma-separated list: none; shifts (the lecture's expanded set: "
        + "each image plus its 1-pixel shifts in four directions, 5x the images); random-shifts (one of those five variants drawn per "
        + "image and batch); rotations (random rotations up to 10 degrees); elastic (elastic distortions, Simard 2003)";

    /// <summary>Creates the <c>--augment</c> option with <paramref name="defaultValue"/> (null: no default, so the
    /// sample can pick one per architecture).</summary>
    public static Option<string?> CreateOption(string? defaultValue = "none")
    {
        var option = new Option<string?>("--augment") { Description = Description };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        option.Validators.Add(r =>
        {
            var text = r.GetValueOrDefault<string?>();
            if (text is null) return;
            try { Parse(text); }
            catch (ArgumentException e) { r.AddError(e.Message); }
        });
        return option;
    }

    /// <summary>Parses "none", "shifts", "shifts,rotations", ... (case-insensitive; '+' also separates).</summary>
    /// <exception cref="ArgumentException">When a name is unknown, or "none" is combined with others.</exception>
    public static AugmentationChoice Parse(string text)
    {
        var names = (text ?? "").ToLowerInvariant().Split([',', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new ArgumentException("--augment: empty; use none or a list of " + string.Join(", ", Names));
        bool expanded = false, randomShifts = false, rotations = false, elastic = false, none = false;
        foreach (var name in names)
        {
            switch (name)
            {
                case "none": none = true; break;
                case "shifts": expanded = true; break;
                case "random-shifts" or "random_shifts": randomShifts = true; break;
                case "rotations" or "rotate" or "rotation": rotations = true; break;
                case "elastic": elastic = true; break;
                default: throw new ArgumentException($"--augment: unknown augmentation '{name}'; use none or a list of {string.Join(", ", Names)}");
            }
        }
        if (none && names.Length > 1) throw new ArgumentException("--augment: 'none' cannot be combined with other augmentations");
        if (none) return AugmentationChoice.None;
        AugmentationOptions? onTheFly = null;
        if (randomShifts || rotations || elastic)
        {
            var o = randomShifts ? AugmentationOptions.ExpandedSetShifts : new AugmentationOptions();
            if (rotations) o = o with { MaxRotationDegrees = AugmentationOptions.SmallRotations.MaxRotationDegrees };
            if (elastic) o = o with { ElasticAlpha = AugmentationOptions.Elastic.ElasticAlpha, ElasticSigma = AugmentationOptions.Elastic.ElasticSigma };
            onTheFly = o;
        }
        return new AugmentationChoice(expanded, onTheFly);
    }
}
