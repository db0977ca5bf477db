namespace NeuralCore.Tensors;

/// <summary>
/// Store policy of streaming elementwise kernels. <see cref="System.Numerics.Tensors.TensorPrimitives"/>
/// switches to non-temporal stores once one call covers more than 256 KB: right for data far beyond
/// the caches (no read-for-ownership of the destination), but when the operands fit in the L3 cache
/// the non-temporal stores push the result out to memory and the next op reads it back from DRAM. A
/// scratch measurement (2026-11-24, one thread) of an in-place add of 2M floats: 0.45 ms as one call,
/// 0.22 ms in 16K-element calls; out of place on 4M floats (48 MB touched), one call 1.2 ms vs
/// 2.35 ms blocked. So kernels cut their spans into <see cref="BlockElements"/>-element calls when the
/// data they touch fits in half the last-level cache (<see cref="KeepsInCache"/>), and make one big
/// call otherwise.
/// </summary>
internal static class ElementwiseBlocking
{
    /// <summary>Elements per call when staying in cache: 64 KB of floats, below TensorPrimitives'
    /// non-temporal threshold for float and double.</summary>
    public const int BlockElements = 1 << 14;

    /// <summary>Half the last-level cache (read from sysfs on Linux; 16 MB when unknown).</summary>
    public static long CacheResidentBytes { get; } = ReadLastLevelCacheBytes() / 2;

    /// <summary>True when a kernel touching <paramref name="bytes"/> distinct bytes should keep its
    /// result in cache (regular stores) rather than stream it to memory.</summary>
    public static bool KeepsInCache(long bytes) => bytes <= CacheResidentBytes;

    /// <summary>Distinct bytes an elementwise kernel reads and writes: the result, plus each operand
    /// that is not stored in the result's own array (in place ops touch the data once).</summary>
    public static long BytesTouched<T>(Tensor<T> result, Tensor<T> a, Tensor<T>? b = null) where T : unmanaged, System.Numerics.INumber<T>
    {
        long size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        long bytes = result.Length * size;
        if (!ReferenceEquals(a.Array, result.Array)) bytes += a.Length * size;
        if (b is not null && !ReferenceEquals(b.Array, result.Array) && !ReferenceEquals(b.Array, a.Array)) bytes += b.Length * size;
        return bytes;
    }

    private static long ReadLastLevelCacheBytes()
    {
        const long Fallback = 32L << 20;
        try
        {
            long best = 0;
            for (int index = 0; index < 8; index++)
            {
                string path = $"/sys/devices/system/cpu/cpu0/cache/index{index}/size";
                if (!File.Exists(path)) break;
                string text = File.ReadAllText(path).Trim();
                long multiplier = text.EndsWith('K') ? 1024 : text.EndsWith('M') ? 1024 * 1024 : 1;
                if (long.TryParse(text.TrimEnd('K', 'M'), out long value)) best = Math.Max(best, value * multiplier);
            }
            return best > 0 ? best : Fallback;
        }
        catch (IOException)
        {
            return Fallback;
        }
        catch (UnauthorizedAccessException)
        {
            return Fallback;
        }
    }
}
