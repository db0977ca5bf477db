using BenchmarkDotNet.Attributes;
using NeuralCore.Layers.Training;
using NeuralCore.Tensors;

namespace NeuralCore.Benchmarks;

/// <summary>
/// One full training step (forward, backward, Nesterov update through the compiled autodiff
/// function of <see cref="ClassifierModel"/>) of the two MNIST CNNs on all cores. Seconds per
/// 50,000-image epoch = Mean x 50,000 / batch (390.6 steps at batch 128, 100 at batch 500).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class CnnTrainingStepBenchmarks
{
    private ClassifierModel _model = null!;
    private Tensor<float> _images = null!;
    private Tensor<int> _labels = null!;

    /// <summary>Which network (see <see cref="CnnModels"/>).</summary>
    [Params(CnnModels.Tutorial, CnnModels.Lasagne)]
    public string Model { get; set; } = CnnModels.Tutorial;

    [GlobalSetup]
    public void Setup()
    {
        _model = CnnModels.Compile(Model);
        (_images, _labels) = CnnModels.Batch(CnnModels.BatchSize(Model));
        for (int i = 0; i < 3; i++) _model.TrainBatch(_images, _labels);
    }

    [Benchmark]
    public double TrainStep() => _model.TrainBatch(_images, _labels).Loss;
}
