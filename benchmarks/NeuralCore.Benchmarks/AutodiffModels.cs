using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Benchmarks;

/// <summary>The training graphs the autodiff benchmarks compile: an MLP and a small CNN with softmax
/// cross-entropy on int labels and a hand-written Nesterov momentum update.</summary>
internal static class AutodiffModels
{
    public sealed record TrainingGraph(Variable[] Inputs, Variable Cost, List<(SharedVariable, Variable)> Updates);

    private static SharedVariable Weight(RandomGenerator rng, string name, params int[] shape)
    {
        int fanIn = 1;
        for (int i = 1; i < shape.Length; i++) fanIn *= shape[i];
        if (shape.Length == 2) fanIn = shape[0];
        return T.Shared(rng.Normal<float>(new Shape(shape), 0f, MathF.Sqrt(2f / fanIn)), name);
    }

    private static SharedVariable Bias(string name, int n) => T.Shared(Tensor.Zeros<float>(new Shape(n)), name);

    private static Variable Dense(Variable x, SharedVariable w, SharedVariable b) => T.Dot(x, w) + T.DimShuffle(b, "x", 0);

    /// <summary>Nesterov momentum written by hand: v' = μv - ηg; p' = p + μv' - ηg.</summary>
    private static List<(SharedVariable, Variable)> Nesterov(Variable cost, SharedVariable[] parameters, float learningRate = 0.01f, float momentum = 0.9f)
    {
        var grads = Grad.Of(cost, parameters);
        var updates = new List<(SharedVariable, Variable)>();
        for (int i = 0; i < parameters.Length; i++)
        {
            var velocity = T.Shared(Tensor.Zeros<float>(parameters[i].Value.Shape), parameters[i].Name + "_v");
            var v = momentum * velocity - learningRate * grads[i];
            updates.Add((velocity, v));
            updates.Add((parameters[i], parameters[i] + momentum * v - learningRate * grads[i]));
        }
        return updates;
    }

    /// <summary>784-800-800-10 with ReLU.</summary>
    public static TrainingGraph Mlp()
    {
        var rng = new RandomGenerator(1);
        var x = T.Matrix("x");
        var y = T.IVector("y");
        var (w1, b1) = (Weight(rng, "W1", 784, 800), Bias("b1", 800));
        var (w2, b2) = (Weight(rng, "W2", 800, 800), Bias("b2", 800));
        var (w3, b3) = (Weight(rng, "W3", 800, 10), Bias("b3", 10));
        var h1 = T.Relu(Dense(x, w1, b1));
        var h2 = T.Relu(Dense(h1, w2, b2));
        var cost = T.Mean(T.CategoricalCrossentropy(T.Softmax(Dense(h2, w3, b3)), y));
        return new TrainingGraph([x, y], cost, Nesterov(cost, [w1, b1, w2, b2, w3, b3]));
    }

    /// <summary>conv 32 5x5 - max-pool 2 - conv 32 5x5 - max-pool 2 - dense 256 - dense 10 on 1x28x28 images.</summary>
    public static TrainingGraph Cnn()
    {
        var rng = new RandomGenerator(2);
        var x = T.Tensor4("x");
        var y = T.IVector("y");
        var (c1, cb1) = (Weight(rng, "C1", 32, 1, 5, 5), Bias("cb1", 32));
        var (c2, cb2) = (Weight(rng, "C2", 32, 32, 5, 5), Bias("cb2", 32));
        var (w3, b3) = (Weight(rng, "W3", 512, 256), Bias("b3", 256));
        var (w4, b4) = (Weight(rng, "W4", 256, 10), Bias("b4", 10));
        var h = T.Relu(T.Conv2D(x, c1) + T.DimShuffle(cb1, "x", 0, "x", "x"));
        h = T.Pool2D(h, 2);
        h = T.Relu(T.Conv2D(h, c2) + T.DimShuffle(cb2, "x", 0, "x", "x"));
        h = T.Pool2D(h, 2);
        h = T.Relu(Dense(T.Flatten(h, 2), w3, b3));
        var cost = T.Mean(T.CategoricalCrossentropy(T.Softmax(Dense(h, w4, b4)), y));
        return new TrainingGraph([x, y], cost, Nesterov(cost, [c1, cb1, c2, cb2, w3, b3, w4, b4]));
    }
}
