using System.Numerics;

namespace NeuralCore.Tensors;

/// <summary>
/// General matrix multiply: C = alpha * op(A) * op(B) + beta * C, row-major, where op(X) is X or
/// its transpose (read in place, never materialised). A cache-blocked, packed GEMM in the
/// GotoBLAS/BLIS style with a register-tiled SIMD micro-kernel (AVX-512, AVX2+FMA, 128-bit or
/// scalar, by what the CPU supports), multi-threaded across <see cref="Parallelism.MaxThreads"/>.
/// </summary>
public static partial class Gemm
{
    /// <summary>Single-precision GEMM on row-major storage. A is m x k (k x m when
    /// <paramref name="transA"/>), B is k x n (n x k when <paramref name="transB"/>), C is m x n;
    /// lda, ldb, ldc are the row strides of the stored matrices. When beta is zero C is not read.
    /// Runs on up to <see cref="Parallelism.MaxThreads"/> threads.</summary>
    /// <exception cref="ArgumentException">When a size is negative, a leading dimension is shorter
    /// than its row or a span is too short for the matrix it holds.</exception>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        => Compute(GemmKernelKind.Auto, ThreadsFor(m, n, k), "sgemm", transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>Double-precision GEMM; same conventions as <see cref="Sgemm"/>.</summary>
    /// <exception cref="ArgumentException">When a size is negative, a leading dimension is shorter
    /// than its row or a span is too short for the matrix it holds.</exception>
    public static void Dgemm(bool transA, bool transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
        => Compute(GemmKernelKind.Auto, ThreadsFor(m, n, k), "dgemm", transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>The matrix product op(a) · op(b) of two rank-2 tensors in a new tensor.</summary>
    /// <exception cref="ShapeMismatchException">When the inner dimensions differ or an operand is not a matrix.</exception>
    public static Tensor<T> MatMul<T>(Tensor<T> a, Tensor<T> b, bool transposeA = false, bool transposeB = false)
        where T : unmanaged, INumber<T>
    {
        var (m, n, _) = CheckShapes(a.Shape, b.Shape, transposeA, transposeB);
        var result = new Tensor<T>(new Shape(m, n));
        MatMulInto(a, b, result, transposeA, transposeB, T.One, T.Zero);
        return result;
    }

    /// <summary>result = alpha · op(a) · op(b) + beta · result, for rank-2 float or double tensors.</summary>
    /// <exception cref="ShapeMismatchException">When the shapes do not fit together.</exception>
    public static void MatMulInto<T>(Tensor<T> a, Tensor<T> b, Tensor<T> result, bool transposeA, bool transposeB, T alpha, T beta)
        where T : unmanaged, INumber<T>
    {
        var (m, n, k) = CheckShapes(a.Shape, b.Shape, transposeA, transposeB);
        if (result.Shape != new Shape(m, n))
            throw new ShapeMismatchException("matmul", $"result shape {result.Shape} should be ({m}, {n}) for {a.Shape} x {b.Shape}", a.Shape, b.Shape, result.Shape);
        int lda = a.Shape[1], ldb = b.Shape[1];
        if (typeof(T) == typeof(float))
            Sgemm(transposeA, transposeB, m, n, k, float.CreateTruncating(alpha), Cast<T, float>(a.AsReadOnlySpan()), lda,
                Cast<T, float>(b.AsReadOnlySpan()), ldb, float.CreateTruncating(beta), Cast<T, float>(result.AsSpan()), n);
        else if (typeof(T) == typeof(double))
            Dgemm(transposeA, transposeB, m, n, k, double.CreateTruncating(alpha), Cast<T, double>(a.AsReadOnlySpan()), lda,
                Cast<T, double>(b.AsReadOnlySpan()), ldb, double.CreateTruncating(beta), Cast<T, double>(result.AsSpan()), n);
        else
            throw new NotSupportedException($"matmul: element type {typeof(T).Name} is not supported; use float or double");
    }

    /// <summary>Checks that op(a) · op(b) is defined and returns (m, n, k).</summary>
    public static (int M, int N, int K) CheckShapes(Shape a, Shape b, bool transposeA, bool transposeB)
    {
        if (a.Rank != 2 || b.Rank != 2)
            throw new ShapeMismatchException("matmul", $"operands must be matrices: {a} x {b}", a, b);
        int m = transposeA ? a[1] : a[0], ka = transposeA ? a[0] : a[1];
        int kb = transposeB ? b[1] : b[0], n = transposeB ? b[0] : b[1];
        if (ka != kb)
        {
            string lhs = transposeA ? $"{a}ᵀ" : a.ToString(), rhs = transposeB ? $"{b}ᵀ" : b.ToString();
            throw new ShapeMismatchException("matmul", $"inner dimensions differ: {lhs} x {rhs}", a, b);
        }
        return (m, n, ka);
    }

    private static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> s) where TFrom : struct where TTo : struct
        => System.Runtime.InteropServices.MemoryMarshal.Cast<TFrom, TTo>(s);

    private static Span<TTo> Cast<TFrom, TTo>(Span<TFrom> s) where TFrom : struct where TTo : struct
        => System.Runtime.InteropServices.MemoryMarshal.Cast<TFrom, TTo>(s);
}
