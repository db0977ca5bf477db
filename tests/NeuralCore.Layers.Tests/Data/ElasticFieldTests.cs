using NeuralCore.Layers.Data;
using Xunit;

namespace NeuralCore.Layers.Tests.Data;

public class ElasticFieldTests
{
    [Theory]
    [InlineData(28, 28, 4.0, 11UL)]
    [InlineData(17, 9, 2.5, 12UL)]   // not square: a transposition mistake shows
    [InlineData(5, 30, 6.0, 13UL)]   // the kernel is wider than the image along y
    public void Field_is_the_noise_convolved_with_a_truncated_normalised_Gaussian(int height, int width, double sigma, ulong seed)
    {
        var field = new ElasticField(sigma);
        field.Generate(seed, height, width);

        // A plain double-precision 2-D sum over the window, zero outside the image.
        int radius = Math.Max(1, (int)(4 * sigma + 0.5));
        var weights = new double[2 * radius + 1];
        for (int i = -radius; i <= radius; i++) weights[i + radius] = Math.Exp(-i * i / (2 * sigma * sigma));
        double total = weights.Sum();
        for (int i = 0; i < weights.Length; i++) weights[i] /= total;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double expected = 0;
                for (int dy = -radius; dy <= radius; dy++)
                    for (int dx = -radius; dx <= radius; dx++)
                    {
                        int sy = y + dy, sx = x + dx;
                        if (sy < 0 || sy >= height || sx < 0 || sx >= width) continue;
                        expected += weights[dy + radius] * weights[dx + radius] * ElasticField.UnitNoise(seed, sy * width + sx);
                    }
                Assert.True(Math.Abs(field.FieldX[y * width + x] - expected) < 1e-5,
                    $"FieldX[{y},{x}] = {field.FieldX[y * width + x]}, expected {expected}");
            }

        // The y field comes from different noise.
        Assert.NotEqual(field.FieldX, field.FieldY);
    }
}
