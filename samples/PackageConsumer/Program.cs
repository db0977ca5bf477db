// Builds against the packed NeuralCore NuGet packages (see PackageConsumer.csproj) and uses the public
// API of all four: NeuralCore.Tensors, NeuralCore.Autodiff, NeuralCore.Layers, NeuralCore.Optimizers.
// Exit code 0 only when every check passed; .ci/run fails the build otherwise.
using System.Reflection;
using NeuralCore.Autodiff;
using NeuralCore.Layers;
using NeuralCore.Optimizers;
using NeuralCore.Samples.PackageConsumer;
using NeuralCore.Tensors;

var checks = new Checks();

foreach (var assembly in new[] { typeof(Tensor).Assembly, typeof(Function).Assembly, typeof(Layer).Assembly, typeof(Updates).Assembly })
{
    string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
    Console.WriteLine($"     {assembly.GetName().Name} {version}");
}

checks.Run("tensors", () => TensorChecks(checks));
checks.Run("symbolic graph", () => GraphChecks(checks));
checks.Run("training", () => TrainingChecks(checks));

Console.WriteLine(checks.Summary);
return checks.AllPassed ? 0 : 1;

// NeuralCore.Tensors: a GEMM and a reduction against hand-computed numbers.
static void TensorChecks(Checks checks)
{
    var a = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
    var b = Tensor.FromArray([5f, 6f, 7f, 8f], 2, 2);
    var c = Gemm.MatMul(a, b);
    checks.That(c.ToArray().SequenceEqual([19f, 22f, 43f, 50f]), $"Gemm.MatMul [[1,2],[3,4]]·[[5,6],[7,8]] = [[19,22],[43,50]], got [{string.Join(", ", c.ToArray())}]");
    checks.Close("Reductions.Sum over axis 0 of [[1,2],[3,4]], entry 1", Reductions.Sum(a, [0]).GetDouble(1), 6, 0);
}

// NeuralCore.Autodiff: Theano's workflow (variables, grad, function, shared variables with updates).
static void GraphChecks(Checks checks)
{
    // f(x) = x³ + 2x, so df/dx = 3x² + 2 = 14 at x = 2.
    var x = T.Scalar("x", DType.Float64);
    var f = x * x * x + 2 * x;
    var dfdx = Grad.Of(f, x);
    var fn = Function.Compile([x], [f, dfdx]);
    var outputs = fn.Invoke(2.0);
    checks.Close("f(x) = x³ + 2x at x = 2", outputs[0].GetDouble(0), 12, 1e-12);
    checks.Close("df/dx at x = 2", outputs[1].GetDouble(0), 14, 1e-12);
    checks.That(Print.Pretty(f).Contains('x'), $"Print.Pretty(f) = {Print.Pretty(f)}");

    // The symbolic gradient of a matrix expression agrees with finite differences.
    var report = GradientChecker.Verify(v => T.Sum(T.Tanh(T.Dot(v[0], v[1]))), [new Shape(3, 4), new Shape(4, 2)]);
    checks.That(report.RelativeError < 1e-5 || report.AbsoluteError < 1e-5, $"GradientChecker.Verify(sum(tanh(a·b))): {report}");

    // A shared variable updated by a compiled function, as theano.function(updates=...) does.
    var counter = T.Shared(Tensor.FromArray([1f, 2f]), "counter");
    var step = Function.Compile([], [], updates: [(counter, counter * 2f)]);
    step.Invoke();
    step.Invoke();
    checks.That(counter.GetValue<float>().ToArray().SequenceEqual([4f, 8f]), "shared variable after two updates s ← 2s: [4, 8]");
}

// NeuralCore.Layers + NeuralCore.Optimizers: a 2-16-2 network learns XOR-labelled points.
static void TrainingChecks(Checks checks)
{
    LayersRandom.Seed(7);
    var (trainX, trainY) = XorPoints(count: 400, seed: 1);
    var (testX, testY) = XorPoints(count: 200, seed: 2);

    var X = T.Matrix("X");
    var y = T.IVector("y");
    Layer network = new InputLayer([null, 2], X);
    network = new DenseLayer(network, 16, Nonlinearities.Tanh);
    network = new DenseLayer(network, 2, Nonlinearities.Softmax);
    checks.That(LayerGraph.CountParams(network, trainable: true) == 2 * 16 + 16 + 16 * 2 + 2, "LayerGraph.CountParams = 82");
    Console.Write(ModelSummary.Create(network));

    var prediction = LayerGraph.GetOutput(network);
    var loss = Objectives.CategoricalCrossentropy(prediction, y).Mean()
             + 1e-4 * Regularization.RegularizeNetworkParams(network, Regularization.L2);
    var parameters = LayerGraph.GetAllParams(network, trainable: true);
    var learningRate = Hyperparameter.CreateShared(0.05);
    var train = Function.Compile([X, y], loss, Updates.Adam(loss, parameters, learningRate));
    var testPrediction = LayerGraph.GetOutput(network, deterministic: true);
    var evaluate = Function.Compile([X, y], [Objectives.CategoricalCrossentropy(testPrediction, y).Mean(),
                                             Objectives.CategoricalAccuracy(testPrediction, y).Mean()],
                                    options: new CompileOptions { CopyOutputs = true });

    var before = evaluate.Invoke(testX, testY);
    var schedule = new ExponentialDecay(learningRate, gamma: 0.99);
    for (int epoch = 0; epoch < 300; epoch++)
    {
        schedule.Apply(epoch);
        train.Invoke(trainX, trainY);
    }
    var after = evaluate.Invoke(testX, testY);
    double lossBefore = before[0].GetDouble(0), lossAfter = after[0].GetDouble(0), accuracy = after[1].GetDouble(0);
    checks.That(lossAfter < 0.5 * lossBefore, $"test loss dropped: {lossBefore:F4} -> {lossAfter:F4}");
    checks.That(accuracy >= 0.9, $"test accuracy {accuracy:P1} >= 90% (before training {before[1].GetDouble(0):P1})");

    // Parameters survive a round trip through an np.savez-compatible file.
    string path = Path.Combine(Path.GetTempPath(), $"neuralcore-consumer-{Environment.ProcessId}.npz");
    try
    {
        ParamsFile.Save(network, path);
        var saved = LayerGraph.GetAllParamValues(network).Select(t => ((Tensor<float>)t).ToArray()).ToArray();
        foreach (var p in parameters) ((Tensor<float>)p.Value).Fill(0f);
        ParamsFile.Load(network, path);
        var loaded = LayerGraph.GetAllParamValues(network).Select(t => ((Tensor<float>)t).ToArray()).ToArray();
        checks.That(saved.Zip(loaded).All(pair => pair.First.SequenceEqual(pair.Second)), "ParamsFile.Save then Load restores every parameter");
        checks.Close("test accuracy after reloading", evaluate.Invoke(testX, testY)[1].GetDouble(0), accuracy, 0);
    }
    finally
    {
        File.Delete(path);
    }
}

// Points uniform in [-1, 1]², labelled 1 when both coordinates have the same sign (XOR of the signs).
static (Tensor<float> Inputs, Tensor<int> Labels) XorPoints(int count, ulong seed)
{
    var inputs = new RandomGenerator(seed).Uniform<float>(new Shape(count, 2), -1f, 1f);
    var labels = new Tensor<int>(new Shape(count));
    var xs = inputs.AsReadOnlySpan();
    var ls = labels.AsSpan();
    for (int i = 0; i < count; i++) ls[i] = xs[2 * i] * xs[2 * i + 1] > 0 ? 1 : 0;
    return (inputs, labels);
}
