using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// Matrix/vector product through the GEMM kernel: matrix·matrix (optionally with either operand
/// transposed in place, which the gradients use), matrix·vector, vector·matrix and vector·vector.
/// </summary>
public sealed class DotOp : Op
{
    /// <summary>Plain product.</summary>
    public static readonly DotOp Instance = new(false, false);

    /// <summary>Creates a product op(A)·op(B); transposes apply to matrix operands only.</summary>
    public DotOp(bool transposeA, bool transposeB)
    {
        TransposeA = transposeA;
        TransposeB = transposeB;
    }

    /// <summary>Use Aᵀ instead of A.</summary>
    public bool TransposeA { get; }

    /// <summary>Use Bᵀ instead of B.</summary>
    public bool TransposeB { get; }

    /// <inheritdoc/>
    public override string Name => "dot";

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        if (inputs.Count != 2) throw Fail($"expects 2 inputs but got {inputs.Count}");
        var (a, b) = (inputs[0], inputs[1]);
        if (!a.DType.IsFloat() || a.DType != b.DType) throw Fail($"needs two float inputs of the same dtype, got {a.Type} and {b.Type}");
        if (a.Rank is < 1 or > 2 || b.Rank is < 1 or > 2) throw Fail($"operands must be vectors or matrices: {a.Type.ShapeString} x {b.Type.ShapeString}");
        if ((TransposeA && a.Rank != 2) || (TransposeB && b.Rank != 2)) throw Fail("transposed operands must be matrices");
        int? m = a.Rank == 2 ? a.Type.Shape[TransposeA ? 1 : 0] : null;
        int? ka = a.Type.Shape[a.Rank == 2 ? (TransposeA ? 0 : 1) : 0];
        int? kb = b.Type.Shape[b.Rank == 2 ? (TransposeB ? 1 : 0) : 0];
        int? n = b.Rank == 2 ? b.Type.Shape[TransposeB ? 0 : 1] : null;
        if (ka is int x && kb is int y && x != y)
            throw Fail($"inner dimensions differ: {Describe(a, TransposeA)} x {Describe(b, TransposeB)}");
        var shape = new List<int?>();
        if (a.Rank == 2) shape.Add(m);
        if (b.Rank == 2) shape.Add(n);
        return [new TensorType(a.DType, shape.ToArray())];
    }

    private static string Describe(Variable v, bool transposed) => v.Type.ShapeString + (transposed ? "ᵀ" : "");

    private void Dims(Shape a, Shape b, out int m, out int n, out int k)
    {
        m = a.Rank == 2 ? a[TransposeA ? 1 : 0] : 1;
        k = a.Rank == 2 ? a[TransposeA ? 0 : 1] : a[0];
        int kb = b.Rank == 2 ? b[TransposeB ? 1 : 0] : b[0];
        n = b.Rank == 2 ? b[TransposeB ? 0 : 1] : 1;
        if (k != kb)
            throw new ShapeMismatchException(Name, $"inner dimensions differ: {a}{(TransposeA ? "ᵀ" : "")} x {b}{(TransposeB ? "ᵀ" : "")}", a, b);
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        var (a, b) = (inputShapes[0], inputShapes[1]);
        Dims(a, b, out int m, out int n, out _);
        var dims = new List<int>();
        if (a.Rank == 2) dims.Add(m);
        if (b.Rank == 2) dims.Add(n);
        outputShapes[0] = new Shape(dims.ToArray());
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        var (a, b) = (inputs[0], inputs[1]);
        Dims(a.Shape, b.Shape, out int m, out int n, out int k);
        // Vectors act as 1 x k rows (left) or k x 1 columns (right); row-major storage makes both free.
        int lda = a.Rank == 2 ? a.Shape[1] : k;
        int ldb = b.Rank == 2 ? b.Shape[1] : 1;
        bool tb = b.Rank == 2 && TransposeB;
        if (a.DType == DType.Float32)
            Gemm.Sgemm(TransposeA, tb, m, n, k, 1f, ((Tensor<float>)a).AsReadOnlySpan(), lda, ((Tensor<float>)b).AsReadOnlySpan(), ldb, 0f, ((Tensor<float>)outputs[0]).AsSpan(), n);
        else
            Gemm.Dgemm(TransposeA, tb, m, n, k, 1.0, ((Tensor<double>)a).AsReadOnlySpan(), lda, ((Tensor<double>)b).AsReadOnlySpan(), ldb, 0.0, ((Tensor<double>)outputs[0]).AsSpan(), n);
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var g = outputGradients[0];
        if (g is null) return [null, null];
        var (a, b) = (node.InputArray[0], node.InputArray[1]);
        if (a.Rank == 2 && b.Rank == 2)
        {
            return (TransposeA, TransposeB) switch
            {
                (false, false) => [T.Dot(g, b, transposeB: true), T.Dot(a, g, transposeA: true)],
                (false, true) => [T.Dot(g, b), T.Dot(g, a, transposeA: true)],
                (true, false) => [T.Dot(b, g, transposeB: true), T.Dot(a, g)],
                _ => [T.Dot(b, g, true, true), T.Dot(g, a, true, true)],
            };
        }
        if (a.Rank == 2) // matrix · vector: y = op(A) v
        {
            var outer = T.Outer(g, b);
            return [TransposeA ? outer.Transpose() : outer, T.Dot(a, g, transposeA: !TransposeA)];
        }
        if (b.Rank == 2) // vector · matrix: y = v op(B)
        {
            var outer = T.Outer(a, g);
            return [T.Dot(b, g, transposeA: TransposeB), TransposeB ? outer.Transpose() : outer];
        }
        return [g * b, g * a];
    }

    /// <inheritdoc/>
    public override string Format(IReadOnlyList<string> inputs)
        => $"dot({inputs[0]}{(TransposeA ? ".T" : "")}, {inputs[1]}{(TransposeB ? ".T" : "")})";

    /// <inheritdoc/>
    public override string ToString() => TransposeA || TransposeB ? $"dot{{{(TransposeA ? "T" : "N")}{(TransposeB ? "T" : "N")}}}" : "dot";

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other) => ((DotOp)other).TransposeA == TransposeA && ((DotOp)other).TransposeB == TransposeB;

    /// <inheritdoc/>
    protected override int PropsHash() => (TransposeA ? 1 : 0) | (TransposeB ? 2 : 0);
}
