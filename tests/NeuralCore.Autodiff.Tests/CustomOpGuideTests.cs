using System.Numerics;
using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests;

// The worked examples of docs/guides/custom-op.md, verbatim: if they stop compiling or stop being right, these
// tests fail, so the guide cannot rot. Keep the two in step.

/// <summary>Swish (SiLU), y = x·σ(x) = x / (1 + e^-x), as an op of its own.</summary>
public sealed class SwishOp : Op
{
    /// <summary>The op has no properties, so one instance serves every node.</summary>
    public static readonly SwishOp Instance = new();

    public override string Name => "swish";

    // Build time: check the inputs, return the output type (dtype, rank, static extents).
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        if (inputs.Count != 1) throw Fail($"takes one input, got {inputs.Count}");
        var x = inputs[0];
        if (!x.DType.IsFloat()) throw Fail($"needs a float input, got {x.Type}");
        return [x.Type];
    }

    // Run time, once per input-shape signature: the output has the input's shape.
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes) =>
        outputShapes[0] = inputShapes[0];

    // The kernel: write into the preallocated output (destination passing).
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (inputs[0] is Tensor<float> x32) Kernel(x32.AsReadOnlySpan(), ((Tensor<float>)outputs[0]).AsSpan());
        else Kernel(((Tensor<double>)inputs[0]).AsReadOnlySpan(), ((Tensor<double>)outputs[0]).AsSpan());
    }

    // Element i is read before it is written, so the output may share the input's buffer.
    public override bool CanRunInPlace(int inputIndex) => true;

    // The gradient as graph: dy/dx = σ(x) + y·(1 - σ(x)).
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        if (outputGradients[0] is not { } g) return [null];
        var x = node.Inputs[0];
        var y = node.Output;
        var s = T.Sigmoid(x);
        return [g * (s + y * (1 - s))];
    }

    private static void Kernel<TElement>(ReadOnlySpan<TElement> x, Span<TElement> y)
        where TElement : IFloatingPointIeee754<TElement>
    {
        for (int i = 0; i < x.Length; i++) y[i] = x[i] / (TElement.One + TElement.Exp(-x[i]));
    }
}

/// <summary>The user-facing helper, like the methods of <see cref="T"/>.</summary>
public static class MyOps
{
    public static Variable Swish(Variable x) => SwishOp.Instance.Apply1(x);

    public static Variable Cube(Variable x) => T.Elementwise(CubeScalar.Instance, x);
}

/// <summary>x³ as a scalar op: the elementwise machinery brings broadcasting, printing and gradient reduction.</summary>
public sealed class CubeScalar : ScalarOp
{
    public static readonly CubeScalar Instance = new();

    public override string Name => "cube";
    public override int Arity => 1;

    public override double Evaluate(double a, double b, double c) => a * a * a;
    public override float Evaluate(float a, float b, float c) => a * a * a;

    public override Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient) =>
        [outputGradient * (3 * T.Square(inputs[0]))];
}

public class CustomOpGuideTests
{
    private static double SwishReference(double x) => x / (1 + Math.Exp(-x));

    [Fact]
    public void SwishComputesXTimesSigmoidInBothPrecisions()
    {
        var xs = new[] { -30.0, -2.5, -0.1, 0.0, 0.7, 3.0, 25.0 };
        var x64 = T.Vector("x", DType.Float64);
        var f64 = Function.Compile([x64], MyOps.Swish(x64));
        var y64 = ((Tensor<double>)f64.Invoke(Tensor.FromArray(xs))[0]).ToArray();
        for (int i = 0; i < xs.Length; i++) Assert.Equal(SwishReference(xs[i]), y64[i], 14);

        var x32 = T.Vector("x");
        var f32 = Function.Compile([x32], MyOps.Swish(x32));
        var y32 = ((Tensor<float>)f32.Invoke(Tensor.FromArray(xs.Select(v => (float)v).ToArray()))[0]).ToArray();
        for (int i = 0; i < xs.Length; i++) Assert.Equal(SwishReference(xs[i]), y32[i], 5);
    }

    [Fact]
    public void SwishGradientAgreesWithFiniteDifferences()
    {
        GradientChecker.Verify(v => MyOps.Swish(v[0]), [new Shape(3, 4)], low: -4, high: 4);
        // Inside a bigger expression, after the graph optimizer has run on it.
        GradientChecker.Verify(v => T.Sum(MyOps.Swish(T.Dot(v[0], v[1]) + 1.0) * v[0].Sum()), [new Shape(2, 3), new Shape(3, 2)]);
    }

    [Fact]
    public void SwishSecondDerivativeWorksBecauseTheGradientIsGraph()
    {
        // d/dx of the gradient: checked against finite differences of the first derivative.
        GradientChecker.Verify(v => Grad.Of(T.Sum(MyOps.Swish(v[0])), v[0]), [new Shape(5)], low: -3, high: 3);
        var x = T.Scalar("x", DType.Float64);
        var d2 = Grad.Of(Grad.Of(MyOps.Swish(x), x), x);
        // Hand value: swish''(0) = 2·σ'(0) = 1/2.
        Assert.Equal(0.5, ((Tensor<double>)Function.Compile([x], d2).Invoke(0.0)[0]).ToScalar(), 12);
    }

    [Fact]
    public void SwishRejectsAnIntegerInputWhenTheGraphIsBuilt()
    {
        var ex = Assert.Throws<GraphBuildException>(() => MyOps.Swish(T.IVector("labels")));
        Assert.Equal("swish", ex.Op);
        Assert.Contains("needs a float input", ex.Message);
    }

    [Fact]
    public void CubeScalarOpEvaluatesBroadcastsAndDifferentiates()
    {
        var x = T.Matrix("x", DType.Float64);
        var b = T.Row("b", DType.Float64);
        var f = Function.Compile([x, b], MyOps.Cube(x + b));
        var xv = Tensor.FromArray([1.0, -2.0, 0.5, 3.0], 2, 2);
        var bv = Tensor.FromArray([0.5, -1.0], 1, 2);
        var y = ((Tensor<double>)f.Invoke(xv, bv)[0]).ToArray();
        Assert.Equal([1.5 * 1.5 * 1.5, -27.0, 1.0, 8.0], y);
        Assert.Equal("cube((x + b))", Print.Pretty(MyOps.Cube(x + b)));
        GradientChecker.Verify(v => MyOps.Cube(v[0] * v[1]), [new Shape(3, 2), new Shape(3, 2)]);
    }
}
