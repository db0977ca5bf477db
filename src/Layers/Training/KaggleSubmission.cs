using System.Globalization;
using System.Text;

namespace NeuralCore.Layers.Training;

/// <summary>The Kaggle digit-recognizer submission format: a header <c>ImageId,Label</c> then one line per image
/// with a 1-based ImageId.</summary>
public static class KaggleSubmission
{
    /// <summary>The header line.</summary>
    public const string Header = "ImageId,Label";

    /// <summary>The submission text for <paramref name="labels"/> (image i gets ImageId i + 1), lines ending in \n.</summary>
    /// <exception cref="ArgumentException">When a label is negative.</exception>
    public static string Format(ReadOnlySpan<int> labels)
    {
        var sb = new StringBuilder(16 + labels.Length * 8);
        sb.Append(Header).Append('\n');
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0) throw new ArgumentException($"KaggleSubmission: label {labels[i]} of image {i + 1} is negative", nameof(labels));
            sb.Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(',').Append(labels[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Writes <see cref="Format"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReadOnlySpan<int> labels) => AtomicFile.WriteAllText(path, Format(labels));
}
