using System.Globalization;
using System.Text;

namespace NeuralCore.Layers;

/// <summary>
/// A Keras-style model summary: one row per layer (type and name, output shape, number of
/// parameters it owns), then the totals, split into trainable and non-trainable parameters.
/// </summary>
public static class ModelSummary
{
    /// <summary>The summary table of the network ending in <paramref name="network"/>, as text.</summary>
    public static string Create(Layer network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var rows = new List<(string Layer, string Shape, string Count)>();
        var counted = new HashSet<Autodiff.SharedVariable>(ReferenceEqualityComparer.Instance);
        foreach (var layer in LayerGraph.GetAllLayers(network))
        {
            long count = 0;
            // A parameter shared by several layers is counted at its first layer only, as in the totals.
            foreach (var (v, _) in layer.ParamsWithTags)
                if (counted.Add(v)) count += v.Value.Length;
            rows.Add((layer.Describe(), Layer.FormatShape(layer.OutputShape), Format(count)));
        }
        long total = LayerGraph.CountParams(network);
        long trainable = LayerGraph.CountParams(network, trainable: true);

        const string h1 = "Layer (type)", h2 = "Output Shape", h3 = "Param #";
        int w1 = Math.Max(h1.Length, rows.Max(r => r.Layer.Length)) + 2;
        int w2 = Math.Max(h2.Length, rows.Max(r => r.Shape.Length)) + 2;
        int w3 = Math.Max(h3.Length, rows.Max(r => r.Count.Length));
        int width = w1 + w2 + w3;
        var sb = new StringBuilder();
        sb.Append('_', width).Append('\n');
        sb.Append(h1.PadRight(w1)).Append(h2.PadRight(w2)).Append(h3.PadLeft(w3)).Append('\n');
        sb.Append('=', width).Append('\n');
        for (int i = 0; i < rows.Count; i++)
        {
            var (l, s, c) = rows[i];
            sb.Append(l.PadRight(w1)).Append(s.PadRight(w2)).Append(c.PadLeft(w3)).Append('\n');
            sb.Append(i == rows.Count - 1 ? '=' : '_', width).Append('\n');
        }
        sb.Append("Total params: ").Append(Format(total)).Append('\n');
        sb.Append("Trainable params: ").Append(Format(trainable)).Append('\n');
        sb.Append("Non-trainable params: ").Append(Format(total - trainable)).Append('\n');
        sb.Append('_', width).Append('\n');
        return sb.ToString();
    }

    private static string Format(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
