namespace NeuralCore.Layers.Data;

/// <summary>
/// What <see cref="ImageAugmenter"/> does to each image; every transform is off at its default.
/// Per image it draws an integer shift in [-MaxShift, MaxShift] on each axis, an angle uniform in
/// [-MaxRotationDegrees, MaxRotationDegrees], and (when <see cref="ElasticAlpha"/> &gt; 0) a random
/// displacement field: uniform in [-1, 1] per pixel, smoothed by a Gaussian of standard deviation
/// <see cref="ElasticSigma"/>, scaled by <see cref="ElasticAlpha"/> (Simard et al. 2003).
/// </summary>
public sealed record AugmentationOptions
{
    /// <summary>Largest shift in pixels along each axis (0: no shift).</summary>
    public int MaxShift { get; init; }

    /// <summary>Which shifts are drawn: any (dy, dx) in the square, or only along one axis (the expanded set's pattern).</summary>
    public ShiftPattern ShiftPattern { get; init; } = ShiftPattern.Square;

    /// <summary>Largest rotation in degrees, either direction (0: no rotation).</summary>
    public double MaxRotationDegrees { get; init; }

    /// <summary>Scale of the elastic displacement field in pixels (0: no elastic distortion; Simard used 34 on 28x28 digits).</summary>
    public double ElasticAlpha { get; init; }

    /// <summary>Standard deviation in pixels of the Gaussian that smooths the displacement field (Simard used 4).</summary>
    public double ElasticSigma { get; init; } = 4;

    /// <summary>Random shifts by up to one pixel in each direction (the on-the-fly version of the expanded training set).</summary>
    public static AugmentationOptions OnePixelShifts { get; } = new() { MaxShift = 1 };

    /// <summary>The lecture's expanded training set sampled on the fly: each image is used as it is or shifted by
    /// one pixel down, up, right or left, each with probability 1/5 (no 5x copy of the data in memory).</summary>
    public static AugmentationOptions ExpandedSetShifts { get; } = new() { MaxShift = 1, ShiftPattern = ShiftPattern.Cross };

    /// <summary>Small random rotations of up to 10 degrees.</summary>
    public static AugmentationOptions SmallRotations { get; } = new() { MaxRotationDegrees = 10 };

    /// <summary>Simard's elastic distortions: alpha 34, sigma 4.</summary>
    public static AugmentationOptions Elastic { get; } = new() { ElasticAlpha = 34, ElasticSigma = 4 };

    /// <summary>True when no transform is enabled (the augmenter then copies).</summary>
    public bool IsIdentity => MaxShift == 0 && MaxRotationDegrees == 0 && ElasticAlpha == 0;

    internal void Validate()
    {
        if (!Enum.IsDefined(ShiftPattern)) throw new ArgumentOutOfRangeException(nameof(ShiftPattern), ShiftPattern, "augmentation: unknown shift pattern");
        if (MaxShift < 0) throw new ArgumentOutOfRangeException(nameof(MaxShift), MaxShift, "augmentation: MaxShift must be >= 0");
        if (!(MaxRotationDegrees >= 0 && MaxRotationDegrees <= 180)) throw new ArgumentOutOfRangeException(nameof(MaxRotationDegrees), MaxRotationDegrees, "augmentation: MaxRotationDegrees must be in [0, 180]");
        if (!(ElasticAlpha >= 0) || double.IsInfinity(ElasticAlpha)) throw new ArgumentOutOfRangeException(nameof(ElasticAlpha), ElasticAlpha, "augmentation: ElasticAlpha must be finite and >= 0");
        if (!(ElasticSigma > 0) || double.IsInfinity(ElasticSigma)) throw new ArgumentOutOfRangeException(nameof(ElasticSigma), ElasticSigma, "augmentation: ElasticSigma must be finite and > 0");
    }
}
