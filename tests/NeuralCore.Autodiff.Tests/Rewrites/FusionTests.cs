using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;
using static NeuralCore.Autodiff.Tests.Rewrites.RewriteTestUtil;

namespace NeuralCore.Autodiff.Tests.Rewrites;

public class FusionTests
{
    private static float Sigmoid(float v) => 1f / (1f + MathF.Exp(-v));

    [Fact]
    public void ElementwiseChainBecomesOneCompositeMatchingAPlainLoop()
    {
        var x = T.Matrix("x");
        var w = T.Matrix("w");
        var b = T.Row("b");
        var y = T.Sigmoid(x * w + b) * 2 - 1;
        var f = Function.Compile([x, w, b], y);
        var node = Assert.Single(f.Schedule);
        var composite = Assert.IsType<CompositeOp>(node.Op);
        Assert.Equal(5, composite.Steps.Count);

        var (xv, wv, bv) = (Random(1, 7, 300), Random(2, 7, 300), Random(3, 1, 300));
        var result = Values(f.Invoke(xv, wv, bv)[0]);
        var xs = xv.ToArray(); var ws = wv.ToArray(); var bs = bv.ToArray();
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 300; j++)
            {
                int k = i * 300 + j;
                Close(Sigmoid(xs[k] * ws[k] + bs[j]) * 2 - 1, result[k]);
            }
        AssertSameAsUnoptimized([x, w, b], y, [xv, wv, bv]);
    }

    [Fact]
    public void BiasAddAndNonlinearityAfterADotFuse()
    {
        var x = T.Matrix("x");
        var W = T.Shared(Random(4, 6, 5), "W");
        var bias = T.Shared(Random(5, 5), "b");
        var h = T.Relu(T.Dot(x, W) + T.DimShuffle(bias, "x", 0));
        var f = AssertSameAsUnoptimized([x], h, [Random(6, 4, 6)]);
        // The bias goes into the GEMM (beta = 1) and the rectifier becomes its epilogue: one op.
        Assert.Equal(0, Count<DotOp>(f.Schedule));
        Assert.Equal(1, Count<DotBiasOp>(f.Schedule));
        Assert.Equal(0, Count<CompositeOp>(f.Schedule));
        Assert.Equal(0, Count<ElementwiseOp>(f.Schedule));
        // Without the GEMM rewrites: a dot and one composite loop for bias + rectifier.
        var plain = AssertSameAsUnoptimized([x], h, [Random(6, 4, 6)], options: new CompileOptions { ExcludedRewrites = [GemmBiasFusion.Tag] });
        Assert.Equal(1, Count<DotOp>(plain.Schedule));
        Assert.Equal(1, Count<CompositeOp>(plain.Schedule));
    }

    [Fact]
    public void IntermediatesUsedElsewhereStayMaterialized()
    {
        var x = T.Vector("x");
        var s = T.Exp(x) * 2;
        var f = Function.Compile([x], [T.Tanh(s) + 1, s]);
        // s is an output: it is computed once and both results are correct.
        var r = f.Invoke(Tensor.FromArray([0.5f, -1f]));
        Assert.Equal(MathF.Tanh(MathF.Exp(0.5f) * 2) + 1, r[0].GetDouble(0), 5);
        Assert.Equal(MathF.Exp(-1f) * 2, r[1].GetDouble(1), 5);
        Assert.Equal(1, CountScalar<Exp>(f.Schedule.Where(n => n.Op is ElementwiseOp)) + f.Schedule.Where(n => n.Op is CompositeOp).Count(n => ((CompositeOp)n.Op).Steps.Any(st => st.Scalar is Exp)));
    }

    [Fact]
    public void FusionCanBeTurnedOff()
    {
        var x = T.Matrix("x");
        var f = Function.Compile([x], T.Tanh(x * 3) + 1, options: new CompileOptions { ExcludedRewrites = ["elementwise_fusion"] });
        Assert.Equal(0, Count<CompositeOp>(f.Schedule));
        Assert.Equal(3, Count<ElementwiseOp>(f.Schedule));
    }

    [Fact]
    public void TrainingStepUpdateRuleFusesAndMatchesUnfused()
    {
        var x = T.Matrix("x");
        var target = T.Matrix("t");
        var wInit = Random(7, 4, 3);
        var W = T.Shared(wInit.Clone(), "W");
        var v = T.Shared(Tensor.Zeros<float>(new Shape(4, 3)), "v");
        var cost = T.Mean(T.Square(T.Tanh(T.Dot(x, W)) - target));
        var g = Grad.Of(cost, W);
        var vNew = 0.9f * v - 0.1f * g;
        var step = Function.Compile([x, target], cost, updates: [(W, W + vNew), (v, vNew)]);
        Assert.True(Count<CompositeOp>(step.Schedule) >= 2, Print.Debug(step.Graph.Outputs));

        var W2 = T.Shared(wInit.Clone(), "W2");
        var v2 = T.Shared(Tensor.Zeros<float>(new Shape(4, 3)), "v2");
        var cost2 = T.Mean(T.Square(T.Tanh(T.Dot(x, W2)) - target));
        var g2 = Grad.Of(cost2, W2);
        var vNew2 = 0.9f * v2 - 0.1f * g2;
        var plain = Function.Compile([x, target], cost2, updates: [(W2, W2 + vNew2), (v2, vNew2)], options: Unoptimized);
        var (xv, tv) = (Random(8, 5, 4), Random(9, 5, 3));
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(plain.Invoke(xv, tv)[0].GetDouble(0), step.Invoke(xv, tv)[0].GetDouble(0), 5);
        }
        var a = W.GetValue<float>().ToArray(); var b = W2.GetValue<float>().ToArray();
        for (int i = 0; i < a.Length; i++) Assert.Equal(b[i], a[i], 5);
    }

    [Fact]
    public void GradientThroughACompositeMatchesTheUnfusedGradient()
    {
        var x = T.Vector("x", DType.Float64);
        var inputs = new[] { x };
        var op = new CompositeOp(1, [new CompositeStep(Tanh.Instance, [0]), new CompositeStep(Mul.Instance, [1, 0])]);
        var fused = op.Apply1(x); // tanh(x) * x
        Assert.Equal("(tanh(x) * x)", Print.Pretty(fused));
        var gFused = Grad.Of(T.Sum(fused), x);
        var gPlain = Grad.Of(T.Sum(T.Tanh(x) * x), x);
        var xv = RandomDouble(10, 6);
        var a = Values(Function.Compile(inputs, gFused).Invoke(xv)[0]);
        var b = Values(Function.Compile(inputs, gPlain).Invoke(xv)[0]);
        var xs = xv.ToArray();
        for (int i = 0; i < a.Length; i++)
        {
            double t = Math.Tanh(xs[i]);
            Assert.Equal(t + xs[i] * (1 - t * t), a[i], 10);
            Assert.Equal(b[i], a[i], 10);
        }
    }

    [Fact]
    public void FusedLoopBroadcastsScalarsRowsAndColumnsInFloat64()
    {
        // r3 = i0 * i1 (column * row), r4 = r3 + i2 (scalar), r5 = where(i3 > 0 ...) simplified: r5 = max(r4, i3)
        var program = new FusedLoopProgram(4, [
            new FusedInstruction(FusedOp.Mul, 0, 1),
            new FusedInstruction(FusedOp.Add, 4, 2),
            new FusedInstruction(FusedOp.Maximum, 5, 3),
        ]);
        var col = RandomDouble(1, 37, 1);
        var row = RandomDouble(2, 1, 53);
        var scalar = Tensor.Scalar(0.25);
        var full = RandomDouble(3, 37, 53);
        var result = FusedLoop.Run(program, col, row, scalar, full);
        Assert.Equal(new Shape(37, 53), result.Shape);
        var c = col.ToArray(); var r = row.ToArray(); var m = full.ToArray(); var o = result.ToArray();
        for (int i = 0; i < 37; i++)
            for (int j = 0; j < 53; j++)
                Assert.Equal(Math.Max(c[i] * r[j] + 0.25, m[i * 53 + j]), o[i * 53 + j], 14);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(300_001)] // above the parallel threshold, not a multiple of the block size
    public void FusedLoopRunsInPlaceAndInParallel(int n)
    {
        var program = new FusedLoopProgram(2, [
            new FusedInstruction(FusedOp.Mul, 0, 1),
            new FusedInstruction(FusedOp.Sigmoid, 2),
            new FusedInstruction(FusedOp.Softplus, 3),
            new FusedInstruction(FusedOp.Sub, 4, 0),
        ]);
        var x = Random(4, n);
        var y = Random(5, n);
        var expected = new float[n];
        var xs = x.ToArray(); var ys = y.ToArray();
        for (int i = 0; i < n; i++)
        {
            double s = 1 / (1 + Math.Exp(-(double)xs[i] * ys[i]));
            expected[i] = (float)(Math.Log(1 + Math.Exp(s)) - xs[i]);
        }
        FusedLoop.Run(program, [x, y], x); // output aliases input 0
        var o = x.ToArray();
        for (int i = 0; i < n; i++) Close(expected[i], o[i]);
    }

    [Fact]
    public void FusedLoopOpsMatchScalarDefinitions()
    {
        var ops = new (FusedOp Op, Func<double, double, double, double> F)[]
        {
            (FusedOp.Div, (a, b, _) => a / b), (FusedOp.Pow, (a, b, _) => Math.Pow(Math.Abs(a), b)), (FusedOp.Minimum, (a, b, _) => Math.Min(a, b)),
            (FusedOp.Neg, (a, _, _) => -a), (FusedOp.Exp, (a, _, _) => Math.Exp(a)), (FusedOp.Log, (a, _, _) => Math.Log(Math.Abs(a))),
            (FusedOp.Log1p, (a, _, _) => Math.Log(1 + Math.Abs(a))), (FusedOp.Sqrt, (a, _, _) => Math.Sqrt(Math.Abs(a))), (FusedOp.Square, (a, _, _) => a * a),
            (FusedOp.Sign, (a, _, _) => Math.Sign(a)), (FusedOp.Tanh, (a, _, _) => Math.Tanh(a)), (FusedOp.Relu, (a, _, _) => a > 0 ? a : 0.1 * a),
            (FusedOp.Elu, (a, _, _) => a > 0 ? a : 0.1 * (Math.Exp(a) - 1)), (FusedOp.Clip, (a, _, _) => Math.Clamp(a, 0.1, 0.5)),
            (FusedOp.Selu, (a, _, _) => 1.0507009873554805 * (a > 0 ? a : 1.6732632423543772 * (Math.Exp(a) - 1))),
            (FusedOp.Less, (a, b, _) => a < b ? 1 : 0), (FusedOp.GreaterEqual, (a, b, _) => a >= b ? 1 : 0), (FusedOp.NotEqual, (a, b, _) => a != b ? 1 : 0),
            (FusedOp.Where, (a, b, c) => a > 0 ? b : c), (FusedOp.Second, (a, b, _) => b),
            (FusedOp.SigmoidGrad, (a, b, _) => b * a * (1 - a)), (FusedOp.TanhGrad, (a, b, _) => b * (1 - a * a)),
            (FusedOp.ReluGrad, (a, b, _) => a > 0 ? b : 0.1 * b),
        };
        var a = RandomDouble(20, 45);
        var b = RandomDouble(21, 45);
        var c = RandomDouble(22, 45);
        b.AsSpan()[3] = a.AsSpan()[3]; // one equal pair for the comparisons
        var (xa, xb, xc) = (a.ToArray(), b.ToArray(), c.ToArray());
        foreach (var (op, f) in ops)
        {
            // Operands made valid for the op's domain inside the program: |a| for log/sqrt/pow, relu(a) as where-condition.
            var pre = new List<FusedInstruction>();
            int arg = 0;
            if (op is FusedOp.Log or FusedOp.Log1p or FusedOp.Sqrt or FusedOp.Pow) { pre.Add(new FusedInstruction(FusedOp.Abs, 0)); arg = 3; }
            if (op is FusedOp.Where) { pre.Add(new FusedInstruction(FusedOp.Relu, 0)); arg = 3; }
            pre.Add(new FusedInstruction(op, arg, 1, 2, op is FusedOp.Clip ? 0.1 : 0.1, 0.5));
            var result = FusedLoop.Run(new FusedLoopProgram(3, pre), a, b, c).ToArray();
            for (int i = 0; i < 45; i++) Assert.Equal(f(xa[i], xb[i], xc[i]), result[i], 12);
        }
    }
}
