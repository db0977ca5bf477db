using NeuralCore.Tensors;
using TorchSharp;

namespace NeuralCore.PeerBenchmarks;

/// <summary>Shared setup: the same thread count for both libraries, and deterministic inputs.</summary>
internal static class PeerSetup
{
    /// <summary>Gives both libraries <paramref name="threads"/> threads and prints, once per
    /// process, which libLibTorchSharp.so was loaded and with which allocator, for the log.</summary>
    public static void UseThreads(int threads)
    {
        Parallelism.MaxThreads = threads;
        torch.set_num_threads(threads);
        string? mapped = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].EndsWith("libLibTorchSharp.so", StringComparison.Ordinal))
            .Select(fields => fields[5]).FirstOrDefault();
        Console.WriteLine($"// peer: threads={threads} torch.get_num_threads()={torch.get_num_threads()} LD_PRELOAD={Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "(none)"} libLibTorchSharp={mapped ?? "(not loaded)"}");
    }

    /// <summary>Uniform values in [-1, 1) from a fixed seed.</summary>
    public static float[] RandomArray(int seed, long length)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (long i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    /// <summary>The same values as a NeuralCore tensor and as a libtorch tensor of the given shape.</summary>
    public static (Tensor<float> NeuralCore, torch.Tensor Torch) Pair(int seed, params int[] dims)
    {
        long length = 1;
        foreach (int d in dims) length *= d;
        float[] values = RandomArray(seed, length);
        return (Tensor.FromArray(values, dims), torch.tensor(values, dims.Select(d => (long)d).ToArray()));
    }
}
