using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

public class PoolLayerTests
{
    /// <summary>Loop reference over (n, c, h, w) for square windows; padded cells count as zeros for the
    /// include-padding average and the L2 sum, and are skipped otherwise.</summary>
    private static double Window(Tensor<double> x, int n, int c, int r0, int q0, int p, PoolingMode mode, int h, int w)
    {
        double max = double.NegativeInfinity, sum = 0, sq = 0;
        int real = 0;
        for (int r = r0; r < r0 + p; r++)
            for (int q = q0; q < q0 + p; q++)
            {
                if (r < 0 || r >= h || q < 0 || q >= w) continue;
                double v = x[n, c, r, q];
                max = Math.Max(max, v); sum += v; sq += v * v; real++;
            }
        return mode switch
        {
            PoolingMode.Max => max,
            PoolingMode.AverageIncludePadding => sum / (p * p),
            PoolingMode.AverageExcludePadding => sum / real,
            PoolingMode.L2 => Math.Sqrt(sq),
            _ => Math.Sqrt(sq / real),
        };
    }

    [Theory]
    [InlineData(PoolingMode.Max, 2, 2, 0)]
    [InlineData(PoolingMode.Max, 3, 2, 1)]
    [InlineData(PoolingMode.AverageIncludePadding, 3, 2, 1)]
    [InlineData(PoolingMode.AverageExcludePadding, 3, 2, 1)]
    [InlineData(PoolingMode.L2, 2, 2, 0)]
    [InlineData(PoolingMode.L2, 3, 1, 1)]
    [InlineData(PoolingMode.RootMeanSquare, 3, 2, 1)]
    public void Pool2DMatchesLoopReference(PoolingMode mode, int p, int s, int pad)
    {
        var input = new InputLayer([null, 2, 7, 6], dtype: DType.Float64);
        var pool = new Pool2DLayer(input, p, s, pad, mode: mode);
        var x = TestUtil.RandomTensor(new Shape(2, 2, 7, 6), 5);
        var y = TestUtil.Run(pool, input, x);
        var shape = TestUtil.Concrete(pool.OutputShape, 2);
        Assert.Equal(shape, y.Shape);
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 2; c++)
                for (int i = 0; i < shape[2]; i++)
                    for (int j = 0; j < shape[3]; j++)
                        Assert.Equal(Window(x, n, c, i * s - pad, j * s - pad, p, mode, 7, 6), y[n, c, i, j], 9);
    }

    [Fact]
    public void MaxPoolWithoutIgnoreBorderKeepsPartialWindows()
    {
        var input = new InputLayer([null, 1, 5, 5], dtype: DType.Float64);
        var pool = new MaxPool2DLayer(input, 2, ignoreBorder: false);
        Assert.Equal(new int?[] { null, 1, 3, 3 }, pool.OutputShape);
        Assert.Equal(new int?[] { null, 1, 2, 2 }, new MaxPool2DLayer(input, 2).OutputShape);
        var x = TestUtil.RandomTensor(new Shape(1, 1, 5, 5), 6);
        var y = TestUtil.Run(pool, input, x);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(Window(x, 0, 0, 2 * i, 2 * j, 2, PoolingMode.Max, 5, 5), y[0, 0, i, j]);
    }

    [Fact]
    public void GlobalPoolAndUpscaleMatchLoops()
    {
        var input = new InputLayer([null, 2, 3, 2], dtype: DType.Float64);
        var x = TestUtil.RandomTensor(new Shape(2, 2, 3, 2), 7);
        var mean = TestUtil.Run(new GlobalPoolLayer(input), input, x);
        var max = TestUtil.Run(new GlobalPoolLayer(input, GlobalPoolFunction.Max), input, x);
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 2; c++)
            {
                double s = 0, m = double.NegativeInfinity;
                for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) { s += x[n, c, i, j]; m = Math.Max(m, x[n, c, i, j]); }
                Assert.Equal(s / 6, mean[n, c], 12);
                Assert.Equal(m, max[n, c]);
            }
        var up = TestUtil.Run(new Upscale2DLayer(input, (2, 3)), input, x);
        var dil = TestUtil.Run(new Upscale2DLayer(input, 2, UpscaleMode.Dilate), input, x);
        Assert.Equal(new Shape(2, 2, 6, 6), up.Shape);
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 2; c++)
            {
                for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) Assert.Equal(x[n, c, i / 2, j / 3], up[n, c, i, j]);
                for (int i = 0; i < 6; i++) for (int j = 0; j < 4; j++)
                    Assert.Equal(i % 2 == 0 && j % 2 == 0 ? x[n, c, i / 2, j / 2] : 0.0, dil[n, c, i, j]);
            }
    }

    [Fact]
    public void BadPoolArgumentsAreRejected()
    {
        var input = new InputLayer([null, 1, 5, 5]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pool2DLayer(input, 2, pad: 2));
        Assert.Throws<ArgumentException>(() => new Pool2DLayer(input, 3, pad: 1, ignoreBorder: false));
        var ex = Assert.Throws<ShapeMismatchException>(() => new MaxPool2DLayer(new InputLayer([null, 1, 1, 1]), 2, name: "pool"));
        Assert.Contains("MaxPool2DLayer 'pool'", ex.Message);
        Assert.Contains("(None, 1, 1, 1)", ex.Message);
        Assert.Throws<ShapeMismatchException>(() => new GlobalPoolLayer(new InputLayer([null, 3])));
    }
}
