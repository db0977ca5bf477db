namespace NeuralCore.Samples.Common;

/// <summary>One grayscale picture of an <see cref="ImageGrid"/>: row-major pixels, and optional true (green) and
/// predicted (red) labels drawn under it.</summary>
/// <param name="Pixels">Height × Width values, row-major.</param>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
/// <param name="TrueLabel">A number drawn in green under the picture, or null.</param>
/// <param name="PredictedLabel">A number drawn in red next to it, or null.</param>
public sealed record GridTile(float[] Pixels, int Height, int Width, int? TrueLabel = null, int? PredictedLabel = null);
