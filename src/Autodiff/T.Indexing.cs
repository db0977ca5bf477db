using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

public static partial class T
{
    /// <summary>The int32 vector 0..n-1; <paramref name="n"/> may be a run-time extent such as <c>x.Shape[0]</c>.</summary>
    public static Variable Arange(Dim n)
        => n.Value is int v ? Constant(Tensors.Tensor.Arange<int>(v)) : new ArangeOp(n.Axis).Apply1(n.Source!);

    /// <summary>A tensor of shape <paramref name="dims"/> filled with <paramref name="value"/> (a scalar).</summary>
    public static Variable Alloc(Variable value, params Dim[] dims) => AllocOp.Build(value, dims);

    /// <summary>A tensor of shape <paramref name="dims"/> filled with a constant.</summary>
    public static Variable Alloc(double value, Tensors.DType dtype, params Dim[] dims) => AllocOp.Build(Constant(value, dtype), dims);

    /// <summary>Zeros of the given symbolic shape.</summary>
    public static Variable Zeros(Tensors.DType dtype, params Dim[] dims) => Alloc(0.0, dtype, dims);

    /// <summary>Ones of the given symbolic shape.</summary>
    public static Variable Ones(Tensors.DType dtype, params Dim[] dims) => Alloc(1.0, dtype, dims);

    /// <summary>Reshapes to <paramref name="dims"/>: constants, at most one -1, or run-time extents like <c>x.Shape[0]</c>.</summary>
    public static Variable Reshape(Variable x, params Dim[] dims) => ReshapeOp.Build(x, dims);

    /// <summary>Keeps the first <paramref name="outdim"/>-1 axes and collapses the rest (Lasagne/Theano flatten; default 2).</summary>
    public static Variable Flatten(Variable x, int outdim = 2)
    {
        if (outdim < 1 || outdim > Math.Max(x.Rank, 1))
            throw new GraphBuildException("flatten", $"outdim {outdim} is invalid for shape {x.Type.ShapeString}", SourceTrace.Capture());
        var dims = new Dim[outdim];
        for (int i = 0; i < outdim - 1; i++) dims[i] = x.Shape[i];
        dims[outdim - 1] = -1;
        return Reshape(x, dims);
    }

    /// <summary>Joins along <paramref name="axis"/>.</summary>
    public static Variable Concatenate(IReadOnlyList<Variable> inputs, int axis = 0)
    {
        if (inputs.Count == 0) throw new GraphBuildException("concatenate", "needs at least one input", SourceTrace.Capture());
        var dtype = inputs[0].DType;
        foreach (var v in inputs) if (Rank(v.DType) > Rank(dtype)) dtype = v.DType;
        var cast = inputs.Select(v => Cast(v, dtype)).ToArray();
        return new ConcatenateOp(Axis(inputs[0], axis, "concatenate")).Apply1(cast);
    }

    /// <summary>Basic indexing/slicing: <c>T.Subtensor(x, 0, 1..3)</c> (same as the indexer <c>x[0, 1..3]</c>).</summary>
    public static Variable Subtensor(Variable x, params Slice[] index) => new SubtensorOp(index).Apply1(x);

    /// <summary>Adds <paramref name="value"/> to the region selected by <paramref name="subtensor"/> (an output of basic
    /// or advanced indexing) and returns the whole updated tensor (Theano's inc_subtensor).</summary>
    public static Variable IncSubtensor(Variable subtensor, Variable value) => IncOrSet(subtensor, value, set: false);

    /// <summary>Replaces the region selected by <paramref name="subtensor"/> with <paramref name="value"/> (Theano's set_subtensor).</summary>
    public static Variable SetSubtensor(Variable subtensor, Variable value) => IncOrSet(subtensor, value, set: true);

    private static Variable IncOrSet(Variable subtensor, Variable value, bool set)
    {
        value = Cast(value, subtensor.DType);
        if (value.Rank != subtensor.Rank || !value.Type.Equals(subtensor.Type)) value = Fill(subtensor, value);
        switch (subtensor.Owner?.Op)
        {
            case SubtensorOp sub:
                return new IncSubtensorOp([.. sub.Index], set).Apply1(subtensor.Owner.InputArray[0], value);
            case AdvancedSubtensorOp adv when !set:
                var op = adv.IndexCount == 1 ? AdvancedIncSubtensorOp.Rows : AdvancedIncSubtensorOp.Pairs;
                return op.Apply1([subtensor.Owner.InputArray[0], value, .. subtensor.Owner.InputArray.Skip(1)]);
            default:
                throw new GraphBuildException(set ? "set_subtensor" : "inc_subtensor", "the first argument must be the result of indexing a variable (x[...])", SourceTrace.Capture());
        }
    }
}
