using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// One op for every elementwise function (Theano's <c>Elemwise</c>), parameterised by a
/// <see cref="ScalarOp"/>. Inputs of lower rank are padded with broadcastable axes on the left;
/// an axis is stretched only when the input's type marks it broadcastable (static extent 1).
/// </summary>
public sealed class ElementwiseOp : Op
{
    /// <summary>Creates the elementwise op of <paramref name="scalar"/>.</summary>
    public ElementwiseOp(ScalarOp scalar) => Scalar = scalar ?? throw new ArgumentNullException(nameof(scalar));

    /// <summary>The scalar function.</summary>
    public ScalarOp Scalar { get; }

    /// <inheritdoc/>
    public override string Name => Scalar.Name;

    /// <inheritdoc/>
    public override bool IsElementwise => true;

    /// <inheritdoc/>
    /// <remarks>The elementwise kernels allow the result to alias an input of the output's dtype and shape.</remarks>
    public override bool CanRunInPlace(int inputIndex) => Scalar is not Second || inputIndex == 0;

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        if (inputs.Count != Scalar.Arity) throw Fail($"expects {Scalar.Arity} inputs but got {inputs.Count}");
        var dtype = inputs[0].DType;
        foreach (var v in inputs)
            if (v.DType != dtype)
                throw Fail($"inputs have different dtypes ({string.Join(", ", inputs.Select(i => i.DType.Name()))}); cast first");
        if (dtype == DType.Int32 && !Scalar.SupportsInt) throw Fail($"int32 inputs are not supported (shapes {Shapes(inputs)}); cast to float first");
        int rank = 0;
        foreach (var v in inputs) rank = Math.Max(rank, v.Rank);
        var shape = new int?[rank];
        for (int axis = 0; axis < rank; axis++)
        {
            int? known = null;
            bool allOne = true;
            foreach (var v in inputs)
            {
                int a = axis - (rank - v.Rank);
                if (a < 0) continue;
                int? d = v.Type.Shape[a];
                if (d == 1) continue;
                allOne = false;
                if (d is null) continue;
                if (known is not null && known != d)
                    throw Fail($"shapes {Shapes(inputs)} cannot be broadcast together (axis {axis}: {known} vs {d})");
                known = d;
            }
            shape[axis] = known ?? (allOne ? 1 : null);
        }
        return [new TensorType(Scalar.OutputDType(dtype), shape)];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        int rank = node.Output.Rank;
        var dims = new int[rank];
        for (int axis = 0; axis < rank; axis++)
        {
            int extent = -1, from = -1;
            for (int i = 0; i < inputShapes.Length; i++)
            {
                int a = axis - (rank - inputShapes[i].Rank);
                if (a < 0 || node.InputArray[i].Type.IsBroadcastable(a)) continue;
                int d = inputShapes[i][a];
                if (extent >= 0 && d != extent)
                    throw new ShapeMismatchException(Name, $"input dimension mismatch on axis {axis}: shapes {string.Join(" and ", inputShapes.ToArray())} "
                        + $"(input {from} has {extent}, input {i} has {d}; only axes of static extent 1 broadcast: use DimShuffle or keepDims){TraceSuffix(node)}",
                        inputShapes.ToArray());
                extent = d; from = i;
            }
            dims[axis] = extent < 0 ? 1 : extent;
        }
        outputShapes[0] = new Shape(dims);
    }

    internal static string TraceSuffix(Apply node) => node.Output.Trace is { } t ? $" [built at {t}]" : "";

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        if (!Scalar.TryKernel(inputs, outputs[0])) BroadcastLoop.Run(Scalar, inputs, outputs[0]);
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var gz = outputGradients[0];
        var result = new Variable?[node.InputArray.Length];
        if (gz is null) return result;
        var raw = Scalar.Grad(node.InputArray, node.Output, gz);
        for (int i = 0; i < result.Length; i++)
            if (raw[i] is { } g) result[i] = GradUtil.SumToMatch(g, node.InputArray[i]);
        return result;
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs) => Scalar.Format(inputs);

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => Scalar.Equals(((ElementwiseOp)other).Scalar);

    /// <inheritdoc/>
    protected override int PropsHash() => Scalar.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => Scalar.ToString();
}
