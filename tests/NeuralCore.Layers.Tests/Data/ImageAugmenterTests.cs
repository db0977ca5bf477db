using NeuralCore.Layers.Data;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests.Data;

public class ImageAugmenterTests
{
    private static Tensor<float> Batch(int n, int seed)
    {
        var t = new Tensor<float>(new Shape(n, 1, 28, 28));
        var r = new Random(seed);
        var span = t.AsSpan();
        for (int i = 0; i < span.Length; i++) span[i] = (float)r.NextDouble();
        return t;
    }

    private static readonly AugmentationOptions s_everything = new() { MaxShift = 2, MaxRotationDegrees = 12, ElasticAlpha = 34, ElasticSigma = 4 };

    [Fact]
    public void Same_seed_same_output_different_seed_different_output()
    {
        var batch = Batch(8, 1);
        var a = new ImageAugmenter(s_everything, 42);
        var b = new ImageAugmenter(s_everything, 42);
        var c = new ImageAugmenter(s_everything, 43);
        for (int round = 0; round < 2; round++)
        {
            var outA = a.Apply(batch);
            Assert.True(outA.ValueEquals(b.Apply(batch)));
            Assert.False(outA.ValueEquals(c.Apply(batch)));
            Assert.False(outA.ValueEquals(batch));
            foreach (var v in outA.AsReadOnlySpan()) Assert.InRange(v, -1e-6f, 1 + 1e-6f);
        }
    }

    [Fact]
    public void Same_output_for_any_number_of_threads()
    {
        var batch = Batch(130, 7);
        var serial = new ImageAugmenter(s_everything, 3) { MaxWorkers = 1 };
        var parallel = new ImageAugmenter(s_everything, 3) { MaxWorkers = 4 };
        for (int round = 0; round < 2; round++)
            Assert.Equal(serial.Apply(batch).ToArray(), parallel.Apply(batch).ToArray());
    }

    [Fact]
    public void Elastic_displacements_are_smooth_and_bounded()
    {
        // A horizontal ramp: the output value minus the input value is the x displacement divided by
        // the ramp's slope, so the field becomes visible. Neighbouring displacements differ little
        // (Gaussian smoothing) and none exceeds alpha (a weighted mean of values in [-1, 1), times alpha).
        const int n = 28;
        var ramp = new Tensor<float>(new Shape(1, 1, n, n));
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) ramp[0, 0, y, x] = 100 + x;
        var options = new AugmentationOptions { ElasticAlpha = 8, ElasticSigma = 4 };
        var output = new ImageAugmenter(options, 5).Apply(ramp);
        double maxJump = 0, maxDisplacement = 0;
        for (int y = 8; y < 20; y++)
            for (int x = 8; x < 19; x++)
            {
                // Stay in the interior where the sampled position cannot leave the image.
                double d = output[0, 0, y, x] - ramp[0, 0, y, x];
                double right = output[0, 0, y, x + 1] - ramp[0, 0, y, x + 1];
                maxJump = Math.Max(maxJump, Math.Abs(right - d));
                maxDisplacement = Math.Max(maxDisplacement, Math.Abs(d));
            }
        Assert.InRange(maxDisplacement, 0.01, options.ElasticAlpha);
        Assert.True(maxJump < 0.5 * maxDisplacement + 0.05, $"neighbouring displacements differ by {maxJump}, the largest is {maxDisplacement}");
    }

    [Fact]
    public void Nothing_enabled_is_identity_including_elastic_with_alpha_zero()
    {
        var batch = Batch(4, 2);
        var same = new ImageAugmenter(new AugmentationOptions { ElasticAlpha = 0, ElasticSigma = 3, MaxRotationDegrees = 0 }, 7).Apply(batch);
        Assert.True(same.ValueEquals(batch));
    }

    [Fact]
    public void Shift_only_output_is_one_of_the_shifted_copies()
    {
        var batch = Batch(16, 3);
        var output = new ImageAugmenter(AugmentationOptions.OnePixelShifts, 5).Apply(batch);
        var seen = new HashSet<(int, int)>();
        var buffer = new float[784];
        for (int i = 0; i < 16; i++)
        {
            var src = batch.Row(i).AsReadOnlySpan();
            var dst = output.Row(i).AsReadOnlySpan();
            bool matched = false;
            for (int dy = -1; dy <= 1 && !matched; dy++)
                for (int dx = -1; dx <= 1 && !matched; dx++)
                {
                    for (int y = 0; y < 28; y++)
                        for (int x = 0; x < 28; x++)
                        {
                            int sy = y - dy, sx = x - dx;
                            buffer[y * 28 + x] = sy is >= 0 and < 28 && sx is >= 0 and < 28 ? src[sy * 28 + sx] : 0f;
                        }
                    if (dst.SequenceEqual(buffer)) { matched = true; seen.Add((dy, dx)); }
                }
            Assert.True(matched, $"image {i} is not a one-pixel shift of its source");
        }
        Assert.True(seen.Count > 1, "every image got the same shift");
    }

    [Fact]
    public void Expanded_set_shifts_draw_exactly_the_five_expanded_variants()
    {
        var batch = Batch(200, 8);
        var output = new ImageAugmenter(AugmentationOptions.ExpandedSetShifts, 2).Apply(batch);
        var counts = new Dictionary<(int, int), int>();
        var expected = new float[784];
        for (int i = 0; i < 200; i++)
        {
            var src = batch.Row(i).ToArray();
            var dst = output.Row(i).AsReadOnlySpan();
            (int, int)? found = null;
            foreach (var (dy, dx) in new[] { (0, 0), (1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1), (1, -1), (-1, 1) })
            {
                ImageTransforms.Shift(src, expected, 28, 28, dy, dx);
                if (dst.SequenceEqual(expected)) { found = (dy, dx); break; }
            }
            Assert.NotNull(found);
            counts[found.Value] = counts.GetValueOrDefault(found.Value) + 1;
        }
        Assert.Equal(5, counts.Count);
        Assert.DoesNotContain(counts.Keys, k => k.Item1 != 0 && k.Item2 != 0);
        Assert.All(counts.Values, c => Assert.InRange(c, 15, 70)); // 40 expected each
    }

    [Fact]
    public void Flat_batches_are_treated_as_square_images()
    {
        var images = Batch(3, 4);
        var flat = images.Reshape(3, 784);
        var a = new ImageAugmenter(s_everything, 9).Apply(images);
        var b = new ImageAugmenter(s_everything, 9).Apply(flat);
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void No_allocation_after_warm_up_with_a_caller_buffer()
    {
        var batch = Batch(32, 5);
        var destination = new Tensor<float>(batch.Shape);
        var augmenter = new ImageAugmenter(s_everything, 1);
        augmenter.Apply(batch, destination);
        long before = GC.GetAllocatedBytesForCurrentThread();
        augmenter.Apply(batch, destination);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var batch = Batch(2, 6);
        var augmenter = new ImageAugmenter(s_everything, 1);
        Assert.Throws<ShapeMismatchException>(() => augmenter.Apply(batch, new Tensor<float>(new Shape(3, 1, 28, 28))));
        Assert.Throws<ArgumentException>(() => augmenter.Apply(batch, batch));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageAugmenter(new AugmentationOptions { MaxShift = -1 }, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageAugmenter(new AugmentationOptions { ElasticAlpha = 1, ElasticSigma = 0 }, 0));
    }
}
