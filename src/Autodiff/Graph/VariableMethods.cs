using NeuralCore.Tensors;

namespace NeuralCore.Autodiff;

public partial class Variable
{
    /// <summary>Sum over <paramref name="axes"/> (all when empty).</summary>
    public Variable Sum(params int[] axes) => T.Sum(this, axes);
    /// <summary>Sum over <paramref name="axes"/>, optionally keeping them as extent 1.</summary>
    public Variable Sum(int[]? axes, bool keepDims) => T.Sum(this, axes, keepDims);
    /// <summary>Mean over <paramref name="axes"/> (all when empty).</summary>
    public Variable Mean(params int[] axes) => T.Mean(this, axes);
    /// <summary>Mean over <paramref name="axes"/>, optionally keeping them.</summary>
    public Variable Mean(int[]? axes, bool keepDims) => T.Mean(this, axes, keepDims);
    /// <summary>Maximum over <paramref name="axes"/> (all when empty).</summary>
    public Variable Max(params int[] axes) => T.Max(this, axes);
    /// <summary>Maximum over <paramref name="axes"/>, optionally keeping them.</summary>
    public Variable Max(int[]? axes, bool keepDims) => T.Max(this, axes, keepDims);
    /// <summary>Minimum over <paramref name="axes"/> (all when empty).</summary>
    public Variable Min(params int[] axes) => T.Min(this, axes);
    /// <summary>Minimum over <paramref name="axes"/>, optionally keeping them.</summary>
    public Variable Min(int[]? axes, bool keepDims) => T.Min(this, axes, keepDims);
    /// <summary>Product over <paramref name="axes"/> (all when empty).</summary>
    public Variable Prod(params int[] axes) => T.Prod(this, axes);
    /// <summary>Product over <paramref name="axes"/>, optionally keeping them.</summary>
    public Variable Prod(int[]? axes, bool keepDims) => T.Prod(this, axes, keepDims);
    /// <summary>Index of the maximum along <paramref name="axis"/>.</summary>
    public Variable ArgMax(int axis = -1, bool keepDims = false) => T.ArgMax(this, axis, keepDims);
    /// <summary>Variance over <paramref name="axes"/> (all when null).</summary>
    public Variable Var(int[]? axes = null, bool keepDims = false) => T.Var(this, axes, keepDims);
    /// <summary>Standard deviation over <paramref name="axes"/> (all when null).</summary>
    public Variable Std(int[]? axes = null, bool keepDims = false) => T.Std(this, axes, keepDims);
    /// <summary>Permute/insert/drop broadcastable axes; entries are axes or "x".</summary>
    public Variable DimShuffle(params object[] pattern) => T.DimShuffle(this, pattern);
    /// <summary>Reverse the axes, or permute by <paramref name="axes"/>.</summary>
    public Variable Transpose(params int[] axes) => T.Transpose(this, axes);
    /// <summary>Convert to <paramref name="dtype"/>.</summary>
    public Variable Cast(DType dtype) => T.Cast(this, dtype);
    /// <summary>Reshape to <paramref name="dims"/> (constants, one -1, or run-time extents like <c>x.Shape[0]</c>).</summary>
    public Variable Reshape(params Dim[] dims) => T.Reshape(this, dims);
    /// <summary>Keep the first outdim-1 axes, collapse the rest.</summary>
    public Variable Flatten(int outdim = 2) => T.Flatten(this, outdim);
    /// <summary>Basic indexing and slicing with ints and ranges: <c>x[0]</c>, <c>x[.., 1..3]</c>, <c>x[Slice.Range(null, null, -1)]</c>.</summary>
    public Variable this[params Slice[] index] => T.Subtensor(this, index);
    /// <summary>Integer-array indexing of the first axis: rows <c>x[idx]</c> (an int32 vector).</summary>
    public Variable this[Variable indices] => Ops.AdvancedSubtensorOp.Rows.Apply1(this, indices);
    /// <summary>Pairwise integer-array indexing <c>x[rows, cols]</c>, e.g. <c>p[T.Arange(p.Shape[0]), y]</c>.</summary>
    public Variable this[Variable rows, Variable cols] => Ops.AdvancedSubtensorOp.Pairs.Apply1(this, rows, cols);
    /// <summary>Computes the value (Theano's eval): compiles a throw-away function of the given inputs. Convenient in
    /// tests and interactive use; compile a function for repeated evaluation.</summary>
    /// <exception cref="ArgumentException">When the value depends on an input not given.</exception>
    public Tensor Eval(params (Variable Input, Tensor Value)[] inputs)
    {
        var f = Function.Compile(inputs.Select(i => i.Input).ToArray(), this, options: new CompileOptions { CopyOutputs = true });
        return f.Invoke(inputs.Select(i => i.Value).ToArray())[0];
    }
}
