using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralCore.Benchmarks;

/// <summary>
/// Measures the FP32 fused-multiply-add ceiling of this machine: loops of independent FMAs on
/// registers (no memory traffic), 12 accumulator chains so that the 4-cycle FMA latency is hidden,
/// on <see cref="Vector512{T}"/> (zmm) and <see cref="Vector256{T}"/> (ymm), on one thread and on
/// every core. A dependent single-chain loop gives the FMA latency in nanoseconds, from which the
/// core clock follows (Zen 4: 4 cycles per dependent FMA), so the flops per cycle can be read off.
/// Run with: <c>dotnet run -c Release --project benchmarks/NeuralCore.Benchmarks -- --fma-ceiling</c>.
/// A plain Stopwatch harness (not BenchmarkDotNet): the loop is the whole measurement and the
/// figure that matters is the best of several repetitions on a shared machine.
/// </summary>
public static class FmaCeiling
{
    private const long Iterations = 200_000_000; // per thread: 12 FMAs per iteration
    private const int Repeats = 5;

    /// <summary>Runs every measurement and prints one line per configuration.</summary>
    public static void Run()
    {
        if (!Fma.IsSupported)
        {
            Console.WriteLine("FMA is not supported on this CPU.");
            return;
        }
        int cores = Environment.ProcessorCount;
        Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {cores} logical processors, Vector512 hardware-accelerated: {Vector512.IsHardwareAccelerated}");
        Console.WriteLine($"/proc/cpuinfo MHz: {string.Join(", ", CpuInfoMegahertz())}; load average: {LoadAverage()}");

        // Warm up (tiering, clock ramp).
        Measure(Chains512, 1, Iterations / 10);
        Measure(Chains256, 1, Iterations / 10);

        double latencyNs = Best(() => Measure(DependentChain512, 1, Iterations / 4)) * 1e9 / (Iterations / 4.0);
        double clockGhz = 4.0 / latencyNs;
        Console.WriteLine($"Dependent zmm FMA chain: {latencyNs:F3} ns per FMA -> clock ~ {clockGhz:F2} GHz if the latency is 4 cycles");

        foreach (var (name, body, lanes) in new (string, Func<long, float>, int)[] { ("Vector512 (zmm), 12 chains", Chains512, 16), ("Vector256 (ymm), 12 chains", Chains256, 8) })
        {
            foreach (int threads in cores > 1 ? new[] { 1, cores } : new[] { 1 })
            {
                double seconds = Best(() => Measure(body, threads, Iterations));
                double flops = 2.0 * lanes * 12 * Iterations * threads;
                double total = flops / seconds / 1e9;
                double perCore = total / threads;
                Console.WriteLine($"{name}, {threads} thread(s): {total,7:F1} GFLOP/s total, {perCore,6:F1} per core, {perCore / clockGhz,5:F1} flop/cycle/core at {clockGhz:F2} GHz");
            }
        }
    }

    private static double Best(Func<double> measure)
    {
        double best = double.MaxValue;
        for (int i = 0; i < Repeats; i++) best = Math.Min(best, measure());
        return best;
    }

    /// <summary>Wall seconds for <paramref name="threads"/> threads each running the loop once.</summary>
    private static double Measure(Func<long, float> body, int threads, long iterations)
    {
        if (threads == 1)
        {
            var watch = Stopwatch.StartNew();
            Sink(body(iterations));
            return watch.Elapsed.TotalSeconds;
        }
        using var start = new Barrier(threads + 1);
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() => { start.SignalAndWait(); Sink(body(iterations)); });
            workers[t].Start();
        }
        start.SignalAndWait();
        var stopwatch = Stopwatch.StartNew();
        foreach (var worker in workers) worker.Join();
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static float s_sink;

    private static void Sink(float value) => s_sink += value;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(long iterations)
    {
        var a = Vector512.Create(0.999999f);
        var b = Vector512.Create(1e-7f);
        Vector512<float> c0 = Vector512.Create(1f), c1 = c0 + b, c2 = c1 + b, c3 = c2 + b, c4 = c3 + b, c5 = c4 + b,
            c6 = c5 + b, c7 = c6 + b, c8 = c7 + b, c9 = c8 + b, c10 = c9 + b, c11 = c10 + b;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, a, b);
            c1 = Avx512F.FusedMultiplyAdd(c1, a, b);
            c2 = Avx512F.FusedMultiplyAdd(c2, a, b);
            c3 = Avx512F.FusedMultiplyAdd(c3, a, b);
            c4 = Avx512F.FusedMultiplyAdd(c4, a, b);
            c5 = Avx512F.FusedMultiplyAdd(c5, a, b);
            c6 = Avx512F.FusedMultiplyAdd(c6, a, b);
            c7 = Avx512F.FusedMultiplyAdd(c7, a, b);
            c8 = Avx512F.FusedMultiplyAdd(c8, a, b);
            c9 = Avx512F.FusedMultiplyAdd(c9, a, b);
            c10 = Avx512F.FusedMultiplyAdd(c10, a, b);
            c11 = Avx512F.FusedMultiplyAdd(c11, a, b);
        }
        var sum = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
        return Vector512.Sum(sum);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(long iterations)
    {
        var a = Vector256.Create(0.999999f);
        var b = Vector256.Create(1e-7f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = c0 + b, c2 = c1 + b, c3 = c2 + b, c4 = c3 + b, c5 = c4 + b,
            c6 = c5 + b, c7 = c6 + b, c8 = c7 + b, c9 = c8 + b, c10 = c9 + b, c11 = c10 + b;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, a, b);
            c1 = Fma.MultiplyAdd(c1, a, b);
            c2 = Fma.MultiplyAdd(c2, a, b);
            c3 = Fma.MultiplyAdd(c3, a, b);
            c4 = Fma.MultiplyAdd(c4, a, b);
            c5 = Fma.MultiplyAdd(c5, a, b);
            c6 = Fma.MultiplyAdd(c6, a, b);
            c7 = Fma.MultiplyAdd(c7, a, b);
            c8 = Fma.MultiplyAdd(c8, a, b);
            c9 = Fma.MultiplyAdd(c9, a, b);
            c10 = Fma.MultiplyAdd(c10, a, b);
            c11 = Fma.MultiplyAdd(c11, a, b);
        }
        var sum = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
        return Vector256.Sum(sum);
    }

    /// <summary>One dependent chain: each FMA waits for the previous one (latency-bound).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float DependentChain512(long iterations)
    {
        var a = Vector512.Create(0.999999f);
        var b = Vector512.Create(1e-7f);
        var c = Vector512.Create(1f);
        for (long i = 0; i < iterations; i++) c = Avx512F.FusedMultiplyAdd(c, a, b);
        return Vector512.Sum(c);
    }

    private static IEnumerable<string> CpuInfoMegahertz()
    {
        if (!File.Exists("/proc/cpuinfo")) yield break;
        foreach (var line in File.ReadLines("/proc/cpuinfo"))
            if (line.StartsWith("cpu MHz", StringComparison.Ordinal)) yield return line[(line.IndexOf(':') + 1)..].Trim();
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
