using System.Diagnostics;
using NeuralCore.Autodiff;
using NeuralCore.Layers;
using NeuralCore.Optimizers;
using NeuralCore.Tensors;

namespace NeuralCore.Benchmarks;

/// <summary>
/// Where the time of a CNN training step goes: the full compiled step (<see cref="CnnModels"/>),
/// and each kernel the step runs, called directly at the model's shapes (conv forward, input and
/// filter gradients per layer, pooling forward and backward, the dense layers' three GEMMs, and
/// the bias + ReLU and their gradients as elementwise ops). "Other" is the step minus the sum of
/// the kernels: softmax/cross-entropy, the updates, reductions for bias gradients, graph overhead.
/// Stopwatch, the best of several repetitions after a warm-up (the machine is shared).
/// Run with: <c>dotnet run -c Release --project benchmarks/NeuralCore.Benchmarks -- --cnn-profile [Tutorial|Lasagne]</c>.
/// </summary>
public static class CnnStepProfile
{
    private const int Repeats = 15;

    /// <summary>Profiles the given models (both when none is named) and prints one table each.</summary>
    public static void Run(string[] models)
    {
        if (models.Length == 0) models = [CnnModels.Tutorial, CnnModels.Lasagne];
        Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, threads {Parallelism.MaxThreads}, load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");
        foreach (var model in models)
        {
            Profile(model);
            ProfileNodes(model);
        }
    }

    /// <summary>
    /// The compiled training step's own nodes, each timed: the schedule of the compiled function is
    /// replayed node by node (fresh output buffers, so no in-place reuse) and the best time of every
    /// node over the repetitions is summed per op and output shape.
    /// </summary>
    private static void ProfileNodes(string model)
    {
        int batch = CnnModels.BatchSize(model);
        var network = CnnModels.Build(model);
        var x = LayerGraph.GetAllLayers(network).OfType<InputLayer>().Single().InputVariable;
        var y = T.IVector("y");
        var prediction = LayerGraph.GetOutput(network);
        var loss = Objectives.CategoricalCrossentropy(prediction, y).Mean();
        var updates = Updates.NesterovMomentum(loss, LayerGraph.GetAllParams(network, trainable: true), 0.01, 0.9);
        var function = Function.Compile([x, y], [loss], [.. updates]);
        var (images, labels) = CnnModels.Batch(batch);

        var values = new Dictionary<Variable, Tensor> { [x] = images, [y] = labels };
        var schedule = function.Schedule;
        var best = new double[schedule.Count];
        Array.Fill(best, double.MaxValue);
        var outputs = new Tensor[schedule.Count][];
        for (int round = 0; round < 3 + Repeats; round++)
            for (int n = 0; n < schedule.Count; n++)
            {
                var node = schedule[n];
                var ins = new Tensor[node.Inputs.Count];
                for (int i = 0; i < ins.Length; i++) ins[i] = Value(values, node.Inputs[i]);
                if (outputs[n] is null)
                {
                    var shapes = new Shape[ins.Length];
                    for (int i = 0; i < ins.Length; i++) shapes[i] = ins[i].Shape;
                    var outShapes = new Shape[node.Outputs.Count];
                    node.Op.InferShape(node, shapes, outShapes);
                    outputs[n] = new Tensor[outShapes.Length];
                    for (int o = 0; o < outShapes.Length; o++)
                        outputs[n][o] = node.Outputs[o].DType switch
                        {
                            DType.Float32 => new Tensor<float>(outShapes[o]),
                            DType.Float64 => new Tensor<double>(outShapes[o]),
                            _ => new Tensor<int>(outShapes[o]),
                        };
                }
                var watch = Stopwatch.StartNew();
                node.Op.Perform(ins, outputs[n]);
                double ms = watch.Elapsed.TotalMilliseconds;
                if (round >= 3) best[n] = Math.Min(best[n], ms);
                for (int o = 0; o < outputs[n].Length; o++) values[node.Outputs[o]] = outputs[n][o];
            }

        var groups = new Dictionary<string, (double Ms, int Count)>();
        double total = 0;
        for (int n = 0; n < schedule.Count; n++)
        {
            var node = schedule[n];
            string key = $"{node.Op.Name} -> {outputs[n][0].Shape}";
            groups[key] = groups.TryGetValue(key, out var g) ? (g.Ms + best[n], g.Count + 1) : (best[n], 1);
            total += best[n];
        }
        Console.WriteLine();
        Console.WriteLine($"{model} CNN, batch {batch}: {schedule.Count} nodes of the compiled step, sum of per-node best times {total:F2} ms");
        Console.WriteLine("| Op -> output shape | nodes | ms | share |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (key, (ms, count)) in groups.OrderByDescending(kv => kv.Value.Ms).Take(25))
            Console.WriteLine($"| {key} | {count} | {ms:F2} | {100 * ms / total:F0} % |");
    }

    private static Tensor Value(Dictionary<Variable, Tensor> values, Variable v)
    {
        if (values.TryGetValue(v, out var t)) return t;
        return v switch
        {
            SharedVariable s => s.Value,
            Constant c => c.Value,
            _ => throw new InvalidOperationException($"no value for {v}"),
        };
    }

    private sealed record Conv(int C, int F, int K, int H);

    private static void Profile(string model)
    {
        int batch = CnnModels.BatchSize(model);
        var classifier = CnnModels.Compile(model);
        var (images, labels) = CnnModels.Batch(batch);
        double step = Best(() => classifier.TrainBatch(images, labels));

        Conv[] convs = model == CnnModels.Tutorial
            ? [new(1, 16, 3, 28), new(16, 16, 3, 26), new(16, 32, 3, 12), new(32, 32, 3, 10)]
            : [new(1, 32, 5, 28), new(32, 32, 5, 12)];
        (int C, int H)[] pools = model == CnnModels.Tutorial ? [(16, 24), (32, 8)] : [(32, 24), (32, 8)];
        (int In, int Out)[] denses = model == CnnModels.Tutorial ? [(512, 100), (100, 10)] : [(512, 256), (256, 10)];

        var rows = new List<(string Name, double Ms)>();
        var rng = new RandomGenerator(3);
        var options = new Conv2DOptions(FlipFilters: true);
        bool first = true;
        foreach (var c in convs)
        {
            int oh = c.H - c.K + 1;
            var x = rng.Uniform<float>(new Shape(batch, c.C, c.H, c.H), -1f, 1f);
            var w = rng.Uniform<float>(new Shape(c.F, c.C, c.K, c.K), -0.1f, 0.1f);
            var y = new Tensor<float>(new Shape(batch, c.F, oh, oh));
            var dx = new Tensor<float>(x.Shape);
            var dw = new Tensor<float>(w.Shape);
            var bias = rng.Uniform<float>(new Shape(c.F, 1, 1), -0.1f, 0.1f);
            string name = $"conv {c.C}->{c.F} {c.K}x{c.K} on {c.H}x{c.H}";
            rows.Add(($"{name} forward", Best(() => Conv2D.Forward(x, w, options, y))));
            if (!first) rows.Add(($"{name} input gradient", Best(() => Conv2D.BackwardData(y, w, options, dx))));
            rows.Add(($"{name} filter gradient", Best(() => Conv2D.BackwardFilter(x, y, options, dw))));
            // The layer's bias add + ReLU forward, and the ReLU gradient (gy * (y > 0)) backward.
            var pre = new Tensor<float>(y.Shape);
            rows.Add(($"{name} bias + relu, relu grad (elementwise)", Best(() =>
            {
                Elementwise.Add(y, bias, pre);
                Elementwise.Relu(pre, 0f, pre);
                Elementwise.ReluBackward(pre, y, 0f, pre);
            })));
            first = false;
        }
        foreach (var (channels, size) in pools)
        {
            var x = rng.Uniform<float>(new Shape(batch, channels, size, size), -1f, 1f);
            var o = Pool2DOptions.Square(2);
            var y = new Tensor<float>(Pool2D.OutputShape(x.Shape, o));
            var dx = new Tensor<float>(x.Shape);
            rows.Add(($"max pool 2x2 {channels}x{size}x{size} forward", Best(() => Pool2D.Forward(x, o, y))));
            rows.Add(($"max pool 2x2 {channels}x{size}x{size} backward", Best(() => Pool2D.Backward(x, y, y, o, dx))));
        }
        foreach (var (inputs, outputs) in denses)
        {
            var x = rng.Uniform<float>(new Shape(batch, inputs), -1f, 1f);
            var w = rng.Uniform<float>(new Shape(inputs, outputs), -0.1f, 0.1f);
            var y = new Tensor<float>(new Shape(batch, outputs));
            var dx = new Tensor<float>(x.Shape);
            var dw = new Tensor<float>(w.Shape);
            rows.Add(($"dense {inputs}->{outputs}: 3 GEMMs (x·W, gy·Wᵀ, xᵀ·gy)", Best(() =>
            {
                Gemm.MatMulInto(x, w, y, false, false, 1f, 0f);
                Gemm.MatMulInto(y, w, dx, false, true, 1f, 0f);
                Gemm.MatMulInto(x, y, dw, true, false, 1f, 0f);
            })));
        }

        double sum = 0;
        foreach (var row in rows) sum += row.Ms;
        double epoch = step * 50_000 / batch / 1000;
        Console.WriteLine();
        Console.WriteLine($"{model} CNN, batch {batch}: training step {step:F2} ms = {epoch:F1} s per 50,000-image epoch");
        Console.WriteLine("| Part | ms per step | share of step |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (name, ms) in rows) Console.WriteLine($"| {name} | {ms:F2} | {100 * ms / step:F0} % |");
        Console.WriteLine($"| other (softmax/loss, bias-gradient sums, updates, graph overhead) | {step - sum:F2} | {100 * (step - sum) / step:F0} % |");
    }

    /// <summary>Best wall time in milliseconds of <see cref="Repeats"/> runs after three warm-up runs.</summary>
    private static double Best(Action action)
    {
        for (int i = 0; i < 3; i++) action();
        double best = double.MaxValue;
        for (int i = 0; i < Repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    private static double Best(Func<(double, double)> step) => Best(() => { step(); });
}
