using NeuralCore.Autodiff;
using NeuralCore.Layers;
using NeuralCore.Tensors;

namespace NeuralCore.Samples.Common;

/// <summary>
/// The pictures the Torch and Lasagne course reports show: the first layer's filters, one input's feature maps
/// after each convolution, pooling and normalization layer, and the misclassified test images with their true
/// (green) and predicted (red) labels.
/// </summary>
public static class NetworkImages
{
    /// <summary>Saves the weights of the first dense or convolution layer as a grid: a dense layer's unit j is
    /// column j of W reshaped to the input image (28×28 for MNIST); a convolution filter is drawn per output
    /// channel (its first input channel). Returns the number of filters drawn, 0 when there is no such layer.</summary>
    public static int SaveFirstLayerFilters(Layer network, string path, int maxFilters = 100)
    {
        ArgumentNullException.ThrowIfNull(network);
        foreach (var layer in LayerGraph.GetAllLayers(network))
        {
            if (layer is DenseLayer dense)
            {
                var w = (Tensor<float>)dense.W.Value;
                int inputs = w.Shape[0], units = w.Shape[1];
                var (h, wd) = ImageSide(inputs);
                int count = Math.Min(units, maxFilters);
                var tiles = new List<GridTile>(count);
                var span = w.AsReadOnlySpan();
                for (int u = 0; u < count; u++)
                {
                    var pixels = new float[inputs];
                    for (int i = 0; i < inputs; i++) pixels[i] = span[i * units + u];
                    tiles.Add(new GridTile(pixels, h, wd));
                }
                ImageGrid.Save(path, tiles, columns: 10, scale: 2, normalizeEachTile: true);
                return count;
            }
            if (layer is NeuralCore.Layers.BaseConvLayer conv && conv.W.Value.Rank == 4)
            {
                var w = (Tensor<float>)conv.W.Value;
                int filters = w.Shape[0], kh = w.Shape[2], kw = w.Shape[3], perFilter = w.Shape[1] * kh * kw;
                int count = Math.Min(filters, maxFilters);
                var tiles = new List<GridTile>(count);
                for (int f = 0; f < count; f++)
                    tiles.Add(new GridTile(w.AsReadOnlySpan().Slice(f * perFilter, kh * kw).ToArray(), kh, kw));
                ImageGrid.Save(path, tiles, columns: 8, scale: Math.Max(2, 48 / Math.Max(kh, kw)), normalizeEachTile: true);
                return count;
            }
        }
        return 0;
    }

    /// <summary>Saves one input's feature maps: row 0 is the input, then one row per convolution, pooling or
    /// normalization layer (deterministic pass) with up to <paramref name="maxMaps"/> channels each. Returns the
    /// number of layer rows, 0 when the network has no such layer (nothing is written then).</summary>
    /// <param name="network">The output layer.</param>
    /// <param name="input">One example with its batch axis, e.g. (1, 1, 28, 28).</param>
    /// <param name="path">The PNG file.</param>
    /// <param name="maxMaps">Maximum channels drawn per layer.</param>
    public static int SaveFeatureMaps(Layer network, Tensor<float> input, string path, int maxMaps = 16)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(input);
        var selected = new List<Layer>();
        InputLayer? inputLayer = null;
        foreach (var layer in LayerGraph.GetAllLayers(network))
        {
            if (layer is InputLayer il) inputLayer = il;
            if (IsFeatureMapLayer(layer)) selected.Add(layer);
        }
        if (selected.Count == 0 || inputLayer is null) return 0;
        var outputs = LayerGraph.GetOutput(selected, deterministic: true);
        var f = Function.Compile([inputLayer.InputVariable], outputs, options: new CompileOptions { CopyOutputs = true });
        var values = f.Invoke(input);
        var rows = new List<IReadOnlyList<GridTile>> { MapsOf(input, maxMaps) };
        foreach (var v in values) rows.Add(MapsOf((Tensor<float>)v, maxMaps));
        ImageGrid.SaveRows(path, rows, scale: 3, normalizeEachTile: true, numberRows: true);
        return selected.Count;
    }

    /// <summary>Whether <see cref="SaveFeatureMaps"/> draws this layer's output (convolution, pooling, normalization).</summary>
    public static bool IsFeatureMapLayer(Layer layer) => layer is NeuralCore.Layers.BaseConvLayer or NeuralCore.Layers.Pool2DLayer
        or NeuralCore.Layers.BatchNormLayer or NeuralCore.Layers.LocalResponseNormalization2DLayer or NeuralCore.Layers.SpatialContrastiveNormalizationLayer;

    /// <summary>Saves up to <paramref name="max"/> misclassified images (in data order) with the true label in green
    /// and the prediction in red. Returns the total number of misclassified images.</summary>
    /// <param name="images">(N, 784) or (N, 1, 28, 28) images in [0, 1].</param>
    /// <param name="truth">True labels.</param>
    /// <param name="predicted">Predicted labels.</param>
    /// <param name="path">The PNG file.</param>
    /// <param name="max">Maximum images drawn.</param>
    public static int SaveMisclassified(Tensor<float> images, ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, string path, int max = 100)
    {
        ArgumentNullException.ThrowIfNull(images);
        int n = images.Shape[0];
        if (truth.Length != n || predicted.Length != n)
            throw new ArgumentException($"SaveMisclassified: {n} images, {truth.Length} labels, {predicted.Length} predictions");
        int perImage = n == 0 ? 0 : images.Length / n;
        var (h, w) = ImageSide(perImage);
        var tiles = new List<GridTile>();
        int wrong = 0;
        var span = images.AsReadOnlySpan();
        for (int i = 0; i < n; i++)
        {
            if (truth[i] == predicted[i]) continue;
            wrong++;
            if (tiles.Count < max) tiles.Add(new GridTile(span.Slice(i * perImage, perImage).ToArray(), h, w, truth[i], predicted[i]));
        }
        ImageGrid.Save(path, tiles, columns: 10, scale: 2, normalizeEachTile: false);
        return wrong;
    }

    private static List<GridTile> MapsOf(Tensor<float> value, int maxMaps)
    {
        var tiles = new List<GridTile>();
        var shape = value.Shape;
        if (shape.Rank == 4)
        {
            int channels = shape[1], h = shape[2], w = shape[3];
            for (int c = 0; c < Math.Min(channels, maxMaps); c++)
                tiles.Add(new GridTile(value.AsReadOnlySpan().Slice(c * h * w, h * w).ToArray(), h, w));
        }
        else
        {
            int perExample = shape.Rank == 0 ? 1 : value.Length / shape[0];
            var (h, w) = ImageSide(perExample);
            tiles.Add(new GridTile(value.AsReadOnlySpan().Slice(0, perExample).ToArray(), h, w));
        }
        return tiles;
    }

    // A square picture when the count is a square (784 -> 28x28), else one row.
    private static (int Height, int Width) ImageSide(int count)
    {
        int side = (int)Math.Round(Math.Sqrt(count));
        return side * side == count ? (side, side) : (1, count);
    }
}
