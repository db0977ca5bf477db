using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// Permutes axes and inserts or drops broadcastable axes (Theano's DimShuffle). The pattern lists,
/// for each output axis, the input axis it takes, or -1 ("x") for a new broadcastable axis. Input
/// axes left out must be broadcastable. <c>(1, 0)</c> is the matrix transpose.
/// </summary>
public sealed class DimShuffleOp : Op
{
    private readonly int[] _pattern;

    /// <summary>Creates the op for <paramref name="pattern"/> (-1 = new axis).</summary>
    public DimShuffleOp(params int[] pattern) => _pattern = (int[])pattern.Clone();

    /// <summary>The pattern: input axis per output axis, -1 for a new broadcastable axis.</summary>
    public IReadOnlyList<int> Pattern => _pattern;

    /// <summary>True when no axis moves (only broadcastable axes are added or dropped): the data is copied as is.</summary>
    public bool KeepsOrder
    {
        get
        {
            int last = -1;
            foreach (var p in _pattern)
            {
                if (p < 0) continue;
                if (p < last) return false;
                last = p;
            }
            return true;
        }
    }

    /// <inheritdoc/>
    public override string Name => "dimshuffle";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        var x = inputs[0];
        var used = new bool[x.Rank];
        var shape = new int?[_pattern.Length];
        for (int k = 0; k < _pattern.Length; k++)
        {
            int p = _pattern[k];
            if (p == -1) { shape[k] = 1; continue; }
            if (p < 0 || p >= x.Rank || used[p]) throw Fail($"invalid pattern {this} for input shape {x.Type.ShapeString}");
            used[p] = true;
            shape[k] = x.Type.Shape[p];
        }
        for (int i = 0; i < x.Rank; i++)
            if (!used[i] && !x.Type.IsBroadcastable(i))
                throw Fail($"pattern {this} drops axis {i} of shape {x.Type.ShapeString}, which is not broadcastable");
        return [new TensorType(x.DType, shape)];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        var dims = new int[_pattern.Length];
        for (int k = 0; k < dims.Length; k++) dims[k] = _pattern[k] < 0 ? 1 : inputShapes[0][_pattern[k]];
        outputShapes[0] = new Shape(dims);
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        var x = inputs[0];
        if (KeepsOrder) { TensorCopy.Copy(x, outputs[0]); return; }
        switch (x.DType)
        {
            case DType.Float32: Run((Tensor<float>)x, (Tensor<float>)outputs[0]); break;
            case DType.Float64: Run((Tensor<double>)x, (Tensor<double>)outputs[0]); break;
            default: Run((Tensor<int>)x, (Tensor<int>)outputs[0]); break;
        }
    }

    private void Run<TElement>(Tensor<TElement> x, Tensor<TElement> y) where TElement : unmanaged, System.Numerics.INumber<TElement>
    {
        Span<int> inStrides = stackalloc int[x.Rank];
        StridedCopy.RowMajorStrides(x.Shape.Dims, inStrides);
        Span<int> strides = stackalloc int[_pattern.Length];
        for (int k = 0; k < _pattern.Length; k++) strides[k] = _pattern[k] < 0 ? 0 : inStrides[_pattern[k]];
        StridedCopy.Gather(x.AsReadOnlySpan(), 0, strides, y.Shape.Dims, y.AsSpan());
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var gz = outputGradients[0];
        if (gz is null) return [null];
        var x = node.InputArray[0];
        var inverse = new int[x.Rank];
        for (int i = 0; i < x.Rank; i++) inverse[i] = Array.IndexOf(_pattern, i);
        // Output axes that came from new 'x' axes are dropped; dropped input axes come back as 'x'.
        return [new DimShuffleOp(inverse).Apply1(gz)];
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs)
    {
        if (_pattern.Length == 2 && _pattern[0] == 1 && _pattern[1] == 0) return $"{inputs[0]}.T";
        return $"{inputs[0]}.dimshuffle({string.Join(", ", _pattern.Select(p => p < 0 ? "'x'" : p.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";
    }

    /// <inheritdoc/>
    public override string ToString() => $"dimshuffle{{{string.Join(",", _pattern.Select(p => p < 0 ? "x" : p.ToString(System.Globalization.CultureInfo.InvariantCulture)))}}}";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((DimShuffleOp)other)._pattern.AsSpan().SequenceEqual(_pattern);

    /// <inheritdoc/>
    protected override int PropsHash()
    {
        var h = new HashCode();
        foreach (var p in _pattern) h.Add(p);
        return h.ToHashCode();
    }
}
