using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Ops;

/// <summary>Which reduction a <see cref="ReduceOp"/> computes.</summary>
public enum ReduceKind
{
    /// <summary>Sum of the elements.</summary>
    Sum,
    /// <summary>Arithmetic mean.</summary>
    Mean,
    /// <summary>Maximum (the gradient goes to every maximal element).</summary>
    Max,
    /// <summary>Minimum (the gradient goes to every minimal element).</summary>
    Min,
    /// <summary>Product (1 over an empty axis); the gradient handles inputs that are zero exactly.</summary>
    Prod,
}

/// <summary>Reduction over a set of axes (all axes when empty), optionally keeping them as extent 1.</summary>
public sealed class ReduceOp : Op
{
    private readonly int[] _axes;

    /// <summary>Creates a reduction over <paramref name="axes"/> (non-negative, sorted, distinct; empty = all).</summary>
    public ReduceOp(ReduceKind kind, int[] axes, bool keepDims)
    {
        Kind = kind;
        _axes = (int[])axes.Clone();
        KeepDims = keepDims;
    }

    /// <summary>The reduction.</summary>
    public ReduceKind Kind { get; }

    /// <summary>The reduced axes (empty = all axes).</summary>
    public IReadOnlyList<int> Axes => _axes;

    /// <summary>Whether reduced axes stay as extent-1 axes.</summary>
    public bool KeepDims { get; }

    /// <inheritdoc/>
    public override string Name => Kind switch { ReduceKind.Sum => "sum", ReduceKind.Mean => "mean", ReduceKind.Max => "max", ReduceKind.Prod => "prod", _ => "min" };

    private bool IsReduced(int axis) => _axes.Length == 0 || Array.IndexOf(_axes, axis) >= 0;

    /// <summary>The reduced axes resolved against a rank (all axes when <see cref="Axes"/> is empty).</summary>
    public int[] ResolvedAxes(int rank)
    {
        if (_axes.Length > 0) return (int[])_axes.Clone();
        var all = new int[rank];
        for (int i = 0; i < rank; i++) all[i] = i;
        return all;
    }

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        var x = inputs[0];
        if (x.DType == DType.Int32 && Kind == ReduceKind.Mean) throw Fail($"int32 input {x.Type.ShapeString}: cast to float first");
        foreach (var a in _axes)
            if (a < 0 || a >= x.Rank) throw Fail($"axis {a} is out of range for shape {x.Type.ShapeString}");
        var shape = new List<int?>();
        for (int i = 0; i < x.Rank; i++)
        {
            if (!IsReduced(i)) shape.Add(x.Type.Shape[i]);
            else if (KeepDims) shape.Add(1);
        }
        return [new TensorType(x.DType, shape.ToArray())];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        var x = inputShapes[0];
        var dims = new List<int>();
        for (int i = 0; i < x.Rank; i++)
        {
            if (!IsReduced(i)) dims.Add(x[i]);
            else
            {
                if (x[i] == 0 && Kind is ReduceKind.Max or ReduceKind.Min)
                    throw new ShapeMismatchException(Name, $"cannot reduce the empty axis {i} of shape {x}", x);
                if (KeepDims) dims.Add(1);
            }
        }
        outputShapes[0] = new Shape(dims.ToArray());
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        switch (inputs[0].DType)
        {
            case DType.Float32: Run((Tensor<float>)inputs[0], (Tensor<float>)outputs[0]); break;
            case DType.Float64: Run((Tensor<double>)inputs[0], (Tensor<double>)outputs[0]); break;
            default: Run((Tensor<int>)inputs[0], (Tensor<int>)outputs[0]); break;
        }
    }

    private void Run<TElement>(Tensor<TElement> x, Tensor<TElement> y) where TElement : unmanaged, System.Numerics.INumber<TElement>
    {
        switch (Kind)
        {
            case ReduceKind.Sum: Reductions.Sum(x, _axes, y); break;
            case ReduceKind.Mean: Reductions.Mean(x, _axes, y); break;
            case ReduceKind.Max: Reductions.Max(x, _axes, y); break;
            case ReduceKind.Prod: Reductions.Prod(x, _axes, y); break;
            default: Reductions.Min(x, _axes, y); break;
        }
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var gz = outputGradients[0];
        var x = node.InputArray[0];
        if (gz is null || !x.DType.IsFloat()) return [null];
        var axes = ResolvedAxes(x.Rank);
        var g = GradUtil.ExpandReduced(gz, x.Rank, axes, KeepDims);
        switch (Kind)
        {
            case ReduceKind.Sum: return [T.Fill(x, g)];
            case ReduceKind.Mean: return [T.Fill(x, g / T.ElementCount(x, axes))];
            case ReduceKind.Prod: return [ProdGrad(x, g, axes)];
            default:
                var z = GradUtil.ExpandReduced(node.Output, x.Rank, axes, KeepDims);
                return [T.Fill(x, g) * T.Equal(x, z)];
        }
    }

    /// <summary>
    /// d prod / d xᵢ is the product of the other elements of xᵢ's group. Dividing the product by xᵢ gives it
    /// only when no element is zero, so (as Theano's prod grad) the group's zeros are counted: with none it is
    /// p / xᵢ, with exactly one it is the product of the non-zero elements at the zero and 0 elsewhere, with two
    /// or more it is 0 everywhere. The product of the non-zero elements is another prod (over x with its zeros
    /// replaced by 1), so the gradient is ordinary graph and can be differentiated again.
    /// </summary>
    private Variable ProdGrad(Variable x, Variable g, int[] axes)
    {
        var isZero = T.Equal(x, 0);
        var safe = T.Switch(isZero, T.Fill(x, 1.0), x);
        var zeros = GradUtil.ExpandReduced(new ReduceOp(ReduceKind.Sum, _axes, KeepDims).Apply1(isZero), x.Rank, axes, KeepDims);
        var nonZeroProduct = GradUtil.ExpandReduced(new ReduceOp(ReduceKind.Prod, _axes, KeepDims).Apply1(safe), x.Rank, axes, KeepDims);
        var noZero = nonZeroProduct / safe;
        var oneZero = T.Switch(isZero, nonZeroProduct, T.Fill(x, 0.0));
        var local = T.Switch(T.Equal(zeros, 0), noZero, T.Switch(T.Equal(zeros, 1), oneZero, T.Fill(x, 0.0)));
        return T.Fill(x, g) * local;
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs)
    {
        var args = _axes.Length == 0 ? "" : $", axis=({string.Join(", ", _axes)})";
        return $"{Name}({inputs[0]}{args}{(KeepDims ? ", keepdims" : "")})";
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}{{{(_axes.Length == 0 ? "all" : string.Join(",", _axes))}{(KeepDims ? ",keepdims" : "")}}}";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other)
    {
        var o = (ReduceOp)other;
        return o.Kind == Kind && o.KeepDims == KeepDims && o._axes.AsSpan().SequenceEqual(_axes);
    }

    /// <inheritdoc/>
    protected override int PropsHash()
    {
        var h = new HashCode();
        h.Add(Kind); h.Add(KeepDims);
        foreach (var a in _axes) h.Add(a);
        return h.ToHashCode();
    }
}
