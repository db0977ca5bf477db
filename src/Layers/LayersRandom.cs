using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// The random generator that initializers use when none is given and from which noise layers take
/// their seeds (Lasagne's <c>lasagne.random.get_rng</c>/<c>set_rng</c>). Seed it once before building
/// a network to make the network reproducible.
/// </summary>
public static class LayersRandom
{
    private static RandomGenerator s_generator = new(DefaultSeed);

    /// <summary>Lock taken while layers draw from <see cref="Generator"/>, so networks built on
    /// several threads do not interleave draws unpredictably.</summary>
    public static object SyncRoot { get; } = new();

    /// <summary>The seed used when <see cref="Seed"/> has not been called.</summary>
    public const ulong DefaultSeed = 1234;

    /// <summary>The shared generator; replace it or call <see cref="Seed"/> for reproducible networks.</summary>
    public static RandomGenerator Generator
    {
        get => s_generator;
        set { lock (SyncRoot) s_generator = value ?? throw new ArgumentNullException(nameof(value)); }
    }

    /// <summary>A fresh seed for a layer's random stream (dropout, noise), drawn from <see cref="Generator"/>.</summary>
    public static ulong NextSeed() { lock (SyncRoot) return s_generator.NextUInt64(); }

    /// <summary>Replaces the shared generator with a fresh one seeded with <paramref name="seed"/>.</summary>
    public static void Seed(ulong seed) { lock (SyncRoot) s_generator = new RandomGenerator(seed); }

    /// <summary>Seeds the shared generator with <paramref name="seed"/> and runs <paramref name="build"/> (which builds a
    /// network) while holding <see cref="SyncRoot"/>: the network draws exactly the seed's stream even when other
    /// threads build networks at the same time, which <see cref="Seed"/> followed by the layer constructors does not
    /// guarantee (another thread may seed again or take draws in between). Other threads' draws wait meanwhile.</summary>
    /// <example><code>var net = LayersRandom.Seeded(42, () =&gt; new DenseLayer(new InputLayer([null, 784]), 10));</code></example>
    public static T Seeded<T>(ulong seed, Func<T> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        lock (SyncRoot)
        {
            Seed(seed);
            return build();
        }
    }
}
