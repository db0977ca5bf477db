using NeuralCore.Tensors;

namespace NeuralCore.Autodiff;

/// <summary>
/// The contract every operation implements (Theano's <c>Op</c>):
/// <list type="bullet">
/// <item><see cref="InferTypes"/>: output types and static shapes at build time; rejects bad inputs with a
/// <see cref="GraphBuildException"/> naming the op, the shapes and the call site (use <see cref="Fail"/>).</item>
/// <item><see cref="InferShape"/>: output shapes from input shapes at run time (once per input-shape signature).</item>
/// <item><see cref="Perform"/>: the kernel, writing into preallocated outputs of the inferred shapes
/// (destination passing, so the memory planner decides where results live).</item>
/// <item><see cref="Grad"/>: the gradient as more graph, so gradients of gradients work.</item>
/// <item>Equality and hash by op properties (<see cref="PropsEqual"/>/<see cref="PropsHash"/>) so merging (CSE) can dedupe nodes.</item>
/// </list>
/// Ops are immutable (except random ops, which compare by reference).
/// </summary>
public abstract class Op : IEquatable<Op>
{
    /// <summary>Short lower-case name used in messages and printing, e.g. "dot", "softmax".</summary>
    public abstract string Name { get; }

    /// <summary>Number of outputs (1 unless overridden).</summary>
    public virtual int OutputCount => 1;

    /// <summary>Checks the input types and returns the output types with statically known extents.</summary>
    /// <exception cref="GraphBuildException">When the inputs are invalid.</exception>
    public abstract TensorType[] InferTypes(IReadOnlyList<Variable> inputs);

    /// <summary>Output shapes from the concrete input shapes (run time, once per shape signature); <paramref name="node"/>
    /// gives the static input types (e.g. which axes are broadcastable).</summary>
    /// <exception cref="ShapeMismatchException">When the shapes do not fit together.</exception>
    public abstract void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes);

    /// <summary>Computes the outputs into <paramref name="outputs"/>, preallocated with the inferred shapes.
    /// Inputs must not be modified (unless a rewrite made the op in-place); outputs may hold stale data.</summary>
    public abstract void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs);

    /// <summary>Gradients with respect to each input, as graph, given gradients of the outputs (null entries:
    /// that output does not influence the cost). Return null for an input that gets no gradient
    /// (integer inputs, shape-only inputs, piecewise-constant ops).</summary>
    public abstract Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients);

    /// <summary>Indices of inputs used only for their shape (no gradient flows into them). Default: none.</summary>
    public virtual bool IsShapeOnlyInput(int inputIndex) => false;

    /// <summary>True for elementwise ops (<see cref="Ops.ElementwiseOp"/>); the fusion rewrite reads <see cref="Ops.ElementwiseOp.Scalar"/>.</summary>
    public virtual bool IsElementwise => false;

    /// <summary>True when <see cref="Perform"/> still computes the right result if output 0 is the same tensor as input
    /// <paramref name="inputIndex"/> (so the memory planner may run the op in place when that input is dead afterwards).</summary>
    public virtual bool CanRunInPlace(int inputIndex) => false;

    /// <summary>True when constant folding may evaluate this op at compile time (false for random ops).</summary>
    public virtual bool CanConstantFold => true;

    /// <summary>Builds an Apply node of this op on <paramref name="inputs"/> and returns its outputs.</summary>
    /// <exception cref="GraphBuildException">When the inputs are invalid for this op.</exception>
    public Variable[] MakeNode(params Variable[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i] is null) throw new ArgumentNullException(nameof(inputs), $"{Name}: input {i} is null");
        var trace = SourceTrace.Capture();
        TensorType[] types;
        using (SourceTrace.Use(trace)) types = InferTypes(inputs);
        var node = new Apply(this, (Variable[])inputs.Clone());
        var outputs = new Variable[types.Length];
        for (int i = 0; i < outputs.Length; i++) outputs[i] = new Variable(types[i], node, i, null, trace);
        node.OutputArray = outputs;
        return outputs;
    }

    /// <summary>Builds the node and returns its single output.</summary>
    public Variable Apply1(params Variable[] inputs) => MakeNode(inputs)[0];

    /// <summary>Text for the pretty printer given the printed inputs; default <c>name(a, b)</c>.</summary>
    public virtual string Format(IReadOnlyList<string> inputs) => $"{ToString()}({string.Join(", ", inputs)})";

    /// <summary>A <see cref="GraphBuildException"/> naming this op, the problem and the current call site.</summary>
    protected GraphBuildException Fail(string problem) => new(Name, problem, SourceTrace.Capture());

    /// <summary>Compares the properties of two ops of the same type; override when the op has properties.</summary>
    protected virtual bool PropsEqual(Op other) => true;

    /// <summary>Hash of the properties; override together with <see cref="PropsEqual"/>.</summary>
    protected virtual int PropsHash() => 0;

    /// <summary>Ops are equal when they have the same type and equal properties.</summary>
    public bool Equals(Op? other) => other is not null && (ReferenceEquals(this, other) || (other.GetType() == GetType() && PropsEqual(other)));
    /// <inheritdoc/>
    public sealed override bool Equals(object? obj) => obj is Op o && Equals(o);
    /// <inheritdoc/>
    public sealed override int GetHashCode() => HashCode.Combine(GetType(), PropsHash());

    /// <summary>The name (with properties where relevant).</summary>
    public override string ToString() => Name;

    // Shared helpers for the op implementations.
    internal static string Shapes(IReadOnlyList<Variable> inputs)
        => string.Join(" and ", inputs.Select(v => v.Type.ShapeString));
}
