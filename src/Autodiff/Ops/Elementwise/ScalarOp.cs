using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// A scalar function applied elementwise by <see cref="ElementwiseOp"/> (Theano's <c>scalar.ScalarOp</c>).
/// It knows its arity, how to print itself, how to evaluate one element in float and double (used by
/// the generic broadcast loop and by fused loops), optionally a whole-tensor kernel, and its
/// derivative as graph.
/// </summary>
public abstract class ScalarOp : IEquatable<ScalarOp>
{
    /// <summary>Lower-case name, e.g. "add", "exp", "relu".</summary>
    public abstract string Name { get; }

    /// <summary>Number of inputs (1, 2 or 3; fused composites may have more).</summary>
    public abstract int Arity { get; }

    /// <summary>Infix symbol for binary ops ("+", "*"), prefix symbol for unary ones ("-"), or null to print as a call.</summary>
    public virtual string? Symbol => null;

    /// <summary>True when the op accepts int32 inputs (it then implements <see cref="EvaluateInt"/>).</summary>
    public virtual bool SupportsInt => false;

    /// <summary>The output dtype given the (equal) input dtype; Cast overrides it.</summary>
    public virtual DType OutputDType(DType inputDType) => inputDType;

    /// <summary>The value at one element, in double precision. Unused arguments are 0.</summary>
    public abstract double Evaluate(double a, double b, double c);

    /// <summary>The value at one element in single precision (default: through <see cref="Evaluate(double, double, double)"/>).</summary>
    public virtual float Evaluate(float a, float b, float c) => (float)Evaluate((double)a, b, c);

    /// <summary>The value at one element for any arity (fused composites have more than three inputs); the default
    /// forwards to <see cref="Evaluate(double, double, double)"/>.</summary>
    public virtual double Evaluate(ReadOnlySpan<double> args)
        => Evaluate(args.Length > 0 ? args[0] : 0, args.Length > 1 ? args[1] : 0, args.Length > 2 ? args[2] : 0);

    /// <summary>The value at one element for int32 inputs.</summary>
    /// <exception cref="NotSupportedException">When <see cref="SupportsInt"/> is false.</exception>
    public virtual int EvaluateInt(int a, int b, int c) => throw new NotSupportedException($"{Name}: int32 inputs are not supported");

    /// <summary>Runs a whole-tensor kernel (NeuralCore.Tensors.Elementwise) when one exists; returns false to use the
    /// generic broadcast loop. <paramref name="output"/> may alias an input.</summary>
    public virtual bool TryKernel(ReadOnlySpan<Tensor> inputs, Tensor output) => false;

    /// <summary>Gradients of the inputs as graph, each with the shape of <paramref name="output"/> (the caller sums
    /// away broadcast axes); null where no gradient flows.</summary>
    public abstract Variable?[] Grad(IReadOnlyList<Variable> inputs, Variable output, Variable outputGradient);

    /// <summary>Printed form given printed inputs: "(a + b)", "-a", "exp(a)".</summary>
    public virtual string Format(IReadOnlyList<string> inputs)
    {
        if (Symbol is not null && inputs.Count == 2) return $"({inputs[0]} {Symbol} {inputs[1]})";
        if (Symbol is not null && inputs.Count == 1) return $"{Symbol}{inputs[0]}";
        return $"{ToString()}({string.Join(", ", inputs)})";
    }

    /// <summary>Compares properties (e.g. alpha of relu); override when there are any.</summary>
    protected virtual bool PropsEqual(ScalarOp other) => true;

    /// <summary>Hash of the properties.</summary>
    protected virtual int PropsHash() => 0;

    /// <summary>Equal when of the same type with equal properties.</summary>
    public bool Equals(ScalarOp? other) => other is not null && other.GetType() == GetType() && PropsEqual(other);
    /// <inheritdoc/>
    public sealed override bool Equals(object? obj) => obj is ScalarOp s && Equals(s);
    /// <inheritdoc/>
    public sealed override int GetHashCode() => HashCode.Combine(GetType(), PropsHash());
    /// <summary>The name (with properties where relevant).</summary>
    public override string ToString() => Name;
}
