namespace NeuralCore.Layers.Data;

/// <summary>How <see cref="ImageAugmenter"/> draws a shift with <see cref="AugmentationOptions.MaxShift"/> = m.</summary>
public enum ShiftPattern
{
    /// <summary>dy and dx independently uniform in [-m, m]: (2m+1)^2 equally likely shifts, diagonals included.</summary>
    Square,
    /// <summary>No shift or a shift along exactly one axis by 1..m pixels: 4m+1 equally likely shifts. With m = 1
    /// these are the five images of the expanded training set (original, down, up, right, left).</summary>
    Cross,
}
