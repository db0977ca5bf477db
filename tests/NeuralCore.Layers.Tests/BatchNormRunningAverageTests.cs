using NeuralCore.Autodiff;
using NeuralCore.Layers.Training;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

/// <summary>Batch normalization's running averages are updated by every function compiled from a training output,
/// with no extra code (Lasagne's default updates), and by nothing compiled from a deterministic output.</summary>
public sealed class BatchNormRunningAverageTests
{
    private const int Features = 3, Batch = 5;
    private const double Alpha = 0.2, Epsilon = 1e-3;

    private static (InputLayer Input, BatchNormLayer Bn) Network()
    {
        var input = new InputLayer([null, Features], dtype: DType.Float64);
        var bn = new BatchNormLayer(input, epsilon: Epsilon, alpha: Alpha,
            beta: Tensor.FromArray([0.5, -0.5, 0.0]), gamma: Tensor.FromArray([1.0, 2.0, 0.5]));
        return (input, bn);
    }

    private static Tensor<double> BatchOf(int step) => TestUtil.RandomTensor(new Shape(Batch, Features), (ulong)(100 + step), -3 + step, 2 + 2 * step);

    // Plain per-feature loop: running ← (1 - α) running + α · batch statistic, inv_std = 1 / √(biased var + ε).
    private static (double[] Mean, double[] InvStd) ReferenceAverages(int steps)
    {
        var mean = new double[Features];
        var invStd = new double[Features];
        Array.Fill(invStd, 1.0);
        for (int s = 0; s < steps; s++)
        {
            var x = BatchOf(s);
            for (int c = 0; c < Features; c++)
            {
                double sum = 0, sq = 0;
                for (int n = 0; n < Batch; n++) sum += x[n, c];
                double m = sum / Batch;
                for (int n = 0; n < Batch; n++) sq += (x[n, c] - m) * (x[n, c] - m);
                double inv = 1 / Math.Sqrt(sq / Batch + Epsilon);
                mean[c] = (1 - Alpha) * mean[c] + Alpha * m;
                invStd[c] = (1 - Alpha) * invStd[c] + Alpha * inv;
            }
        }
        return (mean, invStd);
    }

    // A training function as a user writes it: loss from the stochastic output, hand-written SGD on beta and gamma,
    // nothing about the running averages.
    private static CompiledFunction TrainingFunction(InputLayer input, BatchNormLayer bn, CompileOptions? options = null)
    {
        var output = LayerGraph.GetOutput(bn);
        var loss = (output * output).Mean() + output.Mean();
        var parameters = LayerGraph.GetAllParams(bn, trainable: true);
        var grads = Grad.Of(loss, parameters);
        var updates = parameters.Select((p, i) => (p, p - 0.1 * grads[i])).ToList();
        return Function.Compile([input.InputVariable], [loss], updates, options: options);
    }

    [Fact]
    public void TrainingCallsUpdateTheAveragesAsAnExponentialMovingAverage()
    {
        var (input, bn) = Network();
        var train = TrainingFunction(input, bn);
        const int steps = 4;
        for (int s = 0; s < steps; s++) train.Invoke(BatchOf(s));
        var (mean, invStd) = ReferenceAverages(steps);
        TestUtil.AssertClose(mean, bn.Mean.GetValue<double>().ToArray(), 1e-12);
        TestUtil.AssertClose(invStd, bn.InvStd.GetValue<double>().ToArray(), 1e-12);
    }

    [Fact]
    public void DeterministicOutputUsesTheAveragesAndItsFunctionUpdatesNothing()
    {
        var (input, bn) = Network();
        var train = TrainingFunction(input, bn);
        for (int s = 0; s < 3; s++) train.Invoke(BatchOf(s));
        var (mean, invStd) = ReferenceAverages(3);
        var gamma = bn.Gamma!.GetValue<double>().ToArray();
        var beta = bn.Beta!.GetValue<double>().ToArray();

        var test = Function.Compile([input.InputVariable], LayerGraph.GetOutput(bn, deterministic: true));
        var x = TestUtil.RandomTensor(new Shape(4, Features), 7, -5, 5);
        for (int call = 0; call < 2; call++)
        {
            var y = (Tensor<double>)test.Invoke(x)[0];
            for (int n = 0; n < 4; n++)
                for (int c = 0; c < Features; c++)
                    Assert.Equal((x[n, c] - mean[c]) * gamma[c] * invStd[c] + beta[c], y[n, c], 10);
            // Unchanged by the deterministic calls.
            TestUtil.AssertClose(mean, bn.Mean.GetValue<double>().ToArray(), 1e-12);
            TestUtil.AssertClose(invStd, bn.InvStd.GetValue<double>().ToArray(), 1e-12);
        }
    }

    [Fact]
    public void NoDefaultUpdatesAndTheUpdateAveragesSwitchTurnTheUpdatesOff()
    {
        var (input, bn) = Network();
        var frozen = TrainingFunction(input, bn, new CompileOptions { NoDefaultUpdates = true });
        frozen.Invoke(BatchOf(0));
        var noUpdates = new OutputContext { BatchNormUpdateAverages = false };
        Function.Compile([input.InputVariable], LayerGraph.GetOutput(bn, noUpdates)).Invoke(BatchOf(1));
        Assert.Equal([0.0, 0.0, 0.0], bn.Mean.GetValue<double>().ToArray());
        Assert.Equal([1.0, 1.0, 1.0], bn.InvStd.GetValue<double>().ToArray());
        // Still updated by a plain training function afterwards.
        TrainingFunction(input, bn).Invoke(BatchOf(0));
        TestUtil.AssertClose(ReferenceAverages(1).Mean, bn.Mean.GetValue<double>().ToArray(), 1e-12);
    }

    [Fact]
    public void AveragesFollowLoadedValuesAndClassifierModelTrainingUpdatesThem()
    {
        // Values set after compiling (e.g. loaded from a file) are the ones the training function averages into.
        var (input, bn) = Network();
        var train = TrainingFunction(input, bn);
        bn.Mean.Value = Tensor.FromArray([1.0, 2.0, 3.0]);
        train.Invoke(BatchOf(0));
        var (mean, _) = ReferenceAverages(1);
        double[] initial = [1.0, 2.0, 3.0];
        TestUtil.AssertClose(initial.Select((m, c) => (1 - Alpha) * m + mean[c]).ToArray(), bn.Mean.GetValue<double>().ToArray(), 1e-12);

        // ClassifierModel's training step (which no longer passes explicit batch-norm updates) moves them too.
        var classifierInput = new InputLayer([null, 4]);
        Layer net = BatchNorm.Apply(new DenseLayer(classifierInput, 6, Nonlinearities.Rectify));
        var classifierBn = (BatchNormLayer)LayerGraph.GetAllLayers(net).Single(l => l is BatchNormLayer);
        net = new DenseLayer(net, 2, Nonlinearities.Softmax);
        var model = ClassifierModel.Create(net, (loss, ps) => { var g = Grad.Of(loss, ps); return ps.Select((p, i) => (p, p - 0.1 * g[i])); });
        var before = classifierBn.Mean.GetValue<float>().ToArray();
        model.TrainBatch(TestUtil.RandomFloat(new Shape(8, 4), 3, 0, 4), Tensor.FromArray([0, 1, 0, 1, 1, 0, 0, 1]));
        Assert.NotEqual(before, classifierBn.Mean.GetValue<float>().ToArray());
        var afterTraining = classifierBn.Mean.GetValue<float>().ToArray();
        model.EvaluateBatch(TestUtil.RandomFloat(new Shape(8, 4), 4, 0, 4), Tensor.FromArray([0, 1, 0, 1, 1, 0, 0, 1]));
        model.PredictBatch(TestUtil.RandomFloat(new Shape(8, 4), 5, 0, 4));
        Assert.Equal(afterTraining, classifierBn.Mean.GetValue<float>().ToArray());
    }
}
