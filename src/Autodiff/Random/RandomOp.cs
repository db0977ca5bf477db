namespace NeuralCore.Autodiff.Ops;

/// <summary>The distribution a <see cref="RandomOp"/> samples.</summary>
public enum RandomDistribution
{
    /// <summary>Uniform on [low, high).</summary>
    Uniform,
    /// <summary>Normal with mean and standard deviation.</summary>
    Normal,
    /// <summary>Binomial with n trials of probability p (n = 1: a 0/1 mask).</summary>
    Binomial,
}

/// <summary>
/// Samples a tensor of a symbolic shape from its own counter-based <see cref="RandomGenerator"/>, which
/// advances on every call (so successive calls differ, and the same seed replays the same sequence).
/// Inputs are used only for their shapes; the gradient is zero. Random ops are never merged or folded.
/// </summary>
public sealed class RandomOp : Op
{
    private readonly DimList _shape;
    private RandomGenerator _generator;

    internal RandomOp(RandomDistribution distribution, DType dtype, double a, double b, int trials, DimList shape, RandomGenerator generator)
    {
        Distribution = distribution;
        DType = dtype;
        A = a;
        B = b;
        Trials = trials;
        _shape = shape;
        _generator = generator;
    }

    /// <summary>The distribution.</summary>
    public RandomDistribution Distribution { get; }
    /// <summary>Output dtype.</summary>
    public DType DType { get; }
    /// <summary>low (uniform), mean (normal) or p (binomial).</summary>
    public double A { get; }
    /// <summary>high (uniform) or std (normal).</summary>
    public double B { get; }
    /// <summary>Number of trials (binomial).</summary>
    public int Trials { get; }

    /// <summary>The generator this op samples from (its <see cref="RandomGenerator.Position"/> is the op's whole
    /// state, which a training checkpoint saves and restores).</summary>
    public RandomGenerator Generator => _generator;

    internal void Reseed(RandomGenerator generator) => _generator = generator;

    /// <inheritdoc/>
    public override string Name => Distribution switch { RandomDistribution.Uniform => "uniform", RandomDistribution.Normal => "normal", _ => "binomial" };

    /// <inheritdoc/>
    public override bool CanConstantFold => false;

    /// <inheritdoc/>
    public override bool IsShapeOnlyInput(int inputIndex) => true;

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        var shape = _shape.StaticShape(inputs);
        foreach (var d in shape) if (d < 0) throw Fail($"negative extent in {TensorType.FormatShape(shape)}");
        return [new TensorType(DType, shape)];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
        => outputShapes[0] = new Shape(_shape.Resolve(inputShapes));

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        switch (outputs[0].DType)
        {
            case DType.Float32: Sample(((Tensor<float>)outputs[0]).AsSpan()); break;
            case DType.Float64: Sample(((Tensor<double>)outputs[0]).AsSpan()); break;
            default: Sample(((Tensor<int>)outputs[0]).AsSpan()); break;
        }
    }

    private void Sample<TElement>(Span<TElement> destination) where TElement : unmanaged, System.Numerics.INumber<TElement>
    {
        switch (Distribution)
        {
            case RandomDistribution.Uniform: _generator.Uniform(destination, TElement.CreateTruncating(A), TElement.CreateTruncating(B)); break;
            case RandomDistribution.Normal: _generator.Normal(destination, TElement.CreateTruncating(A), TElement.CreateTruncating(B)); break;
            default:
                _generator.Bernoulli(destination, A);
                if (Trials > 1)
                {
                    // Sum of independent trials; the scratch array is only needed for n > 1.
                    var trial = new TElement[destination.Length];
                    for (int t = 1; t < Trials; t++)
                    {
                        _generator.Bernoulli<TElement>(trial, A);
                        for (int i = 0; i < trial.Length; i++) destination[i] += trial[i];
                    }
                }
                break;
        }
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients) => new Variable?[node.InputArray.Length];

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => $"{Name}({_shape.Format(inputs)})";

    // Two random ops are never equal (each has its own stream), so merging never shares samples.
    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => false;

    /// <inheritdoc/>
    protected override int PropsHash() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
