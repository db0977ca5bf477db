using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Optimizers.Tests;

public class UpdateRuleTests
{
    public static TheoryData<string> Rules => new(["Sgd", "Momentum", "NesterovMomentum", "Adagrad", "RmsProp", "AdaDelta", "Adam", "Adamax", "AmsGrad", "AdamCustom", "RmsPropCustom"]);

    // The library call of each rule; rules without an explicit learning rate use Lasagne's defaults, so the
    // reference (written with those defaults) also checks them.
    internal static UpdateDictionary Build(string rule, LossOrGradients lossOrGradients, IReadOnlyList<SharedVariable> ps, Hyperparameter? lr = null) => rule switch
    {
        "Sgd" => Updates.Sgd(lossOrGradients, ps, lr ?? 0.1),
        "Momentum" => Updates.Momentum(lossOrGradients, ps, lr ?? 0.1),
        "NesterovMomentum" => Updates.NesterovMomentum(lossOrGradients, ps, learningRate: lr ?? 0.1, momentum: 0.9),
        "Adagrad" => Updates.Adagrad(lossOrGradients, ps, lr),
        "RmsProp" => Updates.RmsProp(lossOrGradients, ps, lr),
        "AdaDelta" => Updates.AdaDelta(lossOrGradients, ps, lr),
        "Adam" => Updates.Adam(lossOrGradients, ps, lr),
        "Adamax" => Updates.Adamax(lossOrGradients, ps, lr),
        "AmsGrad" => Updates.AmsGrad(lossOrGradients, ps, lr),
        "AdamCustom" => Updates.Adam(lossOrGradients, ps, lr ?? 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-4),
        "RmsPropCustom" => Updates.RmsProp(lossOrGradients, ps, lr ?? 0.01, rho: 0.5, epsilon: 1e-3),
        _ => throw new ArgumentException(rule),
    };

    private static void CompareTrajectory(string rule, DType dtype, double rtol, double atol, bool precomputedGradients = false)
    {
        var q = new Quadratic(dtype);
        LossOrGradients input = precomputedGradients ? Grad.Of(q.Loss, [q.A, q.B]) : q.Loss;
        var train = Function.Compile([], q.Loss, Build(rule, input, q.Parameters));
        var reference = ReferenceRule.Create(rule);
        var p = Quadratic.Start(dtype);
        for (int step = 0; step < 10; step++)
        {
            double loss = train.Invoke()[0].GetDouble(0);
            Assert.True(Math.Abs(loss - Quadratic.LossOf(p)) <= atol + rtol * Quadratic.LossOf(p), $"{rule} step {step}: loss {loss} vs {Quadratic.LossOf(p)}");
            reference.Step(p, Quadratic.Gradients(p));
            Quadratic.AssertClose(p[0], Quadratic.Values(q.A), rtol, atol, $"{rule} step {step + 1} A");
            Quadratic.AssertClose(p[1], Quadratic.Values(q.B), rtol, atol, $"{rule} step {step + 1} B");
        }
    }

    [Theory, MemberData(nameof(Rules))]
    public void TenStepsMatchTheReferenceInFloat64(string rule) => CompareTrajectory(rule, DType.Float64, 1e-10, 1e-12);

    [Theory, MemberData(nameof(Rules))]
    public void TenStepsMatchTheReferenceInFloat32(string rule) => CompareTrajectory(rule, DType.Float32, 1e-5, 1e-6);

    [Theory, MemberData(nameof(Rules))]
    public void PrecomputedGradientsGiveTheSameTrajectoryAsTheLoss(string rule) => CompareTrajectory(rule, DType.Float64, 1e-10, 1e-12, precomputedGradients: true);

    [Theory]
    [InlineData("Sgd", 2)]
    [InlineData("Momentum", 4)]
    [InlineData("NesterovMomentum", 4)]
    [InlineData("Adagrad", 4)]
    [InlineData("RmsProp", 4)]
    [InlineData("AdaDelta", 6)]
    [InlineData("Adam", 7)]
    [InlineData("Adamax", 7)]
    [InlineData("AmsGrad", 9)]
    public void StateIsOneZeroSharedVariablePerParameterAndSlot(string rule, int expectedUpdates)
    {
        var q = new Quadratic(DType.Float32);
        var updates = Build(rule, q.Loss, q.Parameters);
        Assert.Equal(expectedUpdates, updates.Count);
        Assert.Contains(q.A, updates.Keys);
        Assert.Contains(q.B, updates.Keys);
        foreach (var state in updates.Keys)
        {
            if (ReferenceEquals(state, q.A) || ReferenceEquals(state, q.B)) continue;
            Assert.Equal(DType.Float32, state.DType);
            Assert.True(state.Value.Shape == q.A.Value.Shape || state.Value.Shape == q.B.Value.Shape || state.Rank == 0, $"state {state.Name} has shape {state.Value.Shape}");
            Assert.All(Quadratic.Values(state), v => Assert.Equal(0.0, v));
        }
    }

    // Lasagne's test_updates also checks every rule accepts symbolic hyper-parameters; here the learning rate is
    // a float32 shared variable driving float64 parameters, changed mid-run on the same compiled function.
    [Theory, MemberData(nameof(Rules))]
    public void SharedLearningRateChangesTakeEffectWithoutRecompiling(string rule)
    {
        var q = new Quadratic(DType.Float64);
        var lr = Hyperparameter.CreateShared(0.125);
        Assert.Equal(DType.Float32, lr.DType);
        Assert.Equal(0, lr.Rank);
        var train = Function.Compile([], q.Loss, Build(rule, q.Loss, q.Parameters, lr));
        double referenceLr = 0.125;
        var reference = ReferenceRule.Create(rule, () => referenceLr);
        var p = Quadratic.Start(DType.Float64);
        for (int step = 0; step < 10; step++)
        {
            if (step == 4)
            {
                Hyperparameter.SetValue(lr, 0.03125);
                referenceLr = 0.03125;
            }
            if (step == 7)
            {
                lr.Value = Tensor.Scalar(0.5f);
                referenceLr = 0.5;
            }
            train.Invoke();
            reference.Step(p, Quadratic.Gradients(p));
            Quadratic.AssertClose(p[0], Quadratic.Values(q.A), 1e-10, 1e-12, $"{rule} step {step + 1} A");
            Quadratic.AssertClose(p[1], Quadratic.Values(q.B), 1e-10, 1e-12, $"{rule} step {step + 1} B");
        }
    }

    [Fact]
    public void HyperparametersCanBeFunctionInputs()
    {
        // Momentum as a symbolic input of the compiled function (not shared): each call passes its own value.
        var q = new Quadratic(DType.Float64);
        var lr = T.Scalar("lr", DType.Float64);
        var momentum = T.Scalar("momentum", DType.Float64);
        var train = Function.Compile([lr, momentum], q.Loss, Updates.Momentum(q.Loss, q.Parameters, lr, momentum));
        var p = Quadratic.Start(DType.Float64);
        var v = new[] { new double[3], new double[6] };
        double[] lrs = [0.1, 0.05, 0.2], ms = [0.9, 0.5, 0.0];
        for (int step = 0; step < 3; step++)
        {
            train.Invoke(lrs[step], ms[step]);
            var g = Quadratic.Gradients(p);
            for (int k = 0; k < 2; k++)
                for (int i = 0; i < p[k].Length; i++)
                {
                    v[k][i] = ms[step] * v[k][i] - lrs[step] * g[k][i];
                    p[k][i] += v[k][i];
                }
            Quadratic.AssertClose(p[0], Quadratic.Values(q.A), 1e-12, 1e-14, $"step {step} A");
            Quadratic.AssertClose(p[1], Quadratic.Values(q.B), 1e-12, 1e-14, $"step {step} B");
        }
    }

    [Fact]
    public void ApplyNesterovMomentumToASubsetLeavesTheOthersPlainSgd()
    {
        var q = new Quadratic(DType.Float64);
        var updates = Updates.ApplyNesterovMomentum(Updates.Sgd(q.Loss, q.Parameters, 0.1), [q.A], momentum: 0.5);
        Assert.Equal(3, updates.Count);
        var train = Function.Compile([], q.Loss, updates);
        var p = Quadratic.Start(DType.Float64);
        var v = new double[3];
        for (int step = 0; step < 5; step++)
        {
            train.Invoke();
            var g = Quadratic.Gradients(p);
            for (int i = 0; i < 3; i++)
            {
                v[i] = 0.5 * v[i] - 0.1 * g[0][i];
                p[0][i] += 0.5 * v[i] - 0.1 * g[0][i];
            }
            for (int i = 0; i < 6; i++) p[1][i] -= 0.1 * g[1][i];
            Quadratic.AssertClose(p[0], Quadratic.Values(q.A), 1e-12, 1e-14, $"step {step} A");
            Quadratic.AssertClose(p[1], Quadratic.Values(q.B), 1e-12, 1e-14, $"step {step} B");
        }
    }

    [Fact]
    public void ApplyMomentumDoesNotModifyItsInput()
    {
        var q = new Quadratic(DType.Float32);
        var sgd = Updates.Sgd(q.Loss, q.Parameters, 0.1);
        var sgdA = sgd[q.A];
        var withMomentum = Updates.ApplyMomentum(sgd);
        Assert.Equal(2, sgd.Count);
        Assert.Same(sgdA, sgd[q.A]);
        Assert.Equal(4, withMomentum.Count);
        Assert.NotSame(sgdA, withMomentum[q.A]);
    }

    public static TheoryData<string, double> ConvexRules => new()
    {
        { "Sgd", 0.05 }, { "Momentum", 0.02 }, { "NesterovMomentum", 0.02 }, { "Adagrad", 0.5 }, { "RmsProp", 0.05 },
        { "AdaDelta", 1.0 }, { "Adam", 0.05 }, { "Adamax", 0.05 }, { "AmsGrad", 0.05 },
    };

    // Least squares with a vector weight and a scalar (rank-0) bias: convex, so every rule must lower it.
    [Theory, MemberData(nameof(ConvexRules))]
    public void EveryRuleDecreasesAConvexLoss(string rule, double learningRate)
    {
        double[] x = [1, 2, -1, 0.5, -1, 2, 3, 0, 1, -2, 1, 0.5, 0, -1, -1, 1.5, 0.5, 2];
        double[] y = [1, -2, 3, 0.5, -1, 2];
        var w = new SharedVariable(Tensor.Zeros<float>(3), "w");
        var b = new SharedVariable(Tensor.Scalar(0f), "b");
        var prediction = T.Dot(T.Constant(Tensor.FromArray(Array.ConvertAll(x, v => (float)v), 6, 3)), w) + b;
        var loss = T.Mean(T.Square(prediction - T.Constant(Tensor.FromArray(Array.ConvertAll(y, v => (float)v), 6))));
        var train = Function.Compile([], loss, Build(rule, loss, [w, b], learningRate));
        double first = train.Invoke()[0].GetDouble(0), last = first;
        for (int step = 0; step < 40; step++) last = train.Invoke()[0].GetDouble(0);
        Assert.True(last < 0.95 * first, $"{rule}: loss went from {first} to {last}");
    }

    [Fact]
    public void MismatchedGradientCountIsAClearError()
    {
        var q = new Quadratic(DType.Float32);
        var g = Grad.Of(q.Loss, q.A);
        var e = Assert.Throws<ArgumentException>(() => Updates.Adam(new[] { g }, q.Parameters));
        Assert.Contains("Adam", e.Message);
        Assert.Contains("1 gradient expressions for 2 parameters", e.Message);
        Assert.Throws<ArgumentException>(() => Updates.Sgd(new List<Variable> { g, g, g }, q.Parameters, 0.1));
    }

    [Fact]
    public void GradientOfTheWrongRankIsAClearError()
    {
        var q = new Quadratic(DType.Float32);
        var grads = Grad.Of(q.Loss, [q.A, q.B]);
        var e = Assert.Throws<ArgumentException>(() => Updates.Sgd(new[] { grads[1], grads[0] }, q.Parameters, 0.1));
        Assert.Contains("gradient 0", e.Message);
        Assert.Contains("'A'", e.Message);
    }

    [Fact]
    public void ParameterListedTwiceOrLossNotScalarAreErrors()
    {
        var q = new Quadratic(DType.Float32);
        Assert.Contains("listed twice", Assert.Throws<ArgumentException>(() => Updates.Sgd(q.Loss, [q.A, q.A], 0.1)).Message);
        Assert.Throws<ArgumentException>(() => Updates.Sgd(T.Square(q.A), [q.A], 0.1));
        Assert.Throws<ArgumentException>(() => Updates.Sgd(default(LossOrGradients), [q.A], 0.1));
    }

    [Fact]
    public void ApplyMomentumToAParameterWithoutAnUpdateIsAnError()
    {
        var q = new Quadratic(DType.Float32);
        var sgd = Updates.Sgd(q.Loss, [q.A], 0.1);
        Assert.Contains("'B'", Assert.Throws<ArgumentException>(() => Updates.ApplyMomentum(sgd, q.Parameters)).Message);
    }

    [Fact]
    public void TheIssueExampleFormCompilesWithFloatLiterals()
    {
        // Updates.NesterovMomentum(loss, parameters, learningRate: 0.01f, momentum: 0.9f) as in the Lasagne tutorial.
        var q = new Quadratic(DType.Float32);
        var updates = Updates.NesterovMomentum(q.Loss, q.Parameters, learningRate: 0.01f, momentum: 0.9f);
        var train = Function.Compile([], q.Loss, updates);
        double first = train.Invoke()[0].GetDouble(0);
        // One step of Nesterov from v = 0: p <- p - (1 + m) lr g with g = 2 c p = 0.2 for A[0].
        float expected = 1f - (1f + 0.9f) * 0.01f * (2f * 0.1f * 1f);
        Assert.True(Math.Abs(expected - (float)Quadratic.Values(q.A)[0]) < 1e-6, $"{expected} vs {Quadratic.Values(q.A)[0]}");
        double second = train.Invoke()[0].GetDouble(0);
        Assert.True(second < first);
    }
}
