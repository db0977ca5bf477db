using BenchmarkDotNet.Attributes;
using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Benchmarks;

/// <summary>Compile time of the CNN and MLP training graphs (Function.Compile: clone, optimize, schedule;
/// target under 100 ms), and building the graph with its gradient plus compiling.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class AutodiffCompileBenchmarks
{
    private AutodiffModels.TrainingGraph _cnn = null!, _mlp = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cnn = AutodiffModels.Cnn();
        _mlp = AutodiffModels.Mlp();
    }

    /// <summary>Function.Compile of the CNN training step (graph and gradient built once in setup).</summary>
    [Benchmark]
    public CompiledFunction CompileCnn() => Function.Compile(_cnn.Inputs, _cnn.Cost, _cnn.Updates);

    /// <summary>Function.Compile of the CNN training step in FastCompile mode (merge + constant folding only).</summary>
    [Benchmark]
    public CompiledFunction CompileCnnFast() => Function.Compile(_cnn.Inputs, _cnn.Cost, _cnn.Updates, options: new CompileOptions { FastCompile = true });

    /// <summary>Function.Compile of the MLP training step.</summary>
    [Benchmark]
    public CompiledFunction CompileMlp() => Function.Compile(_mlp.Inputs, _mlp.Cost, _mlp.Updates);

    /// <summary>Building the CNN graph, its gradient and the updates, then compiling.</summary>
    [Benchmark]
    public CompiledFunction BuildGradAndCompileCnn()
    {
        var g = AutodiffModels.Cnn();
        return Function.Compile(g.Inputs, g.Cost, g.Updates);
    }
}

/// <summary>One compiled training step of a 784-800-800-10 ReLU MLP (batch 128, softmax cross-entropy,
/// Nesterov momentum) with bytes allocated per call (target 0), with and without elementwise fusion.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class AutodiffTrainingStepBenchmarks
{
    private CompiledFunction _step = null!;
    private Tensor[] _args = [];

    /// <summary>Whether the fusion stage runs.</summary>
    [Params(true, false)]
    public bool Fusion { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var g = AutodiffModels.Mlp();
        var options = Fusion ? CompileOptions.Default : new CompileOptions { ExcludedRewrites = ["fusion"] };
        _step = Function.Compile(g.Inputs, g.Cost, g.Updates, options: options);
        var rng = new RandomGenerator(3);
        var labels = new int[128];
        for (int i = 0; i < labels.Length; i++) labels[i] = i % 10;
        _args = [rng.Uniform<float>(new Shape(128, 784), 0f, 1f), Tensor.FromArray(labels)];
        _step.Invoke(_args);
    }

    /// <summary>One training step (forward, backward, updates).</summary>
    [Benchmark]
    public double MlpStep() => _step.Invoke(_args)[0].GetDouble(0);
}

/// <summary>sigmoid(x * w + b) * 2 - 1 on 2048 x 2048 = 4M float elements (b a broadcast row): one fused
/// loop versus one kernel call per op (in-place buffers in both).</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class AutodiffFusionBenchmarks
{
    private CompiledFunction _fused = null!, _unfused = null!;
    private Tensor[] _args = [];

    [GlobalSetup]
    public void Setup()
    {
        var x = T.Matrix("x");
        var w = T.Matrix("w");
        var b = T.Row("b");
        var y = T.Sigmoid(x * w + b) * 2 - 1;
        _fused = Function.Compile([x, w, b], y);
        _unfused = Function.Compile([x, w, b], y, options: new CompileOptions { ExcludedRewrites = ["fusion"] });
        var rng = new RandomGenerator(4);
        _args = [rng.Uniform<float>(new Shape(2048, 2048), -1f, 1f), rng.Uniform<float>(new Shape(2048, 2048), -1f, 1f), rng.Uniform<float>(new Shape(1, 2048), -1f, 1f)];
        _fused.Invoke(_args);
        _unfused.Invoke(_args);
    }

    /// <summary>One composite loop over the 4M elements.</summary>
    [Benchmark(Baseline = true)]
    public Tensor Fused() => _fused.Invoke(_args)[0];

    /// <summary>Five elementwise kernels, each a pass over memory.</summary>
    [Benchmark]
    public Tensor Unfused() => _unfused.Invoke(_args)[0];
}
