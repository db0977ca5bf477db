using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;

namespace NeuralCore.PeerBenchmarks;

/// <summary>
/// Two jobs over the same benchmarks: "malloc" (glibc's allocator) and "jemalloc" (Debian's
/// libjemalloc2 preloaded). libtorch allocates every result with malloc, and glibc hands large
/// blocks back to the kernel on free, so its conv steps spend much of their time in page faults;
/// jemalloc keeps the pages, which shows the kernels' own speed. NeuralCore allocates nothing
/// native, so its two columns differ only by noise, which makes them a noise gauge too.
/// Within each job the TorchSharp method is the baseline, so Ratio = NeuralCore / TorchSharp.
/// </summary>
public sealed class PeerConfig : ManualConfig
{
    /// <summary>Where Debian's libjemalloc2 puts the library.</summary>
    public const string JemallocPath = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

    /// <summary>Job id of the default-allocator job.</summary>
    public const string MallocJob = "malloc";

    /// <summary>Job id of the jemalloc job.</summary>
    public const string JemallocJob = "jemalloc";

    public PeerConfig()
    {
        // Short jobs: the whole comparison has to fit in minutes on a shared 2-core machine.
        // PEER_ITERATIONS sets the measured iteration count (default 5).
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("PEER_ITERATIONS"), out int n) && n > 0 ? n : 5;
        Job shortJob = Job.ShortRun.WithIterationCount(iterations);
        AddJob(shortJob.WithId(MallocJob));
        if (File.Exists(JemallocPath))
            AddJob(shortJob.WithEnvironmentVariable("LD_PRELOAD", JemallocPath).WithId(JemallocJob));
        else
            Console.Error.WriteLine($"warning: {JemallocPath} missing (apt-get install -y libjemalloc2); measuring with glibc malloc only");
        // The machine is shared: the median resists a burst of someone else's build better than the mean.
        AddColumn(CategoriesColumn.Default, StatisticColumn.Median, StatisticColumn.Min);
        HideColumns(Column.EnvironmentVariables); // the Job column already says malloc / jemalloc
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams, BenchmarkLogicalGroupRule.ByJob);
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));
        WithOptions(ConfigOptions.JoinSummary);
    }
}
