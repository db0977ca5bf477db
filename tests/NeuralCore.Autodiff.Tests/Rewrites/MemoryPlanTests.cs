using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;
using static NeuralCore.Autodiff.Tests.Rewrites.RewriteTestUtil;

namespace NeuralCore.Autodiff.Tests.Rewrites;

public class MemoryPlanTests
{
    private static (int Arrays, long Bytes) PlanFootprint(Variable[] inputs, Variable output, Shape[] shapes, bool inPlace)
    {
        var f = Function.Compile(inputs, output, options: new CompileOptions { ExcludedRewrites = inPlace ? ["fusion"] : ["fusion", RewriteRegistry.InPlace] });
        var known = new Dictionary<Variable, Shape>();
        for (int i = 0; i < inputs.Length; i++) known[inputs[i]] = shapes[i];
        foreach (var leaf in f.Graph.Leaves()) if (leaf is Constant c) known[c] = c.Value.Shape;
        foreach (var node in f.Schedule)
        {
            var outShapes = new Shape[node.OutputArray.Length];
            node.Op.InferShape(node, node.InputArray.Select(v => known[v]).ToArray(), outShapes);
            for (int o = 0; o < outShapes.Length; o++) known[node.OutputArray[o]] = outShapes[o];
        }
        var buffers = MemoryPlanner.Plan(new MemoryPlanRequest(f.Schedule, known, new HashSet<Variable>(f.Graph.Outputs)) { AllowInPlace = inPlace });
        Assert.Equal(f.Schedule.Sum(n => n.OutputArray.Length), buffers.Count);
        return MemoryPlanner.Footprint(buffers.Values);
    }

    [Fact]
    public void DeadBuffersAreReusedAndElementwiseOpsRunInPlace()
    {
        var x = T.Matrix("x");
        // Six unfused elementwise nodes on a (64, 32) matrix: without reuse six buffers.
        var e = T.Tanh(T.Exp(x) * 2 + 1) - T.Sqrt(T.Abs(x));
        var shapes = new[] { new Shape(64, 32) };
        var inPlace = PlanFootprint([x], e, shapes, inPlace: true);
        var reuseOnly = PlanFootprint([x], e, shapes, inPlace: false);
        Assert.True(inPlace.Arrays <= 2, $"in-place plan uses {inPlace.Arrays} arrays");
        Assert.True(reuseOnly.Arrays <= 3, $"reuse-only plan uses {reuseOnly.Arrays} arrays");
        Assert.True(inPlace.Arrays < 7);
    }

    [Fact]
    public void InPlaceAndReuseDoNotChangeResults()
    {
        var x = T.Matrix("x");
        var y = T.Matrix("y");
        var a = T.Exp(x) * y;
        var e = T.Tanh(a + 1) * a - T.Dot(a, y.Transpose()).Sum() + T.Sigmoid(y) * x;
        var options = new[]
        {
            new CompileOptions(),
            new CompileOptions { ExcludedRewrites = ["fusion"] },
            new CompileOptions { ExcludedRewrites = ["fusion", RewriteRegistry.InPlace] },
        };
        var (xv, yv) = (Random(1, 5, 6), Random(2, 5, 6));
        var reference = Values(Function.Compile([x, y], e, options: Unoptimized).Invoke(xv, yv)[0]);
        foreach (var o in options)
        {
            var f = Function.Compile([x, y], e, options: o);
            for (int call = 0; call < 2; call++)
            {
                var r = Values(f.Invoke(xv, yv)[0]);
                for (int i = 0; i < r.Length; i++) Close(reference[i], r[i], 1e-4);
            }
            Assert.Equal(xv.ToArray(), Random(1, 5, 6).ToArray()); // inputs are never written
        }
    }

    [Fact]
    public void UpdatesStillSeeOldValuesWithInPlaceExecution()
    {
        var a = T.Shared(Tensor.FromArray([1f, 2f]), "a");
        var b = T.Shared(Tensor.FromArray([10f, 20f]), "b");
        var step = Function.Compile([], [a * 1 + 0], updates: [(a, T.Exp(b * 0) * b + 1), (b, T.Tanh(a * 0) + a * 2)]);
        var r = step.Invoke();
        Assert.Equal([1f, 2f], r[0].ToString() is not null ? ((Tensor<float>)r[0]).ToArray() : []);
        Assert.Equal([11f, 21f], a.GetValue<float>().ToArray());
        Assert.Equal([2f, 4f], b.GetValue<float>().ToArray());
    }

    [Theory]
    [InlineData(16, 32, false)]
    [InlineData(64, 1100, true)] // 64 x 1100 elements: above the parallel threshold of the fused loops and kernels
    public void CompiledTrainingStepAllocatesNothingAfterWarmUp(int batch, int hidden, bool softmaxCrossEntropy)
    {
        var rng = new RandomGenerator(7);
        var x = T.Matrix("x");
        var t = T.Matrix("t");
        var labels = T.IVector("y");
        var W1 = T.Shared(rng.Normal<float>(new Shape(20, hidden), 0f, 0.2f), "W1");
        var b1 = T.Shared(Tensor.Zeros<float>(new Shape(hidden)), "b1");
        var W2 = T.Shared(rng.Normal<float>(new Shape(hidden, 4), 0f, 0.2f), "W2");
        var b2 = T.Shared(Tensor.Zeros<float>(new Shape(4)), "b2");
        var h = T.Relu(T.Dot(x, W1) + T.DimShuffle(b1, "x", 0));
        var scores = T.Dot(h, W2) + T.DimShuffle(b2, "x", 0);
        var cost = softmaxCrossEntropy
            ? T.Mean(T.CategoricalCrossentropy(T.Softmax(scores), labels))
            : T.Mean(T.Square(T.Sigmoid(scores) - t));
        SharedVariable[] parameters = [W1, b1, W2, b2];
        var grads = Grad.Of(cost, parameters);
        var updates = new List<(SharedVariable, Variable)>();
        for (int i = 0; i < parameters.Length; i++)
        {
            var velocity = T.Shared(Tensor.Zeros<float>(parameters[i].Value.Shape), $"v{i}");
            var v = 0.9f * velocity - 0.05f * grads[i];
            updates.Add((velocity, v));
            updates.Add((parameters[i], parameters[i] + 0.9f * v - 0.05f * grads[i])); // Nesterov form
        }
        var xv = rng.Uniform<float>(new Shape(batch, 20), -1f, 1f);
        Tensor[] args;
        CompiledFunction step;
        if (softmaxCrossEntropy)
        {
            var y = new int[batch];
            for (int i = 0; i < batch; i++) y[i] = i % 4;
            step = Function.Compile([x, labels], cost, updates: updates);
            args = [xv, Tensor.FromArray(y)];
        }
        else
        {
            step = Function.Compile([x, t], cost, updates: updates);
            args = [xv, rng.Uniform<float>(new Shape(batch, 4), 0f, 1f)];
        }
        double first = step.Invoke(args)[0].GetDouble(0);
        for (int i = 0; i < 5; i++) step.Invoke(args);

        // Three rounds of 10 steps, each allocating nothing (the kernels' parallel dispatch is lock-free and the
        // calling thread sizes its scratch during the warm-up). A collection before each round: caches the runtime holds
        // weakly (Enum.IsDefined's, once in pooling) are rebuilt after one, which other threads trigger at any time.
        var rounds = new long[3];
        double last = 0;
        for (int round = 0; round < rounds.Length; round++)
        {
            GC.Collect();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) last = step.Invoke(args)[0].GetDouble(0);
            rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.True(Array.TrueForAll(rounds, bytes => bytes == 0), $"bytes allocated by rounds of 10 warm steps: {string.Join(", ", rounds)}");
        Assert.True(last < first, $"cost did not decrease: {first} -> {last}");
        Assert.Equal(1, step.PlanCount);
    }
}
