using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

public class NoiseLayerTests
{
    [Fact]
    public void DropoutZeroesOrRescalesAndIsIdentityWhenDeterministic()
    {
        var input = new InputLayer([null, 50, 40], dtype: DType.Float64);
        var drop = new DropoutLayer(input, p: 0.3);
        var x = TestUtil.RandomTensor(new Shape(2, 50, 40), 11, 1, 2);
        var y = TestUtil.Run(drop, input, x, deterministic: false);
        int kept = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = y.AsSpan()[i];
            if (v == 0) continue;
            kept++;
            Assert.Equal(x.AsSpan()[i] / 0.7, v, 12);
        }
        double keptFraction = kept / (double)x.Length;
        Assert.InRange(keptFraction, 0.7 - 0.03, 0.7 + 0.03); // 4000 draws: 3 % is > 6 standard deviations
        Assert.Equal(x.ToArray(), TestUtil.Run(drop, input, x, deterministic: true).ToArray());

        var noRescale = new DropoutLayer(input, p: 0.3, rescale: false);
        var z = TestUtil.Run(noRescale, input, x, deterministic: false);
        for (int i = 0; i < x.Length; i++) Assert.True(z.AsSpan()[i] == 0 || z.AsSpan()[i] == x.AsSpan()[i]);
    }

    [Fact]
    public void DropoutWithSharedAxesDropsWholeMaps()
    {
        var input = new InputLayer([null, 30, 3, 3], dtype: DType.Float64);
        var drop = new DropoutLayer(input, p: 0.5, sharedAxes: [2, 3]);
        var x = TestUtil.RandomTensor(new Shape(2, 30, 3, 3), 12, 1, 2);
        var y = TestUtil.Run(drop, input, x, deterministic: false);
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 30; c++)
            {
                bool zero = y[n, c, 0, 0] == 0;
                for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) Assert.Equal(zero, y[n, c, i, j] == 0);
            }
    }

    [Fact]
    public void DropoutMasksDifferBetweenCalls()
    {
        var input = new InputLayer([null, 100], dtype: DType.Float64);
        var drop = new DropoutLayer(input);
        var f = Function.Compile([input.InputVariable], LayerGraph.GetOutput(drop));
        var x = Tensor.Ones<double>(1, 100);
        var a = ((Tensor<double>)f.Invoke(x)[0]).ToArray();
        var b = ((Tensor<double>)f.Invoke(x)[0]).ToArray();
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void GaussianNoiseHasTheRequestedSigma()
    {
        var input = new InputLayer([null, 100, 50], dtype: DType.Float64);
        var noise = new GaussianNoiseLayer(input, sigma: 0.2);
        var x = TestUtil.RandomTensor(new Shape(1, 100, 50), 13);
        var y = TestUtil.Run(noise, input, x, deterministic: false);
        double sum = 0, sq = 0;
        for (int i = 0; i < x.Length; i++) { double d = y.AsSpan()[i] - x.AsSpan()[i]; sum += d; sq += d * d; }
        Assert.InRange(sum / x.Length, -0.02, 0.02);
        Assert.InRange(Math.Sqrt(sq / x.Length), 0.19, 0.21);
        Assert.Equal(x.ToArray(), TestUtil.Run(noise, input, x, deterministic: true).ToArray());
    }

    [Fact]
    public void InvalidProbabilityIsRejected()
    {
        var input = new InputLayer([null, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DropoutLayer(input, p: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DropoutLayer(input, p: -0.1));
        Assert.Throws<ShapeMismatchException>(() => new DropoutLayer(input, sharedAxes: [2]));
    }
}
