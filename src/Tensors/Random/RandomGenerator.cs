using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuralCore.Tensors;

/// <summary>
/// A counter-based random number generator (Philox4x32-10, Salmon et al., SC 2011): the n-th
/// block of four 32-bit numbers is a pure function of (seed, n), so the same seed gives the same
/// numbers on every machine and for every thread count — large fills are split across threads by
/// block index. The only state is the seed and the number of blocks consumed; there is no global
/// or hidden state. Not thread-safe: give each thread its own generator (see <see cref="Fork"/>).
/// </summary>
public sealed class RandomGenerator
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    private const double TwoPow32 = 4294967296.0;
    private const int MinParallelBlocks = 1 << 14;

    private readonly uint _key0, _key1;

    /// <summary>Creates a generator whose stream is determined by <paramref name="seed"/>.</summary>
    public RandomGenerator(ulong seed)
    {
        Seed = seed;
        _key0 = (uint)seed;
        _key1 = (uint)(seed >> 32);
    }

    /// <summary>The seed this generator was created with.</summary>
    public ulong Seed { get; }

    /// <summary>Number of 128-bit blocks consumed so far (the counter of the next block). Setting it moves the
    /// stream there at once (the counter-based design makes any block directly reachable), which is how a training
    /// checkpoint puts a generator back where it stopped: a generator set to position n draws exactly what a
    /// generator of the same seed draws after consuming n blocks.</summary>
    public ulong Position { get; set; }

    /// <summary>64 random bits.</summary>
    public ulong NextUInt64()
    {
        var (r0, r1, _, _) = Block(Position++, 0, _key0, _key1);
        return ((ulong)r1 << 32) | r0;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="bound"/>) (Lemire's multiply-shift on 64 bits).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When bound is not positive.</exception>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        return (int)(((UInt128)NextUInt64() * (ulong)bound) >> 64);
    }

    /// <summary>A new generator with a seed drawn from this one: its stream is independent of this
    /// generator's, and forking the same generator state always gives the same child.</summary>
    public RandomGenerator Fork() => new(Mix(NextUInt64() ^ Seed));

    /// <summary>A random permutation of 0..n-1 (Fisher-Yates).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When n is negative.</exception>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    /// <summary>Fills <paramref name="destination"/> with uniform values in [low, high) (for int:
    /// integers in [low, high)).</summary>
    /// <exception cref="ArgumentException">When high &lt; low (or high &lt;= low for int).</exception>
    public void Uniform<T>(Span<T> destination, T low, T high) where T : unmanaged, INumber<T>
    {
        var d = new Distribution<T>(DistributionKind.Uniform, low, high, 0);
        d.Validate();
        ulong start = Reserve(destination.Length, d.PerBlock);
        d.Fill(destination, start, _key0, _key1);
    }

    /// <summary>Fills <paramref name="destination"/> with normal values (Box-Muller, computed in double).</summary>
    /// <exception cref="ArgumentException">When std is negative.</exception>
    public void Normal<T>(Span<T> destination, T mean, T std) where T : unmanaged, INumber<T>
    {
        var d = new Distribution<T>(DistributionKind.Normal, mean, std, 0);
        d.Validate();
        ulong start = Reserve(destination.Length, d.PerBlock);
        d.Fill(destination, start, _key0, _key1);
    }

    /// <summary>Fills <paramref name="destination"/> with 1 with probability <paramref name="p"/>, else 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When p is outside [0, 1].</exception>
    public void Bernoulli<T>(Span<T> destination, double p) where T : unmanaged, INumber<T>
    {
        var d = new Distribution<T>(DistributionKind.Bernoulli, T.Zero, T.One, p);
        d.Validate();
        ulong start = Reserve(destination.Length, d.PerBlock);
        d.Fill(destination, start, _key0, _key1);
    }

    /// <summary>Fills a tensor with uniform values in [low, high); large tensors are filled in parallel with the same values.</summary>
    public void Uniform<T>(Tensor<T> destination, T low, T high) where T : unmanaged, INumber<T>
        => FillTensor(destination, new Distribution<T>(DistributionKind.Uniform, low, high, 0));

    /// <summary>Fills a tensor with normal values; large tensors are filled in parallel with the same values.</summary>
    public void Normal<T>(Tensor<T> destination, T mean, T std) where T : unmanaged, INumber<T>
        => FillTensor(destination, new Distribution<T>(DistributionKind.Normal, mean, std, 0));

    /// <summary>Fills a tensor with 1 with probability <paramref name="p"/>, else 0.</summary>
    public void Bernoulli<T>(Tensor<T> destination, double p) where T : unmanaged, INumber<T>
        => FillTensor(destination, new Distribution<T>(DistributionKind.Bernoulli, T.Zero, T.One, p));

    /// <summary>A new tensor of uniform values in [low, high).</summary>
    public Tensor<T> Uniform<T>(Shape shape, T low, T high) where T : unmanaged, INumber<T>
    {
        var t = new Tensor<T>(shape);
        Uniform(t, low, high);
        return t;
    }

    /// <summary>A new tensor of normal values with the given mean and standard deviation.</summary>
    public Tensor<T> Normal<T>(Shape shape, T mean, T std) where T : unmanaged, INumber<T>
    {
        var t = new Tensor<T>(shape);
        Normal(t, mean, std);
        return t;
    }

    /// <summary>A new tensor of 1 (probability <paramref name="p"/>) and 0 values, e.g. a dropout keep-mask.</summary>
    public Tensor<T> Bernoulli<T>(Shape shape, double p) where T : unmanaged, INumber<T>
    {
        var t = new Tensor<T>(shape);
        Bernoulli(t, p);
        return t;
    }

    private void FillTensor<T>(Tensor<T> destination, Distribution<T> d) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(destination);
        d.Validate();
        int n = destination.Length;
        ulong start = Reserve(n, d.PerBlock);
        long blocks = ((long)n + d.PerBlock - 1) / d.PerBlock;
        if (blocks < MinParallelBlocks || Parallelism.MaxThreads == 1)
        {
            d.Fill(destination.AsSpan(), start, _key0, _key1);
            return;
        }
        // Chunks start on block boundaries; element values depend only on their index, so any split gives the same numbers.
        int chunks = BinaryKernels.ElementwiseChunks(n, expensive: true);
        ParallelChunks.Run(new FillWork<T>(destination, d, start, _key0, _key1, chunks), chunks);
    }

    private ulong Reserve(int count, int perBlock)
    {
        ulong start = Position;
        Position += (ulong)(((long)count + perBlock - 1) / perBlock);
        return start;
    }

    private readonly struct FillWork<T>(Tensor<T> t, Distribution<T> d, ulong startBlock, uint key0, uint key1, int chunks) : IChunkWork
        where T : unmanaged, INumber<T>
    {
        private readonly T[] _array = t.Array;
        private readonly int _offset = t.Offset, _length = t.Length;

        public void Run(int chunk)
        {
            long blocks = ((long)_length + d.PerBlock - 1) / d.PerBlock;
            long b0 = blocks * chunk / chunks, b1 = blocks * (chunk + 1) / chunks;
            int e0 = (int)(b0 * d.PerBlock), e1 = (int)Math.Min(b1 * d.PerBlock, _length);
            d.Fill(_array.AsSpan(_offset + e0, e1 - e0), startBlock + (ulong)b0, key0, key1);
        }
    }

    private enum DistributionKind
    {
        Uniform,
        Normal,
        Bernoulli,
    }

    /// <summary>How elements are made from blocks: element j of a fill uses block start + j / PerBlock.</summary>
    private readonly struct Distribution<T>(DistributionKind kind, T a, T b, double p) where T : unmanaged, INumber<T>
    {
        // float and int use one 32-bit lane per element (4 per block); double uses two (2 per block).
        public int PerBlock => typeof(T) == typeof(double) ? 2 : 4;

        public void Validate()
        {
            switch (kind)
            {
                case DistributionKind.Uniform:
                    if (typeof(T) == typeof(int) ? !(b > a) : !(b >= a))
                        throw new ArgumentException($"uniform: high {b} must be greater than low {a}");
                    break;
                case DistributionKind.Normal:
                    if (!(b >= T.Zero)) throw new ArgumentException($"normal: standard deviation {b} must not be negative");
                    if (typeof(T) == typeof(int)) throw new NotSupportedException("normal: int tensors are not supported; use float or double");
                    break;
                default:
                    if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"bernoulli: probability {p} is outside [0, 1]");
                    break;
            }
        }

        /// <summary>Fills <paramref name="d"/>, whose first element is element 0 of block <paramref name="block"/>.</summary>
        public void Fill(Span<T> d, ulong block, uint key0, uint key1)
        {
            int per = PerBlock;
            for (int i = 0; i < d.Length; i += per, block++)
            {
                var (r0, r1, r2, r3) = Block(block, 0, key0, key1);
                int count = Math.Min(per, d.Length - i);
                if (per == 4)
                {
                    if (kind == DistributionKind.Normal)
                    {
                        var (z0, z1) = BoxMuller(Open01(r0), Open01(r1));
                        var (z2, z3) = BoxMuller(Open01(r2), Open01(r3));
                        double mean = double.CreateTruncating(a), std = double.CreateTruncating(b);
                        d[i] = T.CreateTruncating(mean + std * z0);
                        if (count > 1) d[i + 1] = T.CreateTruncating(mean + std * z1);
                        if (count > 2) d[i + 2] = T.CreateTruncating(mean + std * z2);
                        if (count > 3) d[i + 3] = T.CreateTruncating(mean + std * z3);
                    }
                    else
                    {
                        d[i] = From32(r0);
                        if (count > 1) d[i + 1] = From32(r1);
                        if (count > 2) d[i + 2] = From32(r2);
                        if (count > 3) d[i + 3] = From32(r3);
                    }
                }
                else
                {
                    ulong u0 = ((ulong)r1 << 32) | r0, u1 = ((ulong)r3 << 32) | r2;
                    if (kind == DistributionKind.Normal)
                    {
                        var (z0, z1) = BoxMuller(Open01(u0), Open01(u1));
                        d[i] = T.CreateTruncating(double.CreateTruncating(a) + double.CreateTruncating(b) * z0);
                        if (count > 1) d[i + 1] = T.CreateTruncating(double.CreateTruncating(a) + double.CreateTruncating(b) * z1);
                    }
                    else
                    {
                        d[i] = From64(u0, r0);
                        if (count > 1) d[i + 1] = From64(u1, r2);
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private T From32(uint r)
        {
            if (kind == DistributionKind.Bernoulli) return r < p * TwoPow32 ? T.One : T.Zero;
            if (typeof(T) == typeof(int))
            {
                long range = long.CreateTruncating(b) - long.CreateTruncating(a);
                return T.CreateTruncating(long.CreateTruncating(a) + (long)(((ulong)r * (ulong)range) >> 32));
            }
            // 24 random bits: every float in the grid k·2⁻²⁴ of [0, 1).
            float u = (r >> 8) * (1f / (1 << 24));
            float lo = float.CreateTruncating(a), hi = float.CreateTruncating(b);
            float v = lo + (hi - lo) * u;
            return T.CreateTruncating(v < hi || lo == hi ? v : lo); // rounding may reach `high`; keep the interval half-open
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private T From64(ulong bits, uint low32)
        {
            if (kind == DistributionKind.Bernoulli) return low32 < p * TwoPow32 ? T.One : T.Zero;
            double u = (bits >> 11) * (1.0 / (1UL << 53));
            double lo = double.CreateTruncating(a), hi = double.CreateTruncating(b);
            double v = lo + (hi - lo) * u;
            return T.CreateTruncating(v < hi || lo == hi ? v : lo);
        }
    }

    // Uniform in the open interval (0, 1), so log never sees 0.
    private static double Open01(uint r) => (r + 0.5) * (1.0 / TwoPow32);
    private static double Open01(ulong r) => ((r >> 11) + 0.5) * (1.0 / (1UL << 53));

    private static (double, double) BoxMuller(double u1, double u2)
    {
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
        return (radius * cos, radius * sin);
    }

    // SplitMix64's finaliser: spreads a 64-bit value over all bits (used to derive fork seeds).
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Philox4x32-10 on counter (low 64 bits = <paramref name="counter"/>, high 64 bits =
    /// <paramref name="counterHigh"/>) and key (key0, key1).</summary>
    internal static (uint, uint, uint, uint) Block(ulong counter, ulong counterHigh, uint key0, uint key1)
        => Philox((uint)counter, (uint)(counter >> 32), (uint)counterHigh, (uint)(counterHigh >> 32), key0, key1);

    /// <summary>The Philox4x32-10 bijection of a 128-bit counter under a 64-bit key.</summary>
    internal static (uint, uint, uint, uint) Philox(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            if (round > 0) { k0 += W0; k1 += W1; }
            ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
            (c0, c1, c2, c3) = ((uint)(p1 >> 32) ^ c1 ^ k0, (uint)p1, (uint)(p0 >> 32) ^ c3 ^ k1, (uint)p0);
        }
        return (c0, c1, c2, c3);
    }
}
