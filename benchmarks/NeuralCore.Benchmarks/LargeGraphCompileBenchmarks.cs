using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NeuralCore.Autodiff;

namespace NeuralCore.Benchmarks;

/// <summary>
/// Function.Compile of large graphs (5k, 20k and 60k nodes), to keep the optimizer near-linear. Shapes:
/// <c>Chain</c>, a long elementwise chain tanh(y · 1.01 + 0.1) (merge of the shared constants, then one huge
/// fusion); <c>Gradient</c>, a chain of a quarter of the size plus its gradient (a DAG where each tanh output has
/// two uses); <c>Dots</c>, relu(W · y + 0.5) repeated (one fusion and merge per layer). Each compile takes
/// seconds at 60k nodes, so one cold run per iteration, in process (no separate build, which timed out on the
/// loaded shared machine).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessMonitoringConfig))]
public class LargeGraphCompileBenchmarks
{
    private sealed class InProcessMonitoringConfig : ManualConfig
    {
        public InProcessMonitoringConfig() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1)
            .WithWarmupCount(1).WithIterationCount(3).WithToolchain(InProcessEmitToolchain.Instance));
    }

    private Variable[] _inputs = [];
    private Variable _output = null!;

    /// <summary>Approximate node count of the graph before optimization.</summary>
    [Params(5_000, 20_000, 60_000)]
    public int Nodes { get; set; }

    /// <summary>The graph shape.</summary>
    [Params("Chain", "Gradient", "Dots")]
    public string Shape { get; set; } = "Chain";

    [GlobalSetup]
    public void Setup()
    {
        using var trace = SourceTrace.Use(SourceTrace.Capture());
        var x = T.Vector("x");
        _inputs = [x];
        Variable y = x;
        switch (Shape)
        {
            case "Chain":
                for (int i = 0; i < Nodes / 3; i++) y = T.Tanh(y * 1.01f + 0.1f);
                break;
            case "Gradient":
                for (int i = 0; i < Nodes / 12; i++) y = T.Tanh(y * 1.01f + 0.1f);
                y = Grad.Of(y.Sum(), x) + y;
                break;
            default:
                var w = T.Matrix("w");
                _inputs = [x, w];
                for (int i = 0; i < Nodes / 4; i++) y = T.Relu(T.Dot(w, y) + 0.5f);
                break;
        }
        _output = y;
    }

    /// <summary>Clone, optimize (all stages) and schedule.</summary>
    [Benchmark]
    public CompiledFunction Compile() => Function.Compile(_inputs, _output);
}
