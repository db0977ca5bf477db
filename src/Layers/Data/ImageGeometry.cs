using NeuralCore.Tensors;

namespace NeuralCore.Layers.Data;

/// <summary>
/// How a batch tensor divides into images: (N, C, H, W), (N, H, W), or (N, D) with D a perfect
/// square (a flattened square image such as MNIST's 784 = 28 x 28).
/// </summary>
internal readonly record struct ImageGeometry(int Count, int Channels, int Height, int Width)
{
    public int PlaneSize => Height * Width;
    public int ExampleSize => Channels * Height * Width;

    public static ImageGeometry Of(Tensor<float> batch, string operation)
    {
        var s = batch.Shape;
        switch (s.Rank)
        {
            case 4: return new ImageGeometry(s[0], s[1], s[2], s[3]);
            case 3: return new ImageGeometry(s[0], 1, s[1], s[2]);
            case 2:
                int side = (int)Math.Round(Math.Sqrt(s[1]));
                if (side * side == s[1]) return new ImageGeometry(s[0], 1, side, side);
                throw new ShapeMismatchException(operation, $"a flat batch of shape {s} has rows of {s[1]} values, which are not square images; reshape to (N, C, H, W)", s);
            default:
                throw new ShapeMismatchException(operation, $"expected images of shape (N, C, H, W), (N, H, W) or (N, H*W), got {s}", s);
        }
    }
}
