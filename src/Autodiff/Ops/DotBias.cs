using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// op(X)·op(W) + b with b a row broadcast over the rows of the product, computed by one GEMM with beta = 1 over an
/// output prefilled with the bias (Theano's gemm with a bias), optionally followed by an elementwise epilogue (a
/// <see cref="CompositeOp"/>, e.g. the nonlinearity) applied in place on the GEMM output in one pass. Created at
/// compile time by <see cref="GemmBiasFusion"/> from <c>dot(x, W) + b</c> (and a fused consumer of it); inputs are
/// X, W, b, then the epilogue's other inputs. Its gradient differentiates the unfused expression.
/// </summary>
public sealed class DotBiasOp : Op
{
    [ThreadStatic] private static Tensor[]? t_epilogueInputs;

    private readonly DotOp _dot;

    /// <summary>Creates the op; <paramref name="epilogue"/> (may be null) reads the biased product as its input
    /// <paramref name="productInput"/> and the op's inputs 3.. as its other inputs, in order.</summary>
    /// <exception cref="ArgumentException">When <paramref name="productInput"/> is not an input of the epilogue.</exception>
    public DotBiasOp(bool transposeA, bool transposeB, CompositeOp? epilogue = null, int productInput = 0)
    {
        _dot = new DotOp(transposeA, transposeB);
        Epilogue = epilogue;
        ProductInput = productInput;
        if (epilogue is not null && (productInput < 0 || productInput >= epilogue.InputCount))
            throw new ArgumentException($"dot_bias: the product is epilogue input {productInput} but the epilogue has {epilogue.InputCount} inputs");
    }

    /// <summary>Use Xᵀ.</summary>
    public bool TransposeA => _dot.TransposeA;

    /// <summary>Use Wᵀ.</summary>
    public bool TransposeB => _dot.TransposeB;

    /// <summary>The fused elementwise epilogue, or null.</summary>
    public CompositeOp? Epilogue { get; }

    /// <summary>Which epilogue input is the biased product.</summary>
    public int ProductInput { get; }

    /// <inheritdoc/>
    public override string Name => "dot_bias";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        int expected = 3 + (Epilogue is null ? 0 : Epilogue.InputCount - 1);
        if (inputs.Count != expected) throw Fail($"expects {expected} inputs but got {inputs.Count}");
        var product = _dot.InferTypes([inputs[0], inputs[1]])[0];
        var b = inputs[2];
        if (product.Rank != 2 || b.DType != product.DType || b.Rank is < 1 or > 2 || (b.Rank == 2 && !b.Type.IsBroadcastable(0)))
            throw Fail($"needs a matrix product and a bias row of its dtype, got {product} and {b.Type}");
        if (b.Type.Shape[^1] is int nb && product.Shape[1] is int np && nb != np)
            throw Fail($"bias of shape {b.Type.ShapeString} does not match the product's {product.ShapeString} columns");
        if (Epilogue is null) return [product];
        return Epilogue.InferTypes(EpilogueOperands(inputs, new Variable(product, "dot_bias")));
    }

    private List<Variable> EpilogueOperands(IReadOnlyList<Variable> inputs, Variable product)
    {
        var operands = new List<Variable>(Epilogue!.InputCount);
        for (int i = 0, extra = 3; i < Epilogue.InputCount; i++) operands.Add(i == ProductInput ? product : inputs[extra++]);
        return operands;
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        Span<Shape> product = [default];
        _dot.InferShape(node, inputShapes[..2], product);
        var b = inputShapes[2];
        if (b[b.Rank - 1] != product[0][1] || (b.Rank == 2 && b[0] != 1))
            throw new ShapeMismatchException(Name, $"bias of shape {b} does not broadcast over the rows of the product {product[0]}", b, product[0]);
        outputShapes[0] = product[0];
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        var (x, w, b, y) = (inputs[0], inputs[1], inputs[2], outputs[0]);
        int m = y.Shape[0], n = y.Shape[1];
        int k = x.Shape[TransposeA ? 0 : 1];
        if (y.DType == DType.Float32)
        {
            var c = ((Tensor<float>)y).AsSpan();
            var bias = ((Tensor<float>)b).AsReadOnlySpan();
            for (int r = 0; r < m; r++) bias.CopyTo(c.Slice(r * n, n));
            Gemm.Sgemm(TransposeA, TransposeB, m, n, k, 1f, ((Tensor<float>)x).AsReadOnlySpan(), x.Shape[1], ((Tensor<float>)w).AsReadOnlySpan(), w.Shape[1], 1f, c, n);
        }
        else
        {
            var c = ((Tensor<double>)y).AsSpan();
            var bias = ((Tensor<double>)b).AsReadOnlySpan();
            for (int r = 0; r < m; r++) bias.CopyTo(c.Slice(r * n, n));
            Gemm.Dgemm(TransposeA, TransposeB, m, n, k, 1.0, ((Tensor<double>)x).AsReadOnlySpan(), x.Shape[1], ((Tensor<double>)w).AsReadOnlySpan(), w.Shape[1], 1.0, c, n);
        }
        if (Epilogue is null) return;
        int count = Epilogue.InputCount;
        var operands = t_epilogueInputs is { } a && a.Length >= count ? a : t_epilogueInputs = new Tensor[Math.Max(count, 8)];
        for (int i = 0, extra = 3; i < count; i++) operands[i] = i == ProductInput ? y : inputs[extra++];
        try
        {
            FusedLoop.Run(Epilogue.Program, operands.AsSpan(0, count), y); // in place: each block is read before it is written
        }
        finally
        {
            Array.Clear(operands, 0, count);
        }
    }

    /// <summary>The unfused expression on <paramref name="inputs"/>: dot, add, then the epilogue's steps.</summary>
    public Variable Expand(IReadOnlyList<Variable> inputs)
    {
        var product = T.Dot(inputs[0], inputs[1], TransposeA, TransposeB) + inputs[2];
        return Epilogue is null ? product : Epilogue.Expand(EpilogueOperands(inputs, product));
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var gz = outputGradients[0];
        if (gz is null) return new Variable?[node.InputArray.Length];
        return GradUtil.ThroughExpansion(node, Expand, gz);
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs)
    {
        string product = $"(dot({inputs[0]}{(TransposeA ? ".T" : "")}, {inputs[1]}{(TransposeB ? ".T" : "")}) + {inputs[2]})";
        if (Epilogue is null) return product;
        var operands = new List<string>();
        for (int i = 0, extra = 3; i < Epilogue.InputCount; i++) operands.Add(i == ProductInput ? product : inputs[extra++]);
        return Epilogue.Format(operands);
    }

    /// <inheritdoc/>
    public override string ToString() => Epilogue is null ? "dot_bias" : $"dot_bias{{epilogue {Epilogue}}}";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other)
    {
        var o = (DotBiasOp)other;
        return o.TransposeA == TransposeA && o.TransposeB == TransposeB && o.ProductInput == ProductInput && Equals(o.Epilogue, Epilogue);
    }

    /// <inheritdoc/>
    protected override int PropsHash() => HashCode.Combine(TransposeA, TransposeB, ProductInput, Epilogue);
}
