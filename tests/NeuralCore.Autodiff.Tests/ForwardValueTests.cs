using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests;

/// <summary>Forward values of the ops against plain loops written here (the gradient checks only test
/// that gradients agree with the forward pass, so the forward pass needs its own reference).</summary>
public class ForwardValueTests
{
    private static double[] Run(Func<Variable, Variable> build, Tensor<double> x)
    {
        var v = new Variable(TensorType.OfRank(DType.Float64, x.Rank), "x");
        return Function.Compile([v], build(v)).Invoke(x)[0] is Tensor<double> t ? t.ToArray() : throw new InvalidOperationException();
    }

    [Fact]
    public void ElementwiseMathMatchesMathFunctions()
    {
        var x = TestUtil.Random(1, 3, 4);
        var xs = x.ToArray();
        TestUtil.Close(xs.Select(v => Math.Tanh(v) * Math.Exp(v) - 1 / (1 + Math.Exp(-v))).ToArray(), Run(v => T.Tanh(v) * T.Exp(v) - T.Sigmoid(v), x));
        TestUtil.Close(xs.Select(v => Math.Log(1 + Math.Exp(v)) + Math.Max(v, 0) + (v > 0 ? v : 0.1 * v)).ToArray(), Run(v => T.Softplus(v) + T.Relu(v) + T.Relu(v, 0.1), x));
        TestUtil.Close(xs.Select(v => (v > 0 ? v : 1.5 * (Math.Exp(v) - 1)) + Math.Clamp(v, -0.3, 0.2)).ToArray(), Run(v => T.Elu(v, 1.5) + T.Clip(v, -0.3, 0.2), x));
        TestUtil.Close(xs.Select(v => Math.Sqrt(Math.Abs(v)) + Math.Pow(Math.Abs(v) + 1, 1.5) + Math.Log(1 + v * v)).ToArray(), Run(v => T.Sqrt(T.Abs(v)) + T.Pow(T.Abs(v) + 1.0, 1.5) + T.Log1p(v * v), x));
        TestUtil.Close(xs.Select(v => v > 0.1 ? v * v : -v).ToArray(), Run(v => T.Switch(T.Greater(v, 0.1), T.Square(v), -v), x));
        TestUtil.Close(xs.Select(v => Math.Max(v, 0.2) - Math.Min(v, -0.1) + (v >= 0 ? 1 : 0) + Math.Sign(v)).ToArray(), Run(v => T.Maximum(v, 0.2) - T.Minimum(v, -0.1) + T.GreaterEqual(v, 0.0) + T.Sign(v), x));
        const double a = 1.6732632423543772, l = 1.0507009873554805;
        TestUtil.Close(xs.Select(v => l * (v > 0 ? v : a * (Math.Exp(v) - 1))).ToArray(), Run(T.Selu, x));
    }

    [Fact]
    public void BroadcastingFollowsTheBroadcastablePattern()
    {
        var m = T.Matrix("m", DType.Float64);
        var col = T.Col("c", DType.Float64);
        var vec = T.Vector("v", DType.Float64);
        var f = Function.Compile([m, col, vec], m * col + vec);
        var r = f.Invoke(Tensor.FromArray([1.0, 2, 3, 4, 5, 6], 2, 3), Tensor.FromArray([10.0, 100], 2, 1), Tensor.FromArray([1.0, 2, 3]));
        Assert.Equal([11.0, 22, 33, 401, 502, 603], r[0].D());
    }

    [Fact]
    public void ReductionsMatchLoops()
    {
        var x = TestUtil.Random(2, 2, 3, 4);
        var sum02 = new double[3];
        var max2 = new double[6];
        var arg1 = new int[8];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                {
                    sum02[j] += x[i, j, k];
                    max2[i * 3 + j] = k == 0 ? x[i, j, k] : Math.Max(max2[i * 3 + j], x[i, j, k]);
                }
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 4; k++)
            {
                int best = 0;
                for (int j = 1; j < 3; j++) if (x[i, j, k] > x[i, best, k]) best = j;
                arg1[i * 4 + k] = best;
            }
        TestUtil.Close(sum02, Run(v => v.Sum(0, 2), x));
        TestUtil.Close(sum02.Select(s => s / 8).ToArray(), Run(v => v.Mean([0, 2], keepDims: true), x));
        TestUtil.Close(max2, Run(v => v.Max(2), x));
        TestUtil.Close(max2.Select(m => -m).ToArray(), Run(v => (-v).Min(-1), x));
        var xv = new Variable(TensorType.OfRank(DType.Float64, 3), "x");
        Assert.Equal(arg1, ((Tensor<int>)Function.Compile([xv], xv.ArgMax(1)).Invoke(x)[0]).ToArray());
        var keep = Function.Compile([xv], xv.ArgMax(1, keepDims: true)).Invoke(x)[0];
        Assert.Equal(new Shape(2, 1, 4), keep.Shape);
        var all = x.ToArray();
        double mean = all.Average();
        Assert.Equal(all.Select(v => (v - mean) * (v - mean)).Average(), Run(v => v.Var(), x)[0], 12);
    }

    [Fact]
    public void ShapeOpsMatchLoops()
    {
        var x = TestUtil.Random(3, 2, 3, 4);
        var perm = new double[24];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    perm[(k * 2 + i) * 3 + j] = x[i, j, k];
        TestUtil.Close(perm, Run(v => v.DimShuffle(2, 0, "x", 1), x));
        TestUtil.Close(x.ToArray(), Run(v => v.Reshape(v.Shape[0], -1), x));
        TestUtil.Close(x.ToArray(), Run(v => v.Flatten(1), x));
        var slice = new List<double>();
        for (int j = 2; j >= 0; j -= 2) for (int k = 1; k < 3; k++) slice.Add(x[1, j, k]);
        TestUtil.Close(slice.ToArray(), Run(v => v[1, Slice.Range(null, null, -2), 1..^1], x));
        var concat = new List<double>();
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) concat.Add(x[i, j, k]);
            for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) concat.Add(2 * x[i, j, k]);
        }
        TestUtil.Close(concat.ToArray(), Run(v => T.Concatenate([v, v * 2.0], axis: 1), x));
    }

    [Fact]
    public void IndexingAndIncrementsMatchLoops()
    {
        var p = T.Matrix("p", DType.Float64);
        var y = T.IVector("y");
        var picked = p[T.Arange(p.Shape[0]), y];
        var rows = p[y];
        var inc = T.IncSubtensor(p[T.Arange(p.Shape[0]), y], T.Fill(picked, 1.0));
        var set = T.SetSubtensor(p[1.., 0], T.Constant(-1.0, DType.Float64));
        var f = Function.Compile([p, y], [picked, rows, inc, set]);
        var pv = Tensor.FromArray([1.0, 2, 3, 4, 5, 6], 3, 2);
        var r = f.Invoke(pv, Tensor.FromArray([1, 0, -1]));
        Assert.Equal([2.0, 3, 6], r[0].D());
        Assert.Equal([3.0, 4, 1, 2, 5, 6], r[1].D());
        Assert.Equal([1.0, 3, 4, 4, 5, 7], r[2].D());
        Assert.Equal([1.0, 2, -1, 4, -1, 6], r[3].D());
        var bad = Assert.Throws<InvalidOperationException>(() => f.Invoke(pv, Tensor.FromArray([0, 2, 0])));
        Assert.Contains("out of range", bad.Message);
    }

    [Fact]
    public void SoftmaxAndCrossEntropyMatchLoops()
    {
        var x = TestUtil.Random(4, 3, 5);
        int[] labels = [4, 0, 2];
        var soft = new double[15];
        var nll = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int j = 0; j < 5; j++) max = Math.Max(max, x[i, j]);
            for (int j = 0; j < 5; j++) sum += Math.Exp(x[i, j] - max);
            for (int j = 0; j < 5; j++) soft[i * 5 + j] = Math.Exp(x[i, j] - max) / sum;
            nll[i] = -Math.Log(soft[i * 5 + labels[i]]);
        }
        var y = T.Constant(Tensor.FromArray(labels));
        TestUtil.Close(soft, Run(v => T.Softmax(v), x));
        TestUtil.Close(soft.Select(v => Math.Log(v)).ToArray(), Run(v => T.LogSoftmax(v), x));
        TestUtil.Close(nll, Run(v => T.CategoricalCrossentropy(T.Softmax(v), y), x));
        TestUtil.Close(nll, Run(v => T.CrossEntropySoftmax(v, y), x));
        var grad = new double[15];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 5; j++) grad[i * 5 + j] = (soft[i * 5 + j] - (j == labels[i] ? 1 : 0)) / 3;
        TestUtil.Close(grad, Run(v => Grad.Of(T.Mean(T.CrossEntropySoftmax(v, y)), v), x));
    }

    [Fact]
    public void AllocArangeAndCastMatch()
    {
        var x = T.Matrix("x", DType.Float64);
        var f = Function.Compile([x], [T.Alloc(2.5, DType.Float64, x.Shape[1], 2), T.Arange(x.Shape[0]), T.Cast(x * 10.0, DType.Int32), x.Shape[0].ToVariable()]);
        var r = f.Invoke(Tensor.FromArray([0.11, -0.25, 0.5, 0.99, 1.5, 2.0], 3, 2));
        Assert.Equal([2.5, 2.5, 2.5, 2.5], r[0].D());
        Assert.Equal([0, 1, 2], ((Tensor<int>)r[1]).ToArray());
        Assert.Equal([1, -2, 5, 9, 15, 20], ((Tensor<int>)r[2]).ToArray());
        Assert.Equal(3, ((Tensor<int>)r[3]).ToScalar());
    }

    [Fact]
    public void ConvolutionAndPoolingMatchLoops()
    {
        var x = TestUtil.Random(5, 1, 2, 4, 4);
        var w = TestUtil.Random(6, 3, 2, 3, 3);
        var expected = new double[3 * 2 * 2];
        for (int f = 0; f < 3; f++)
            for (int oy = 0; oy < 2; oy++)
                for (int ox = 0; ox < 2; ox++)
                {
                    double s = 0;
                    for (int c = 0; c < 2; c++) for (int ky = 0; ky < 3; ky++) for (int kx = 0; kx < 3; kx++) s += x[0, c, oy + ky, ox + kx] * w[f, c, ky, kx];
                    expected[(f * 2 + oy) * 2 + ox] = s;
                }
        var wc = T.Constant(w);
        TestUtil.Close(expected, Run(v => T.Conv2D(v, wc, new Conv2DOptions()), x));
        var pooled = new double[2 * 2 * 2];
        for (int c = 0; c < 2; c++) for (int oy = 0; oy < 2; oy++) for (int ox = 0; ox < 2; ox++)
                {
                    double m = double.NegativeInfinity;
                    for (int dy = 0; dy < 2; dy++) for (int dx = 0; dx < 2; dx++) m = Math.Max(m, x[0, c, 2 * oy + dy, 2 * ox + dx]);
                    pooled[(c * 2 + oy) * 2 + ox] = m;
                }
        TestUtil.Close(pooled, Run(v => T.Pool2D(v, 2), x));
    }
}
