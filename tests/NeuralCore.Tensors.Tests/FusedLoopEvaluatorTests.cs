namespace NeuralCore.Tensors.Tests;

/// <summary>
/// Every <see cref="FusedOp"/> through both fused-loop evaluators (the group evaluator used on AVX-512 hardware and the
/// block interpreter), in float and double, against a plain scalar loop in double written here. Operands take every
/// input kind the loop distinguishes: full-size, a broadcast row (read in place with wrap-around), a broadcast column
/// (gathered) and a scalar. 20 x 300 = 6000 elements cross a 4096-element block, the row length is not a multiple of
/// a group (wrapped rows), and the size ends in a partial group.
/// </summary>
public class FusedLoopEvaluatorTests
{
    private const int Rows = 20, Cols = 300;

    private static readonly (FusedOp Op, Func<double, double, double, double> F, double Low, double High)[] s_ops =
    [
        (FusedOp.Add, (a, b, _) => a + b, -3, 3),
        (FusedOp.Sub, (a, b, _) => a - b, -3, 3),
        (FusedOp.Mul, (a, b, _) => a * b, -3, 3),
        (FusedOp.Div, (a, b, _) => a / b, 0.5, 3),
        (FusedOp.Pow, (a, b, _) => Math.Pow(a, b), 0.5, 3),
        (FusedOp.Maximum, (a, b, _) => Math.Max(a, b), -3, 3),
        (FusedOp.Minimum, (a, b, _) => Math.Min(a, b), -3, 3),
        (FusedOp.Neg, (a, _, _) => -a, -3, 3),
        (FusedOp.Exp, (a, _, _) => Math.Exp(a), -30, 30),
        (FusedOp.Log, (a, _, _) => Math.Log(a), 1e-3, 1e3),
        (FusedOp.Log1p, (a, _, _) => Math.Log(1 + a), 0.01, 50),
        (FusedOp.Sqrt, (a, _, _) => Math.Sqrt(a), 0, 100),
        (FusedOp.Abs, (a, _, _) => Math.Abs(a), -3, 3),
        (FusedOp.Square, (a, _, _) => a * a, -3, 3),
        (FusedOp.Sign, (a, _, _) => Math.Sign(a), -3, 3),
        (FusedOp.Tanh, (a, _, _) => Math.Tanh(a), -10, 10),
        (FusedOp.Sigmoid, (a, _, _) => 1 / (1 + Math.Exp(-a)), -30, 30),
        (FusedOp.Softplus, (a, _, _) => Math.Max(a, 0) + Log1p(Math.Exp(-Math.Abs(a))), -30, 30),
        (FusedOp.Relu, (a, _, _) => a > 0 ? a : 0.3 * a, -3, 3),
        (FusedOp.Elu, (a, _, _) => a > 0 ? a : 0.3 * (Math.Exp(a) - 1), -10, 3),
        (FusedOp.Selu, (a, _, _) => 1.0507009873554805 * (a > 0 ? a : 1.6732632423543772 * (Math.Exp(a) - 1)), -10, 3),
        (FusedOp.Clip, (a, _, _) => Math.Min(Math.Max(a, 0.3), 1.5), -3, 3),
        (FusedOp.Equal, (a, b, _) => a == b ? 1 : 0, -2, 2),
        (FusedOp.NotEqual, (a, b, _) => a != b ? 1 : 0, -2, 2),
        (FusedOp.Less, (a, b, _) => a < b ? 1 : 0, -2, 2),
        (FusedOp.LessEqual, (a, b, _) => a <= b ? 1 : 0, -2, 2),
        (FusedOp.Greater, (a, b, _) => a > b ? 1 : 0, -2, 2),
        (FusedOp.GreaterEqual, (a, b, _) => a >= b ? 1 : 0, -2, 2),
        (FusedOp.Where, (a, b, c) => a != 0 ? b : c, -2, 2),
        (FusedOp.Second, (_, b, _) => b, -2, 2),
        (FusedOp.SigmoidGrad, (a, b, _) => b * a * (1 - a), -2, 2),
        (FusedOp.TanhGrad, (a, b, _) => b * (1 - a * a), -2, 2),
        (FusedOp.ReluGrad, (a, b, _) => a > 0 ? b : 0.3 * b, -2, 2),
    ];

    // log(1 + x) by its series where 1 + x would round away digits of a tiny x.
    private static double Log1p(double x) => Math.Abs(x) < 1e-4 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x);

    /// <summary>Values in [low, high], rounded to a few distinct levels for the comparisons (so equal pairs occur),
    /// with exact zeros for where/sign.</summary>
    private static double[] Values(int n, double low, double high, int seed, bool coarse)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            double v = low + (high - low) * random.NextDouble();
            values[i] = coarse ? Math.Round(v) : v;
        }
        if (coarse || low <= 0 && high >= 0) values[n / 2] = 0;
        return values;
    }

    private static Tensor<T> Make<T>(double[] values, params int[] dims) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var data = new T[values.Length];
        for (int i = 0; i < data.Length; i++) data[i] = T.CreateTruncating(values[i]);
        return Tensor.FromArray(data, dims);
    }

    /// <summary>The operand layouts: which input kind feeds A, B and C.</summary>
    public static TheoryData<bool, bool, int> Cases()
    {
        var data = new TheoryData<bool, bool, int>();
        foreach (bool isDouble in new[] { false, true })
            foreach (bool block in new[] { false, true })
                for (int layout = 0; layout < 3; layout++) data.Add(isDouble, block, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryOpMatchesAScalarDoubleLoop(bool isDouble, bool blockInterpreter, int layout)
    {
        if (isDouble) Check<double>(blockInterpreter, layout, 1e-12);
        else Check<float>(blockInterpreter, layout, 4e-6);
    }

    private static void Check<T>(bool blockInterpreter, int layout, double tolerance) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int n = Rows * Cols;
        foreach (var (op, f, low, high) in s_ops)
        {
            bool coarse = op is >= FusedOp.Equal and <= FusedOp.Where || op == FusedOp.Sign;
            // Layout 0: A full, B row, C column; 1: A row, B full, C scalar; 2: A column, B scalar, C full.
            var full = Values(n, low, high, (int)op * 7 + 1, coarse);
            var row = Values(Cols, low, high, (int)op * 7 + 2, coarse);
            var column = Values(Rows, low, high, (int)op * 7 + 3, coarse);
            var scalar = Values(1, low, high, (int)op * 7 + 4, coarse);
            scalar[0] = coarse ? 1 : scalar[0];
            Tensor[] inputs = [Make<T>(full, Rows, Cols), Make<T>(row, 1, Cols), Make<T>(column, Rows, 1), Make<T>(scalar, 1)];
            var (ia, ib, ic) = layout switch { 0 => (0, 1, 2), 1 => (1, 0, 3), _ => (2, 3, 0) };
            var program = new FusedLoopProgram(4, [new FusedInstruction(op, ia, ib, ic, P0: op == FusedOp.Clip ? 0.3 : 0.3, P1: 1.5)]);
            var output = new Tensor<T>(new Shape(Rows, Cols));
            FusedLoop.ForceBlockInterpreter = blockInterpreter;
            try { FusedLoop.Run(program, inputs, output); }
            finally { FusedLoop.ForceBlockInterpreter = false; }
            var result = output.AsReadOnlySpan();
            for (int i = 0; i < n; i++)
            {
                int r = i / Cols, c = i % Cols;
                double Value(int which) => which switch
                {
                    0 => double.CreateTruncating(T.CreateTruncating(full[i])),
                    1 => double.CreateTruncating(T.CreateTruncating(row[c])),
                    2 => double.CreateTruncating(T.CreateTruncating(column[r])),
                    _ => double.CreateTruncating(T.CreateTruncating(scalar[0])),
                };
                double expected = f(Value(ia), Value(ib), Value(ic));
                double actual = double.CreateTruncating(result[i]);
                double slack = op is FusedOp.Sub or FusedOp.Add or FusedOp.SigmoidGrad or FusedOp.TanhGrad ? tolerance * 4 : tolerance * Math.Abs(expected);
                Assert.True(Math.Abs(actual - expected) <= slack + 1e-300,
                    $"{typeof(T).Name} {op} layout {layout} block {blockInterpreter} [{i}]: fused {actual:R}, reference {expected:R}");
            }
        }
    }

    [Fact]
    public void InPlaceOutputOverAnInputGivesTheSameResult()
    {
        var x = Values(Rows * Cols, -2, 2, 11, false);
        var b = Values(Cols, -1, 1, 12, false);
        var program = new FusedLoopProgram(2, [new FusedInstruction(FusedOp.Add, 0, 1), new FusedInstruction(FusedOp.Tanh, 2), new FusedInstruction(FusedOp.Mul, 3, 0)]);
        var tensor = Make<float>(x, Rows, Cols);
        FusedLoop.Run(program, [tensor, Make<float>(b, 1, Cols)], tensor);
        var result = tensor.AsReadOnlySpan();
        for (int i = 0; i < x.Length; i++)
        {
            float xi = (float)x[i];
            double expected = Math.Tanh((float)(xi + (float)b[i % Cols])) * xi;
            Assert.True(Math.Abs(result[i] - expected) <= 4e-6 * Math.Abs(expected) + 1e-30, $"[{i}]: {result[i]:R} vs {expected:R}");
        }
    }

    [Fact]
    public void AnOutputLargerThanTheCacheIsStreamedCorrectly()
    {
        // 2 x 3000 x 1500 floats = 36 MB touched: beyond half the last-level cache, so the final step uses aligned
        // non-temporal stores after an unaligned lead, with prefetching.
        const int rows = 3000, cols = 1500;
        var x = Values(rows * cols, -4, 4, 21, false);
        var b = Values(cols, -1, 1, 22, false);
        var program = new FusedLoopProgram(3, [
            new FusedInstruction(FusedOp.Add, 0, 1), new FusedInstruction(FusedOp.Sigmoid, 3), new FusedInstruction(FusedOp.Mul, 4, 2)]);
        var result = FusedLoop.Run(program, Make<float>(x, rows, cols), Make<float>(b, 1, cols), Tensor.FromArray([3f])).AsReadOnlySpan();
        for (int i = 0; i < x.Length; i++)
        {
            double expected = 3 / (1 + Math.Exp(-(float)((float)x[i] + (float)b[i % cols])));
            if (Math.Abs(result[i] - expected) > 4e-6 * Math.Abs(expected))
                Assert.Fail($"[{i}]: fused {result[i]:R}, reference {expected:R}");
        }
    }
}
