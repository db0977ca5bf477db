using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

/// <summary>
/// A seeded source of random variables in the graph (Theano's RandomStreams): every Uniform/Normal/Binomial
/// call creates a random op with its own generator forked from the seed in creation order, so the same
/// seed and the same graph-building code give the same samples (e.g. the same dropout masks) on every run.
/// </summary>
public sealed class RandomStreams
{
    private readonly List<RandomOp> _ops = [];
    private RandomGenerator _root;

    /// <summary>Creates streams with the given seed.</summary>
    public RandomStreams(ulong seed)
    {
        Seed = seed;
        _root = new RandomGenerator(seed);
    }

    /// <summary>The seed.</summary>
    public ulong Seed { get; private set; }

    /// <summary>Restarts every random variable created so far (and later ones) from <paramref name="seed"/>.</summary>
    public void Reseed(ulong seed)
    {
        Seed = seed;
        _root = new RandomGenerator(seed);
        foreach (var op in _ops) op.Reseed(_root.Fork());
    }

    /// <summary>Uniform samples on [low, high) with the shape of <paramref name="dims"/> (e.g. <c>x.Shape.ToArray()</c>).</summary>
    public Variable Uniform(Dim[] dims, double low = 0, double high = 1, DType dtype = T.FloatX)
        => Make(RandomDistribution.Uniform, dtype, low, high, 1, dims);

    /// <summary>Normal samples with the shape of <paramref name="dims"/>.</summary>
    public Variable Normal(Dim[] dims, double mean = 0, double std = 1, DType dtype = T.FloatX)
        => Make(RandomDistribution.Normal, dtype, mean, std, 1, dims);

    /// <summary>Binomial samples (n trials of probability p; n = 1 gives a 0/1 mask) with the shape of <paramref name="dims"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When p is outside [0, 1] or n &lt; 1.</exception>
    public Variable Binomial(Dim[] dims, double p, int n = 1, DType dtype = T.FloatX)
    {
        if (p is < 0 or > 1 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), $"binomial: p = {p} is outside [0, 1]");
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return Make(RandomDistribution.Binomial, dtype, p, 0, n, dims);
    }

    /// <summary>Uniform samples shaped like <paramref name="like"/>.</summary>
    public Variable Uniform(Variable like, double low = 0, double high = 1) => Uniform(like.Shape.ToArray(), low, high, like.DType);

    /// <summary>Normal samples shaped like <paramref name="like"/>.</summary>
    public Variable Normal(Variable like, double mean = 0, double std = 1) => Normal(like.Shape.ToArray(), mean, std, like.DType);

    /// <summary>Binomial samples shaped like <paramref name="like"/> (a dropout mask with p = retain probability).</summary>
    public Variable Binomial(Variable like, double p, int n = 1) => Binomial(like.Shape.ToArray(), p, n, like.DType);

    private Variable Make(RandomDistribution distribution, DType dtype, double a, double b, int trials, Dim[] dims)
    {
        var inputs = new List<Variable>();
        var list = DimList.Build(dims, inputs);
        var op = new RandomOp(distribution, dtype, a, b, trials, list, _root.Fork());
        _ops.Add(op);
        return op.MakeNode([.. inputs])[0];
    }
}
