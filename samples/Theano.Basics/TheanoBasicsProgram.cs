using System.CommandLine;
using System.Globalization;
using System.Text;
using NeuralCore.Autodiff;
using NeuralCore.Samples.Common;
using NeuralCore.Tensors;
using static System.FormattableString;

namespace NeuralCore.Samples.TheanoBasics;

/// <summary>
/// The Theano tutorial's first steps, in C# with NeuralCore.Autodiff, as a console walk-through: each step shows the
/// C# line and what it prints. Symbolic multiply of two scalars, pretty printing, compiling and calling; elementwise
/// matrix expressions (the logistic function); the symbolic derivative of 5x² before and after simplification;
/// shared variables with updates (the tutorial's accumulator), givens and default updates; and the tutorial's
/// logistic regression trained by gradient descent.
/// </summary>
public static class TheanoBasicsProgram
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>Parses <paramref name="args"/> and runs the walk-through; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args) => BuildCommand().Parse(args).InvokeAsync();

    /// <summary>The root command with its options.</summary>
    public static RootCommand BuildCommand()
    {
        var steps = new Option<int>("--steps") { Description = "Gradient steps of the logistic-regression example", DefaultValueFactory = _ => 500 };
        steps.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--steps must be at least 1"); });
        var seed = new Option<ulong>("--seed") { Description = "Seed of the logistic-regression data and weights", DefaultValueFactory = _ => 1 };
        var root = new RootCommand("The Theano tutorial's first steps with NeuralCore.Autodiff: symbolic expressions, gradients, shared variables");
        root.Options.Add(steps);
        root.Options.Add(seed);
        root.SetAction(parse =>
        {
            Scalars();
            Matrices();
            Derivatives();
            SharedVariables();
            LogisticRegression(parse.GetValue(steps), parse.GetValue(seed));
            return 0;
        });
        return root;
    }

    // "Baby steps - algebra": y = a * b, printed, compiled, called.
    private static void Scalars()
    {
        SampleConsole.Heading("1. Multiplying two scalars");
        var a = T.Scalar("A");
        var b = T.Scalar("B");
        var y = a * b;
        Step("var a = T.Scalar(\"A\"); var b = T.Scalar(\"B\"); var y = a * b;", null);
        Step("Print.Pretty(y)", Print.Pretty(y));
        var f = Function.Compile([a, b], y);
        Step("var f = Function.Compile([a, b], y); f.Invoke(6f, 7f)[0]", Format(f.Invoke(6f, 7f)[0]));
        Step("f.Invoke(1.5f, 4f)[0]", Format(f.Invoke(1.5f, 4f)[0]));
    }

    // Adding matrices, and the logistic function applied elementwise.
    private static void Matrices()
    {
        SampleConsole.Heading("2. Matrices and the logistic function");
        var x = T.Matrix("x");
        var y = T.Matrix("y");
        var add = Function.Compile([x, y], x + y);
        var left = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
        var right = Tensor.FromArray(new float[,] { { 10, 20 }, { 30, 40 } });
        Step("Function.Compile([x, y], x + y).Invoke([[1, 2], [3, 4]], [[10, 20], [30, 40]])", Format(add.Invoke(left, right)[0]));

        var s = 1.0 / (1.0 + T.Exp(-x));
        Step("var s = 1.0 / (1.0 + T.Exp(-x)); Print.Pretty(s)", Print.Pretty(s));
        var logistic = Function.Compile([x], s);
        var input = Tensor.FromArray(new float[,] { { 0, 1 }, { -1, -2 } });
        Step("logistic([[0, 1], [-1, -2]])", Format(logistic.Invoke(input)[0]));
        var gs = Grad.Of(s.Sum(), x);
        Step("Grad.Of(s.Sum(), x) at [[0, 1], [-1, -2]]  (s·(1 - s))", Format(Function.Compile([x], gs).Invoke(input)[0]));
    }

    // The derivative of 5x² before and after the graph optimizer simplifies it.
    private static void Derivatives()
    {
        SampleConsole.Heading("3. Symbolic derivative of 5x²");
        var x = T.Scalar("x");
        var y = 5 * x * x;
        Step("var x = T.Scalar(\"x\"); var y = 5 * x * x; Print.Pretty(y)", Print.Pretty(y));
        var gy = Grad.Of(y, x);
        Step("var gy = Grad.Of(y, x); Print.Pretty(gy)   (as built by the chain rule)", Print.Pretty(gy));
        Step("Print.Pretty(GraphOptimizer.Simplify(gy))   (after simplification)", Print.Pretty(GraphOptimizer.Simplify(gy)));
        var f = Function.Compile([x], gy);
        Step("Function.Compile([x], gy).Invoke(3f)[0]", Format(f.Invoke(3f)[0]));
        Step("... .Invoke(-0.5f)[0]", Format(f.Invoke(-0.5f)[0]));
    }

    // The tutorial's accumulator: a function returning the shared state and adding its input to it.
    private static void SharedVariables()
    {
        SampleConsole.Heading("4. Shared variables and updates");
        var state = T.Shared(Tensor.Scalar(0f), "state");
        var inc = T.Scalar("inc");
        var accumulator = Function.Compile([inc], [state], updates: [(state, state + inc)]);
        Step("var state = T.Shared(Tensor.Scalar(0f), \"state\"); var inc = T.Scalar(\"inc\");", null);
        Step("var accumulator = Function.Compile([inc], [state], updates: [(state, state + inc)]);", null);
        Step("state.Value", Format(state.Value));
        // Outputs see the value from before the call, as in Theano: accumulator(1) returns 0.
        Step("accumulator(1) returns", Format(accumulator.Invoke(1f)[0]));
        Step("state.Value", Format(state.Value));
        Step("accumulator(300) returns", Format(accumulator.Invoke(300f)[0]));
        Step("state.Value", Format(state.Value));

        state.Value = Tensor.Scalar(-1f);
        var decrementor = Function.Compile([inc], [state], updates: [(state, state - inc)]);
        Step("state.Value = -1; decrementor(2) returns", Format(decrementor.Invoke(2f)[0]));
        Step("state.Value", Format(state.Value));

        // Givens replace the shared variable by another input for one function, leaving the state alone.
        var fnOfState = state * 2 + inc;
        var foo = T.Scalar("foo");
        var skipShared = Function.Compile([inc, foo], [fnOfState], givens: [(state, foo)]);
        Step("var skipShared = Function.Compile([inc, foo], [state * 2 + inc], givens: [(state, foo)]); skipShared(1, 3)", Format(skipShared.Invoke(1f, 3f)[0]));
        Step("state.Value   (unchanged)", Format(state.Value));

        // A default update travels with the shared variable into every function that uses it.
        var counter = T.Shared(Tensor.Scalar(0f), "counter");
        counter.DefaultUpdate = counter + 1;
        var x = T.Scalar("x");
        var addCounter = Function.Compile([x], x + counter);
        Step("counter.DefaultUpdate = counter + 1; var g = Function.Compile([x], x + counter);", null);
        Step("g(10) returns", Format(addCounter.Invoke(10f)[0]));
        Step("g(10) returns", Format(addCounter.Invoke(10f)[0]));
        Step("counter.Value", Format(counter.Value));
    }

    // The tutorial's logistic regression: random data, L2-penalized cross-entropy, gradient descent with updates.
    private static void LogisticRegression(int steps, ulong seed)
    {
        const int N = 400, Features = 784;
        SampleConsole.Heading("5. Logistic regression trained with Grad and updates");
        var rng = new RandomGenerator(seed);
        var data = rng.Normal(new Shape(N, Features), 0f, 1f);
        var labels = new Tensor<float>(new Shape(N));
        var labelSpan = labels.AsSpan();
        for (int i = 0; i < N; i++) labelSpan[i] = rng.NextUInt64() % 2;
        var x = T.Matrix("x");
        var y = T.Vector("y");
        // The tutorial draws w from N(0, 1); with 784 features that saturates p1 to exactly 0 or 1 at the first
        // step (log(0) in the cost), so the weights start small here.
        var w = T.Shared(rng.Normal(new Shape(Features), 0f, 0.01f), "w");
        var b = T.Shared(Tensor.Scalar(0f), "b");
        var p1 = 1.0 / (1.0 + T.Exp(-T.Dot(x, w) - b));         // probability that the target is 1
        var prediction = p1 > 0.5;
        var xent = -y * T.Log(p1) - (1.0 - y) * T.Log(1.0 - p1);
        var cost = xent.Mean() + 0.01 * (w * w).Sum();
        var grads = Grad.Of(cost, [w, b]);
        var train = Function.Compile([x, y], [prediction, cost], updates: [(w, w - 0.1 * grads[0]), (b, b - 0.1 * grads[1])]);
        var predict = Function.Compile([x], prediction);
        Step(Invariant($"{N} random examples of {Features} features, random 0/1 targets; p1 = 1 / (1 + exp(-x·w - b))"), null);
        Step("cost = crossentropy.Mean() + 0.01 * (w * w).Sum(); updates w -= 0.1 * gw, b -= 0.1 * gb", null);
        double Accuracy(Tensor predicted)
        {
            int correct = 0;
            for (int i = 0; i < N; i++) if (predicted.GetDouble(i) == labels.GetDouble(i)) correct++;
            return correct / (double)N;
        }
        double firstCost = double.NaN, lastCost = double.NaN;
        var rows = new List<IReadOnlyList<string>>();
        for (int step = 1; step <= steps; step++)
        {
            var outputs = train.Invoke(data, labels);
            lastCost = outputs[1].GetDouble(0);
            if (step == 1) firstCost = lastCost;
            if (step == 1 || step == steps || step % Math.Max(1, steps / 5) == 0)
                rows.Add([step.ToString(s_inv), lastCost.ToString("F4", s_inv)]);
        }
        SampleConsole.Table(["step", "cost"], rows);
        Step("cost at the first step", firstCost.ToString("F4", s_inv));
        Step("cost at the last step", lastCost.ToString("F4", s_inv));
        Step("training accuracy of the final weights", (100 * Accuracy(predict.Invoke(data)[0])).ToString("F2", s_inv) + "%");
    }

    // One walk-through line: the code, then "=> result" when there is one.
    private static void Step(string code, string? result)
    {
        if (result is null) SampleConsole.Info("code", code);
        else SampleConsole.Info(code, "=> " + result);
    }

    /// <summary>A tensor as the tutorial prints arrays: "42" for a scalar, "[1, 2]", "[[11, 22], [33, 44]]".</summary>
    public static string Format(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder();
        int index = 0;
        Append(0);
        return sb.ToString();

        void Append(int axis)
        {
            if (axis == value.Rank)
            {
                sb.Append(value.GetDouble(index++).ToString("G6", s_inv));
                return;
            }
            sb.Append('[');
            for (int i = 0; i < value.Shape[axis]; i++)
            {
                if (i > 0) sb.Append(", ");
                Append(axis + 1);
            }
            sb.Append(']');
        }
    }
}
