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
    public override string Name => Kind switch { ReduceKind.Sum => "sum", ReduceKind.Mean => "mean", ReduceKind.Max => "max", _ => "min" };

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
        var src = x.AsReadOnlySpan();
        var dst = y.AsSpan();
        int rank = x.Rank;
        TElement init = Kind switch
        {
            ReduceKind.Max or ReduceKind.Min => src.Length > 0 ? src[0] : TElement.Zero,
            _ => TElement.Zero,
        };
        dst.Fill(init);
        if (src.Length == 0) return;
        // Output strides aligned to the input axes, 0 on reduced axes.
        Span<int> extents = stackalloc int[Math.Max(rank, 1)];
        Span<int> outStrides = stackalloc int[Math.Max(rank, 1)];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--)
        {
            extents[i] = x.Shape[i];
            if (IsReduced(i)) outStrides[i] = 0;
            else { outStrides[i] = s; s *= x.Shape[i]; }
        }
        if (rank == 0) { extents[0] = 1; outStrides[0] = 0; rank = 1; }
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int o = 0, inner = extents[rank - 1], innerStride = outStrides[rank - 1];
        for (int d = 0; d < src.Length; d += inner)
        {
            switch (Kind)
            {
                case ReduceKind.Sum or ReduceKind.Mean:
                    if (innerStride == 0)
                    {
                        TElement acc = dst[o];
                        for (int j = 0; j < inner; j++) acc += src[d + j];
                        dst[o] = acc;
                    }
                    else for (int j = 0; j < inner; j++) dst[o + j] += src[d + j];
                    break;
                case ReduceKind.Max:
                    for (int j = 0; j < inner; j++) { ref var t = ref dst[o + j * innerStride]; var v = src[d + j]; if (v > t || TElement.IsNaN(v)) t = v; }
                    break;
                default:
                    for (int j = 0; j < inner; j++) { ref var t = ref dst[o + j * innerStride]; var v = src[d + j]; if (v < t || TElement.IsNaN(v)) t = v; }
                    break;
            }
            for (int i = rank - 2; i >= 0; i--)
            {
                o += outStrides[i];
                if (++index[i] < extents[i]) break;
                o -= outStrides[i] * extents[i];
                index[i] = 0;
            }
        }
        if (Kind == ReduceKind.Mean)
        {
            var count = TElement.CreateTruncating(src.Length / Math.Max(dst.Length, 1));
            for (int i = 0; i < dst.Length; i++) dst[i] /= count;
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
            default:
                var z = GradUtil.ExpandReduced(node.Output, x.Rank, axes, KeepDims);
                return [T.Fill(x, g) * T.Equal(x, z)];
        }
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
