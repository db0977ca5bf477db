using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests;

public class RandomStreamsTests
{
    private static (CompiledFunction F, Tensor<float> Input) Dropout(ulong seed)
    {
        var rng = new RandomStreams(seed);
        var x = T.Matrix("x");
        var mask = rng.Binomial(x, p: 0.75);
        var y = x * mask / 0.75f;
        return (Function.Compile([x], y), Tensor.Ones<float>(64, 32));
    }

    [Fact]
    public void SameSeedGivesTheSameMasksAndCallsDiffer()
    {
        var (f1, input) = Dropout(42);
        var (f2, _) = Dropout(42);
        var (f3, _) = Dropout(43);
        var a1 = f1.Invoke(input)[0].F();
        var a2 = f1.Invoke(input)[0].F();
        var b1 = f2.Invoke(input)[0].F();
        var b2 = f2.Invoke(input)[0].F();
        var c1 = f3.Invoke(input)[0].F();
        Assert.Equal(a1, b1);
        Assert.Equal(a2, b2);
        Assert.NotEqual(a1, a2);
        Assert.NotEqual(a1, c1);
        double kept = a1.Count(v => v != 0) / (double)a1.Length;
        Assert.InRange(kept, 0.70, 0.80);
        Assert.All(a1, v => Assert.True(v == 0 || Math.Abs(v - 1 / 0.75f) < 1e-6));
    }

    [Fact]
    public void ReseedReplaysTheSequence()
    {
        var rng = new RandomStreams(7);
        var u = rng.Uniform([3, 4], -2, 2);
        var f = Function.Compile([], u, options: new CompileOptions { CopyOutputs = true });
        var first = f.Invoke()[0].F();
        f.Invoke();
        rng.Reseed(7);
        Assert.Equal(first, f.Invoke()[0].F());
        Assert.All(first, v => Assert.InRange(v, -2f, 2f));
    }

    [Fact]
    public void NormalHasTheRequestedMomentsAndNoGradient()
    {
        var rng = new RandomStreams(3);
        var x = T.Vector("x", DType.Float64);
        var noise = rng.Normal(x, mean: 1, std: 2);
        var f = Function.Compile([x], [noise, Grad.Of(T.Sum(x * noise), x)]);
        var r = f.Invoke(Tensor.Zeros<double>(20000));
        var n = r[0].D();
        double mean = n.Average(), std = Math.Sqrt(n.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, 0.95, 1.05);
        Assert.InRange(std, 1.95, 2.05);
        Assert.Equal(n, r[1].D()); // gradient of sum(x * noise) is the noise itself: the random op is a constant
    }
}
