using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests;

/// <summary>Every differentiable op against central finite differences in float64.</summary>
public class GradCheckTests
{
    private static Shape S(params int[] d) => new(d);

    public static TheoryData<string> Cases => new(OpCases.Keys);

    private static readonly Dictionary<string, (Func<Variable[], Variable> Fn, Shape[] Shapes, double Low, double High)> OpCases = new()
    {
        ["add_broadcast_row"] = (v => v[0] + v[1], [S(3, 4), S(4)], -1, 1),
        ["add_broadcast_col"] = (v => v[0] + v[1], [S(3, 4), S(3, 1)], -1, 1),
        ["sub_scalar_left"] = (v => 2.5 - v[0], [S(2, 3)], -1, 1),
        ["mul_broadcast"] = (v => v[0] * v[1], [S(2, 3, 4), S(1, 3, 1)], -1, 1),
        ["div"] = (v => v[0] / v[1], [S(3, 4), S(3, 4)], 0.5, 2),
        ["neg"] = (v => -v[0], [S(5)], -1, 1),
        ["exp"] = (v => T.Exp(v[0]), [S(2, 3)], -1, 1),
        ["log"] = (v => T.Log(v[0]), [S(2, 3)], 0.5, 2),
        ["log1p"] = (v => T.Log1p(v[0]), [S(2, 3)], -0.5, 2),
        ["sqrt"] = (v => T.Sqrt(v[0]), [S(2, 3)], 0.5, 2),
        ["pow"] = (v => T.Pow(v[0], v[1]), [S(2, 3), S(2, 3)], 0.5, 2),
        ["pow_const"] = (v => T.Pow(v[0], 3.0), [S(4)], -1, 1),
        ["abs"] = (v => T.Abs(v[0]), [S(6)], 0.2, 1),
        ["square"] = (v => T.Square(v[0]), [S(6)], -1, 1),
        ["tanh"] = (v => T.Tanh(v[0]), [S(6)], -2, 2),
        ["sigmoid"] = (v => T.Sigmoid(v[0]), [S(6)], -3, 3),
        ["softplus"] = (v => T.Softplus(v[0]), [S(6)], -3, 3),
        ["relu"] = (v => T.Relu(v[0] * v[0] - 0.25), [S(6)], -1, 1),
        ["leaky_relu"] = (v => T.Relu(v[0], 0.1), [S(3, 3)], 0.1, 1),
        ["elu"] = (v => T.Elu(v[0] - 2.0, 1.5), [S(6)], 0.2, 1.2),
        ["selu"] = (v => T.Selu(v[0]) + T.Selu(-v[0]), [S(6)], 0.1, 1),
        ["clip"] = (v => T.Clip(v[0], -0.5, 0.5), [S(8)], -0.4, 0.4),
        ["maximum"] = (v => T.Maximum(v[0], v[1]), [S(3, 4), S(4)], -1, 1),
        ["minimum"] = (v => T.Minimum(v[0], 0.1 * v[0] + 0.3), [S(3, 4)], -1, 1),
        ["switch"] = (v => T.Switch(T.Greater(v[0], 0.0), v[0] * v[1], v[1] * 3.0), [S(3, 4), S(3, 4)], -1, 1),
        ["fill"] = (v => T.Fill(v[0], v[1]) * v[0], [S(3, 4), S()], -1, 1),
        ["dot_mm"] = (v => T.Dot(v[0], v[1]), [S(3, 4), S(4, 2)], -1, 1),
        ["dot_mm_tt"] = (v => T.Dot(v[0], v[1], true, true), [S(4, 3), S(2, 4)], -1, 1),
        ["dot_mm_nt"] = (v => T.Dot(v[0], v[1], false, true), [S(3, 4), S(2, 4)], -1, 1),
        ["dot_mm_tn"] = (v => T.Dot(v[0], v[1], true, false), [S(4, 3), S(4, 2)], -1, 1),
        ["dot_mv"] = (v => T.Dot(v[0], v[1]), [S(3, 4), S(4)], -1, 1),
        ["dot_vm"] = (v => T.Dot(v[0], v[1]), [S(3), S(3, 4)], -1, 1),
        ["dot_vv"] = (v => T.Dot(v[0], v[1]), [S(5), S(5)], -1, 1),
        ["dimshuffle"] = (v => v[0].DimShuffle(2, "x", 0, 1) * v[1], [S(2, 3, 4), S(4, 5, 2, 3)], -1, 1),
        ["dimshuffle_drop"] = (v => v[0].DimShuffle(0, 2), [S(3, 1, 4)], -1, 1),
        ["transpose"] = (v => T.Dot(v[0].Transpose(), v[1]), [S(3, 4), S(3, 2)], -1, 1),
        ["reshape"] = (v => v[0].Reshape(v[0].Shape[0], -1) * v[1], [S(2, 3, 4), S(12)], -1, 1),
        ["flatten"] = (v => T.Exp(v[0].Flatten(2)), [S(2, 3, 2)], -1, 1),
        ["concatenate"] = (v => T.Concatenate([v[0], v[1] * v[1]], axis: 1), [S(2, 3), S(2, 2)], -1, 1),
        ["subtensor"] = (v => v[0][1.., ..^1] * 2.0, [S(3, 4)], -1, 1),
        ["subtensor_step"] = (v => v[0][Slice.Range(null, null, -2), 1], [S(5, 3)], -1, 1),
        ["inc_subtensor"] = (v => T.IncSubtensor(v[0][1..3], v[1] * v[1]), [S(4, 2), S(2, 2)], -1, 1),
        ["set_subtensor"] = (v => T.SetSubtensor(v[0][0], v[1]) * v[0], [S(3, 2), S(2)], -1, 1),
        ["advanced_rows"] = (v => v[0][T.Constant(Tensor.FromArray([2, 0, 2]))] * 1.5, [S(3, 2)], -1, 1),
        ["advanced_pairs"] = (v => v[0][T.Arange(v[0].Shape[0]), T.Constant(Tensor.FromArray([1, 0, 3]))], [S(3, 4)], -1, 1),
        ["sum_axes"] = (v => v[0].Sum([0, 2], keepDims: false) * v[1], [S(2, 3, 4), S(3)], -1, 1),
        ["sum_keepdims"] = (v => v[0] * v[0].Sum([1], keepDims: true), [S(3, 4)], -1, 1),
        ["mean"] = (v => v[0].Mean(1) * v[0].Mean(), [S(3, 4)], -1, 1),
        ["max"] = (v => v[0].Max([1], keepDims: false), [S(3, 5)], -1, 1),
        ["min_all"] = (v => v[0].Min() * v[0], [S(3, 5)], -1, 1),
        ["prod_axis"] = (v => v[0].Prod(1) * v[1], [S(3, 4), S(3)], -1.5, 1.5),
        ["prod_all_keepdims"] = (v => v[0] * v[0].Prod([0, 1], keepDims: true), [S(2, 3)], 0.5, 1.5),
        ["var"] = (v => v[0].Var([0]), [S(4, 3)], -1, 1),
        ["std"] = (v => v[0].Std(), [S(4, 3)], -1, 1),
        ["softmax"] = (v => T.Softmax(v[0]), [S(3, 5)], -2, 2),
        ["softmax_axis0"] = (v => T.Softmax(v[0], 0), [S(3, 5)], -2, 2),
        ["log_softmax"] = (v => T.LogSoftmax(v[0]), [S(3, 5)], -2, 2),
        ["categorical_ce"] = (v => T.CategoricalCrossentropy(T.Softmax(v[0]), T.Constant(Tensor.FromArray([1, 0, 4]))), [S(3, 5)], -2, 2),
        ["crossentropy_softmax"] = (v => T.CrossEntropySoftmax(v[0], T.Constant(Tensor.FromArray([1, 0, 4]))), [S(3, 5)], -2, 2),
        ["categorical_ce_onehot"] = (v => T.CategoricalCrossentropy(T.Softmax(v[0]), T.Softmax(v[1])), [S(3, 5), S(3, 5)], -2, 2),
        ["binary_ce"] = (v => T.BinaryCrossentropy(T.Sigmoid(v[0]), T.Sigmoid(v[1])), [S(6), S(6)], -2, 2),
        ["alloc"] = (v => T.Alloc(v[0], v[1].Shape[0], 3) * v[1].DimShuffle(0, "x"), [S(), S(4)], -1, 1),
        ["conv2d_valid"] = (v => T.Conv2D(v[0], v[1], new Conv2DOptions()), [S(2, 2, 5, 5), S(3, 2, 3, 3)], -1, 1),
        ["conv2d_same_flip"] = (v => T.Conv2D(v[0], v[1], ConvPadding.Same, flipFilters: true), [S(1, 2, 4, 5), S(2, 2, 3, 3)], -1, 1),
        ["conv2d_stride_pad"] = (v => T.Conv2D(v[0], v[1], new Conv2DOptions(2, 2, 1, 1)), [S(2, 1, 5, 6), S(2, 1, 3, 2)], -1, 1),
        ["conv2d_dilated"] = (v => T.Conv2D(v[0], v[1], new Conv2DOptions(DilationH: 2, DilationW: 2)), [S(1, 2, 6, 6), S(2, 2, 2, 2)], -1, 1),
        ["pool2d_max"] = (v => T.Pool2D(v[0], 2), [S(2, 2, 4, 6)], -1, 1),
        ["pool2d_max_overlap_partial"] = (v => T.Pool2D(v[0], 3, stride: 2, ignoreBorder: false), [S(1, 2, 6, 5)], -1, 1),
        ["pool2d_avg_incl_pad"] = (v => T.Pool2D(v[0], 3, stride: 2, pad: 1, mode: PoolMode.AverageIncludePadding), [S(1, 2, 5, 5)], -1, 1),
        ["pool2d_avg_excl_pad"] = (v => T.Pool2D(v[0], 2, stride: 1, pad: 1, mode: PoolMode.AverageExcludePadding), [S(2, 1, 3, 4)], -1, 1),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        var (fn, shapes, low, high) = OpCases[name];
        GradientChecker.Verify(fn, shapes, seed: name.Length * 7919, low: low, high: high);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SecondDerivativeMatchesFiniteDifferences(string name)
    {
        // Differentiate the gradient again: d/dx of <grad f(x), 1> compared with differences of grad f.
        var (fn, shapes, low, high) = OpCases[name];
        if (name is "relu" or "max" or "min_all" or "clip" or "abs" or "maximum" or "minimum" or "switch" or "leaky_relu" or "advanced_rows" or "subtensor_step" or "dimshuffle_drop")
            return; // piecewise linear or linear in x: second derivative is identically zero, covered below
        GradientChecker.Verify(v =>
        {
            var cost = T.Sum(fn(v) * fn(v));
            var grads = Grad.Of(cost, v.Where(x => x.DType.IsFloat()).ToArray(), DisconnectedInputs.Zeros);
            var total = T.Sum(grads[0] * grads[0]);
            for (int i = 1; i < grads.Length; i++) total = total + T.Sum(grads[i] * grads[i]);
            return total;
        }, shapes, seed: name.Length * 31, low: low, high: high, absoluteTolerance: 1e-4, relativeTolerance: 1e-4);
    }

    [Fact]
    public void ZeroGradPassesTheValueButBlocksTheGradient()
    {
        var x = T.Vector("x", DType.Float64);
        var g = Grad.Of(T.Sum(x * Grad.ZeroGrad(x)), x);
        var f = Function.Compile([x], [g, x * Grad.ZeroGrad(x)]);
        var r = f.Invoke(Tensor.FromArray([1.0, -2.0, 3.0]));
        Assert.Equal([1.0, -2.0, 3.0], ((Tensor<double>)r[0]).ToArray()); // d/dx (x * const(x)) = const(x) = x
        Assert.Equal([1.0, 4.0, 9.0], ((Tensor<double>)r[1]).ToArray());
    }

    [Fact]
    public void CheckerReportsTheWorstEntryOfAWrongGradient()
    {
        // An op whose gradient is deliberately wrong (twice the truth) must be caught with a report.
        var ex = Assert.Throws<GradientCheckException>(() =>
            GradientChecker.Verify(v => new WrongGradientOp().Apply1(v[0]), [S(3)]));
        Assert.Contains("worst entry", ex.Message);
        Assert.Equal(0, ex.Report.Input);
        Assert.True(ex.Report.AbsoluteError > 0.1);
    }

    private sealed class WrongGradientOp : Op
    {
        public override string Name => "wrong";
        public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs) => [inputs[0].Type];
        public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes) => outputShapes[0] = inputShapes[0];
        public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
        {
            var x = ((Tensor<double>)inputs[0]).AsReadOnlySpan();
            var y = ((Tensor<double>)outputs[0]).AsSpan();
            for (int i = 0; i < x.Length; i++) y[i] = x[i] * x[i];
        }
        public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients) => [outputGradients[0]! * node.Inputs[0] * 4.0];
    }
}
