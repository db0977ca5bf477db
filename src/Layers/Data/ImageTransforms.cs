using NeuralCore.Tensors;

namespace NeuralCore.Layers.Data;

/// <summary>
/// Deterministic image transforms on single row-major planes (height x width floats), the building
/// blocks of <see cref="ImageAugmenter"/>: integer shifts, rotations and elastic distortions with
/// bilinear resampling (pixels outside the image read as 0), and the "expanded" training set of
/// the lecture (each image plus four copies shifted by one pixel).
/// Source and destination must not overlap.
/// </summary>
public static class ImageTransforms
{
    /// <summary>Moves the content <paramref name="dy"/> pixels down and <paramref name="dx"/> pixels right
    /// (negative: up/left); uncovered pixels become 0.</summary>
    /// <exception cref="ArgumentException">When a span is not height*width long or the spans overlap.</exception>
    public static void Shift(ReadOnlySpan<float> source, Span<float> destination, int height, int width, int dy, int dx)
    {
        CheckPlanes(source, destination, height, width, "shift");
        destination.Clear();
        int y0 = Math.Max(0, dy), y1 = Math.Min(height, height + dy);
        int x0 = Math.Max(0, dx), x1 = Math.Min(width, width + dx);
        if (x1 <= x0) return;
        for (int y = y0; y < y1; y++)
            source.Slice((y - dy) * width + (x0 - dx), x1 - x0).CopyTo(destination.Slice(y * width + x0, x1 - x0));
    }

    /// <summary>Rotates the content by <paramref name="angleRadians"/> about the image centre, bilinear;
    /// pixels from outside become 0. Positive angles turn it clockwise as displayed (rows downwards):
    /// by 90 degrees a square image maps as destination[y, x] = source[width - 1 - x, y].</summary>
    /// <exception cref="ArgumentException">When a span is not height*width long or the spans overlap.</exception>
    public static void Rotate(ReadOnlySpan<float> source, Span<float> destination, int height, int width, double angleRadians)
    {
        CheckPlanes(source, destination, height, width, "rotate");
        Resample(source, destination, height, width, 0, 0, angleRadians, default, default, 0f);
    }

    /// <summary>Elastic distortion (Simard et al. 2003) with a given displacement field: destination(y, x) =
    /// source(y + displacementY(y, x), x + displacementX(y, x)), bilinear. A zero field copies the image.</summary>
    /// <exception cref="ArgumentException">When a span is not height*width long or the spans overlap.</exception>
    public static void ElasticDistort(ReadOnlySpan<float> source, Span<float> destination, int height, int width,
        ReadOnlySpan<float> displacementX, ReadOnlySpan<float> displacementY)
    {
        CheckPlanes(source, destination, height, width, "elastic_distort");
        if (displacementX.Length != height * width || displacementY.Length != height * width)
            throw new ArgumentException($"elastic_distort: displacement fields of {displacementX.Length} and {displacementY.Length} values for {height} x {width} images");
        Resample(source, destination, height, width, 0, 0, 0, displacementX, displacementY, 1f);
    }

    /// <summary>
    /// The lecture's expanded training set: every image followed by four copies of it shifted by one
    /// pixel (down, up, right, left), labels repeated, so example i of the input becomes examples
    /// 5i..5i+4 of the result (shuffle when iterating). Works on (N, C, H, W), (N, H, W) and (N, H*W).
    /// It takes five times the memory (about 0.8 GB for 50,000 MNIST images); <see cref="AugmentationOptions.ExpandedSetShifts"/>
    /// draws the same five variants on the fly instead.
    /// </summary>
    /// <exception cref="ShapeMismatchException">When the images are not image-shaped.</exception>
    public static LabeledData ExpandWithShifts(LabeledData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var g = ImageGeometry.Of(data.Inputs, "expand_with_shifts");
        const int copies = 5;
        var inputs = new Tensor<float>(data.Inputs.Shape.With(0, g.Count * copies));
        var labels = new Tensor<int>(new Shape(g.Count * copies));
        var src = data.Inputs.AsReadOnlySpan();
        var dst = inputs.AsSpan();
        var srcLabels = data.Labels.AsReadOnlySpan();
        var dstLabels = labels.AsSpan();
        ReadOnlySpan<int> dys = [0, 1, -1, 0, 0];
        ReadOnlySpan<int> dxs = [0, 0, 0, 1, -1];
        for (int i = 0; i < g.Count; i++)
        {
            for (int k = 0; k < copies; k++)
            {
                int outExample = i * copies + k;
                for (int c = 0; c < g.Channels; c++)
                {
                    int inOffset = i * g.ExampleSize + c * g.PlaneSize, outOffset = outExample * g.ExampleSize + c * g.PlaneSize;
                    Shift(src.Slice(inOffset, g.PlaneSize), dst.Slice(outOffset, g.PlaneSize), g.Height, g.Width, dys[k], dxs[k]);
                }
                dstLabels[outExample] = srcLabels[i];
            }
        }
        return new LabeledData(inputs, labels);
    }

    /// <summary>
    /// One bilinear resampling for the whole composition shift -> rotation -> elastic distortion:
    /// destination(p) = source(c + R(-angle)(p + D(p) - c) - (dy, dx)), c the image centre.
    /// Integer coordinates reproduce source pixels exactly, so a pure shift or a zero angle is exact.
    /// </summary>
    internal static void Resample(ReadOnlySpan<float> source, Span<float> destination, int height, int width,
        int dy, int dx, double angleRadians, ReadOnlySpan<float> displacementX, ReadOnlySpan<float> displacementY, float displacementScale)
    {
        float cy = (height - 1) * 0.5f, cx = (width - 1) * 0.5f;
        float cos = (float)Math.Cos(angleRadians), sin = (float)Math.Sin(angleRadians);
        if (angleRadians == 0) { cos = 1f; sin = 0f; }
        bool elastic = displacementScale != 0f && !displacementX.IsEmpty;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int p = y * width + x;
                float py = y, px = x;
                if (elastic)
                {
                    py += displacementScale * displacementY[p];
                    px += displacementScale * displacementX[p];
                }
                // Inverse rotation of the output position; with rows growing downwards a positive angle turns the content clockwise on screen.
                float ry = py - cy, rx = px - cx;
                float sy = cy + cos * ry - sin * rx - dy;
                float sx = cx + sin * ry + cos * rx - dx;
                destination[p] = Bilinear(source, height, width, sy, sx);
            }
        }
    }

    private static float Bilinear(ReadOnlySpan<float> image, int height, int width, float y, float x)
    {
        if (!(y > -1f && y < height && x > -1f && x < width)) return 0f;
        float fy0 = MathF.Floor(y), fx0 = MathF.Floor(x);
        int y0 = (int)fy0, x0 = (int)fx0;
        float ty = y - fy0, tx = x - fx0;
        float v00, v01, v10, v11;
        if ((uint)y0 < (uint)(height - 1) && (uint)x0 < (uint)(width - 1))
        {
            // Interior (the common case): all four neighbours exist, no per-pixel range checks.
            int p = y0 * width + x0;
            var quad = image.Slice(p, width + 2);
            v00 = quad[0]; v01 = quad[1]; v10 = quad[width]; v11 = quad[width + 1];
        }
        else
        {
            v00 = Pixel(image, height, width, y0, x0); v01 = Pixel(image, height, width, y0, x0 + 1);
            v10 = Pixel(image, height, width, y0 + 1, x0); v11 = Pixel(image, height, width, y0 + 1, x0 + 1);
        }
        // Lerp form a + t(b - a): with t = 0 it returns a exactly.
        float top = v00 + tx * (v01 - v00);
        float bottom = v10 + tx * (v11 - v10);
        return top + ty * (bottom - top);
    }

    private static float Pixel(ReadOnlySpan<float> image, int height, int width, int y, int x)
        => (uint)y < (uint)height && (uint)x < (uint)width ? image[y * width + x] : 0f;

    internal static void CheckPlanes(ReadOnlySpan<float> source, Span<float> destination, int height, int width, string operation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        int size = height * width;
        if (source.Length != size || destination.Length != size)
            throw new ArgumentException($"{operation}: source of {source.Length} and destination of {destination.Length} values for a {height} x {width} image ({size} values)");
        if (source.Overlaps(destination))
            throw new ArgumentException($"{operation}: source and destination overlap; use separate buffers");
    }
}
