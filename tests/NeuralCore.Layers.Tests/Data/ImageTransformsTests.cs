using NeuralCore.Layers.Data;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests.Data;

public class ImageTransformsTests
{
    private static float[] RandomImage(int h, int w, int seed)
    {
        var r = new Random(seed);
        var img = new float[h * w];
        for (int i = 0; i < img.Length; i++) img[i] = (float)r.NextDouble();
        return img;
    }

    // Hand-rolled reference: content moves dy down and dx right, zeros come in.
    private static float[] ShiftedCopy(float[] src, int h, int w, int dy, int dx)
    {
        var dst = new float[h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int sy = y - dy, sx = x - dx;
                dst[y * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? src[sy * w + sx] : 0f;
            }
        return dst;
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(-1, 0)]
    [InlineData(0, 1)]
    [InlineData(0, -1)]
    [InlineData(2, -3)]
    [InlineData(7, 0)]
    public void Shift_equals_a_hand_rolled_shifted_copy(int dy, int dx)
    {
        var src = RandomImage(5, 6, 1);
        var dst = new float[30];
        ImageTransforms.Shift(src, dst, 5, 6, dy, dx);
        Assert.Equal(ShiftedCopy(src, 5, 6, dy, dx), dst);
    }

    [Fact]
    public void Expanded_set_is_each_image_then_its_four_one_pixel_shifts()
    {
        var images = new Tensor<float>(new Shape(3, 784));
        var data = RandomImage(3, 784, 2);
        data.CopyTo(images.AsSpan());
        var labels = Tensor.FromArray(new[] { 4, 1, 7 });
        var expanded = ImageTransforms.ExpandWithShifts(new LabeledData(images, labels));
        Assert.Equal(new Shape(15, 784), expanded.Inputs.Shape);
        Assert.Equal([4, 4, 4, 4, 4, 1, 1, 1, 1, 1, 7, 7, 7, 7, 7], expanded.Labels.ToArray());
        (int dy, int dx)[] shifts = [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)];
        for (int i = 0; i < 3; i++)
        {
            var original = data.AsSpan(i * 784, 784).ToArray();
            for (int k = 0; k < 5; k++)
                Assert.Equal(ShiftedCopy(original, 28, 28, shifts[k].dy, shifts[k].dx), expanded.Inputs.Row(i * 5 + k).ToArray());
        }
    }

    [Fact]
    public void Rotation_by_zero_and_zero_displacement_are_identity()
    {
        var src = RandomImage(28, 28, 3);
        var dst = new float[784];
        ImageTransforms.Rotate(src, dst, 28, 28, 0);
        Assert.Equal(src, dst);
        ImageTransforms.ElasticDistort(src, dst.AsSpan(), 28, 28, new float[784], new float[784]);
        Assert.Equal(src, dst);
    }

    [Fact]
    public void Rotation_by_90_degrees_matches_index_rotation()
    {
        var src = RandomImage(6, 6, 4);
        var dst = new float[36];
        ImageTransforms.Rotate(src, dst, 6, 6, Math.PI / 2);
        for (int y = 0; y < 6; y++)
            for (int x = 0; x < 6; x++)
                Assert.Equal(src[(5 - x) * 6 + y], dst[y * 6 + x], 1e-5f);
    }

    [Fact]
    public void Small_rotation_interpolates_bilinearly()
    {
        var src = RandomImage(9, 9, 5);
        var dst = new float[81];
        double angle = 0.2;
        ImageTransforms.Rotate(src, dst, 9, 9, angle);
        // Reference: inverse-map the centre-relative position and interpolate by hand.
        for (int y = 0; y < 9; y++)
            for (int x = 0; x < 9; x++)
            {
                double ry = y - 4, rx = x - 4;
                double sy = 4 + Math.Cos(angle) * ry - Math.Sin(angle) * rx;
                double sx = 4 + Math.Sin(angle) * ry + Math.Cos(angle) * rx;
                int y0 = (int)Math.Floor(sy), x0 = (int)Math.Floor(sx);
                double ty = sy - y0, tx = sx - x0;
                double P(int yy, int xx) => yy >= 0 && yy < 9 && xx >= 0 && xx < 9 ? src[yy * 9 + xx] : 0;
                double expected = (1 - ty) * ((1 - tx) * P(y0, x0) + tx * P(y0, x0 + 1)) + ty * ((1 - tx) * P(y0 + 1, x0) + tx * P(y0 + 1, x0 + 1));
                Assert.Equal(expected, dst[y * 9 + x], 1e-5);
            }
    }

    [Fact]
    public void Constant_displacement_field_is_a_shift()
    {
        var src = RandomImage(7, 8, 6);
        var dst = new float[56];
        var ones = Enumerable.Repeat(1f, 56).ToArray();
        // destination(y, x) = source(y, x + 1): the content moves one pixel left.
        ImageTransforms.ElasticDistort(src, dst, 7, 8, ones, new float[56]);
        Assert.Equal(ShiftedCopy(src, 7, 8, 0, -1), dst);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var buffer = new float[20];
        Assert.Throws<ArgumentException>(() => ImageTransforms.Shift(buffer, buffer, 4, 5, 1, 0));
        Assert.Throws<ArgumentException>(() => ImageTransforms.Shift(new float[19], buffer, 4, 5, 1, 0));
        Assert.Throws<ShapeMismatchException>(() => ImageTransforms.ExpandWithShifts(
            new LabeledData(new Tensor<float>(new Shape(2, 10)), new Tensor<int>(new Shape(2)))));
    }
}
