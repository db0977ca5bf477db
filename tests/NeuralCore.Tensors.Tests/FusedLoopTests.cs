namespace NeuralCore.Tensors.Tests;

/// <summary>
/// Float32 fused-loop results against a plain scalar loop in double (Math.Exp, Math.Tanh, ...).
/// Tolerance: |fused − reference| ≤ 4e-6 · |reference| + 1e-30, i.e. about 30 float ulps relative, with no
/// absolute slack, so a function that loses relative accuracy near 0 (tanh, expm1, log1p of tiny x) fails.
/// Sizes cross a block boundary (<see cref="FusedLoop.BlockSize"/>) and end in a partial vector.
/// </summary>
public class FusedLoopTests
{
    private const double Relative = 4e-6;

    private static readonly (FusedOp Op, Func<double, double> F, double Low, double High)[] s_unary =
    [
        (FusedOp.Exp, Math.Exp, -80, 80),
        (FusedOp.Log, Math.Log, 1e-6, 1e6),
        (FusedOp.Log1p, Log1p, -0.9, 100),
        (FusedOp.Sqrt, Math.Sqrt, 0, 1e4),
        (FusedOp.Tanh, Math.Tanh, -12, 12),
        (FusedOp.Sigmoid, x => 1 / (1 + Math.Exp(-x)), -80, 30),
        (FusedOp.Softplus, x => Math.Max(x, 0) + Log1p(Math.Exp(-Math.Abs(x))), -60, 60),
        (FusedOp.Elu, x => x > 0 ? x : 0.7 * Expm1(x), -20, 5),
        (FusedOp.Selu, x => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * Expm1(x)), -20, 5),
        (FusedOp.Neg, x => -x, -5, 5),
        (FusedOp.Abs, Math.Abs, -5, 5),
        (FusedOp.Square, x => x * x, -5, 5),
    ];

    // log(1 + x) by its series where 1 + x would round.
    private static double Log1p(double x) => Math.Abs(x) < 1e-4 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x);

    // exp(x) − 1 by its series where the subtraction would cancel.
    private static double Expm1(double x) => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1;

    private static void AssertClose(double expected, float actual, string what, int index)
    {
        double error = Math.Abs(actual - expected);
        Assert.True(error <= Relative * Math.Abs(expected) + 1e-30,
            $"{what}[{index}]: fused {actual:R}, reference {expected:R}, relative error {error / Math.Max(Math.Abs(expected), 1e-300):E2}");
    }

    /// <summary>Values spread over [low, high] plus points near 0 where relative accuracy is hardest.</summary>
    private static float[] Inputs(int n, double low, double high, int seed)
    {
        var random = new Random(seed);
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float)(low + (high - low) * random.NextDouble());
        float[] small = [1e-7f, -1e-7f, 2e-3f, -2e-3f, 0.5f, -0.5f, 0f];
        for (int i = 0; i < small.Length; i++)
            if (small[i] >= low && small[i] <= high) values[(i * 997) % n] = small[i];
        return values;
    }

    [Fact]
    public void UnaryOpsInFloatMatchAScalarDoubleLoop()
    {
        int n = FusedLoop.BlockSize + 37;
        foreach (var (op, f, low, high) in s_unary)
        {
            var x = Inputs(n, low, high, (int)op);
            var program = new FusedLoopProgram(1, [new FusedInstruction(op, 0, P0: 0.7)]);
            var result = FusedLoop.Run(program, Tensor.FromArray(x)).ToArray();
            for (int i = 0; i < n; i++) AssertClose(f(x[i]), result[i], op.ToString(), i);
        }
    }

    [Fact]
    public void AChainWithABroadcastRowMatchesAScalarLoop()
    {
        // sigmoid(x · w + b) · 2 − 1 followed by tanh, exp and log1p: one program, one pass.
        const int rows = 5, cols = 1000; // 5000 elements: one full block and a partial one
        var x = Inputs(rows * cols, -3, 3, 1);
        var w = Inputs(rows * cols, -2, 2, 2);
        var b = Inputs(cols, -1, 1, 3);
        var program = new FusedLoopProgram(4, [
            new FusedInstruction(FusedOp.Mul, 0, 1),     // r4 = x · w
            new FusedInstruction(FusedOp.Add, 4, 2),     // r5 = r4 + b
            new FusedInstruction(FusedOp.Sigmoid, 5),    // r6
            new FusedInstruction(FusedOp.Mul, 6, 3),     // r7 = r6 · 2
            new FusedInstruction(FusedOp.Sub, 7, 3),     // r8 = r7 − 2
            new FusedInstruction(FusedOp.Tanh, 8),       // r9
            new FusedInstruction(FusedOp.Exp, 9),        // r10
            new FusedInstruction(FusedOp.Log1p, 10),     // r11
        ]);
        var two = Tensor.FromArray([2f]);
        var result = FusedLoop.Run(program, Tensor.FromArray(x, rows, cols), Tensor.FromArray(w, rows, cols),
            Tensor.FromArray(b, 1, cols), two).ToArray();
        for (int i = 0; i < rows * cols; i++)
        {
            // The reference follows the float rounding of each intermediate where the program stores it, so
            // the tolerance measures the transcendental functions, not the inputs' conditioning.
            float pre = x[i] * w[i] + b[i % cols];
            float s = (float)(1 / (1 + Math.Exp(-pre)));
            float affine = s * 2f - 2f;
            double expected = Math.Log(1 + Math.Exp(Math.Tanh(affine)));
            Assert.True(Math.Abs(result[i] - expected) <= 1e-5 * Math.Abs(expected),
                $"chain[{i}]: fused {result[i]:R}, reference {expected:R}");
        }
    }

    [Fact]
    public void SpecialValuesFollowIeeeSemantics()
    {
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 100f, -200f];
        var exp = FusedLoop.Run(new FusedLoopProgram(1, [new FusedInstruction(FusedOp.Exp, 0)]), Tensor.FromArray(x)).ToArray();
        Assert.True(float.IsNaN(exp[0]));
        Assert.Equal(float.PositiveInfinity, exp[1]);
        Assert.Equal(0f, exp[2]);
        Assert.Equal(float.PositiveInfinity, exp[3]);
        Assert.Equal(0f, exp[4]);
        var sigmoid = FusedLoop.Run(new FusedLoopProgram(1, [new FusedInstruction(FusedOp.Sigmoid, 0)]), Tensor.FromArray(x)).ToArray();
        Assert.Equal([1f, 0f, 1f, 0f], sigmoid[1..]);
        var tanh = FusedLoop.Run(new FusedLoopProgram(1, [new FusedInstruction(FusedOp.Tanh, 0)]), Tensor.FromArray(x)).ToArray();
        Assert.Equal([1f, -1f, 1f, -1f], tanh[1..]);
        var softplus = FusedLoop.Run(new FusedLoopProgram(1, [new FusedInstruction(FusedOp.Softplus, 0)]), Tensor.FromArray(x)).ToArray();
        Assert.Equal(100f, softplus[3]);
        Assert.Equal(0f, softplus[4]);
    }
}
