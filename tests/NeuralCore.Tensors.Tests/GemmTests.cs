using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralCore.Tensors;

namespace NeuralCore.Tensors.Tests;

/// <summary>One random GEMM problem: sizes, transposes, padding of the leading dimensions, scalars,
/// the kernel family and the thread count to run it with, and a seed for the matrix contents.</summary>
public sealed record GemmCase(int M, int N, int K, bool TransA, bool TransB, int PadA, int PadB, int PadC,
    double Alpha, double Beta, int Threads, int KindIndex, int Seed)
{
    internal GemmKernelKind Kind => GemmReference.Kinds[KindIndex];

    public override string ToString() =>
        $"m={M} n={N} k={K} transA={TransA} transB={TransB} pads=({PadA},{PadB},{PadC}) alpha={Alpha} beta={Beta} threads={Threads} kernel={Kind} seed={Seed}";
}

/// <summary>The plain triple loop the packed kernels are checked against, and random operands.</summary>
internal static class GemmReference
{
    /// <summary>Every kernel family this CPU can run with hardware vectors, plus the scalar one.</summary>
    public static readonly GemmKernelKind[] Kinds = BuildKinds();

    private static GemmKernelKind[] BuildKinds()
    {
        var kinds = new List<GemmKernelKind>();
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) kinds.Add(GemmKernelKind.Vector512);
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) kinds.Add(GemmKernelKind.Vector256);
        if (System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated) kinds.Add(GemmKernelKind.Vector128);
        kinds.Add(GemmKernelKind.Scalar);
        return kinds.ToArray();
    }

    public static Gen<GemmCase> Cases(int maxSize) =>
        from m in Gen.Choose(1, maxSize)
        from n in Gen.Choose(1, maxSize)
        from k in Gen.Choose(1, maxSize)
        from transA in ArbMap.Default.GeneratorFor<bool>()
        from transB in ArbMap.Default.GeneratorFor<bool>()
        from padA in Gen.Choose(0, 3)
        from padB in Gen.Choose(0, 3)
        from padC in Gen.Choose(0, 3)
        from alpha in Gen.Elements(1.0, -0.5, 1.75)
        from beta in Gen.Elements(0.0, 1.0, 0.5, -2.0)
        from threads in Gen.Choose(1, 2)
        from kind in Gen.Choose(0, Kinds.Length - 1)
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select new GemmCase(m, n, k, transA, transB, padA, padB, padC, alpha, beta, threads, kind, seed);

    /// <summary>Values in [-1, 1); padding positions hold a sentinel that must never be read into C
    /// nor overwritten.</summary>
    public static double[] RandomMatrix(Random random, int rows, int cols, int ld, double padding)
    {
        var data = new double[Math.Max(0, (rows - 1) * ld + cols)];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < ld && r * ld + c < data.Length; c++)
                data[r * ld + c] = c < cols ? random.NextDouble() * 2 - 1 : padding;
        return data;
    }

    /// <summary>C = alpha · op(A) · op(B) + beta · C in double precision, C not read when beta is 0.</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, double alpha,
        double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                    sum += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                c[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * ldc + j]);
            }
    }

    /// <summary>Runs <paramref name="gemm"/> in float on the case and compares with the double
    /// reference: every element within a tolerance that grows with k, padding untouched.</summary>
    public static bool CheckSingle(GemmCase t, Action<float[], int, float[], int, float[], int> gemm)
        => Check(t, 2e-6 * (t.K + 4), x => (float)x, x => x, gemm);

    public static bool CheckDouble(GemmCase t, Action<double[], int, double[], int, double[], int> gemm)
        => Check(t, 1e-13 * (t.K + 4), x => x, x => x, gemm);

    private static bool Check<T>(GemmCase t, double tolerance, Func<double, T> from, Func<T, double> to,
        Action<T[], int, T[], int, T[], int> gemm)
    {
        var random = new Random(t.Seed);
        int lda = (t.TransA ? t.M : t.K) + t.PadA, ldb = (t.TransB ? t.K : t.N) + t.PadB, ldc = t.N + t.PadC;
        double[] a = RandomMatrix(random, t.TransA ? t.K : t.M, t.TransA ? t.M : t.K, lda, 1e30);
        double[] b = RandomMatrix(random, t.TransB ? t.N : t.K, t.TransB ? t.K : t.N, ldb, 1e30);
        double[] c = RandomMatrix(random, t.M, t.N, ldc, 12345);
        // With beta = 0, C must not be read (BLAS semantics): NaN there must not leak into the result.
        if (t.Beta == 0)
            for (int i = 0; i < t.M; i++)
                for (int j = 0; j < t.N; j++)
                    c[i * ldc + j] = double.NaN;
        T[] ta = Array.ConvertAll(a, x => from(x)), tb = Array.ConvertAll(b, x => from(x)), tc = Array.ConvertAll(c, x => from(x));
        // The reference sees exactly the rounded inputs the kernel sees.
        double[] expected = Array.ConvertAll(tc, x => to(x));
        Multiply(t.TransA, t.TransB, t.M, t.N, t.K, t.Alpha, Array.ConvertAll(ta, x => to(x)), lda,
            Array.ConvertAll(tb, x => to(x)), ldb, t.Beta, expected, ldc);
        gemm(ta, lda, tb, ldb, tc, ldc);
        for (int i = 0; i < tc.Length; i++)
        {
            double got = to(tc[i]), want = expected[i];
            bool isPadding = i % ldc >= t.N;
            if (isPadding ? got != 12345 : !(Math.Abs(got - want) <= tolerance * (1 + Math.Abs(want))))
                return false;
        }
        return true;
    }
}

public class GemmTests
{
    [Property(MaxTest = 300)]
    public Property SgemmMatchesReferenceLoop() =>
        Prop.ForAll(GemmReference.Cases(80).ToArbitrary(), t => GemmReference.CheckSingle(t, (a, lda, b, ldb, c, ldc) =>
            Gemm.Compute(t.Kind, t.Threads, "sgemm", t.TransA, t.TransB, t.M, t.N, t.K, (float)t.Alpha, a, lda, b, ldb, (float)t.Beta, c, ldc)));

    [Property(MaxTest = 150)]
    public Property DgemmMatchesReferenceLoop() =>
        Prop.ForAll(GemmReference.Cases(80).ToArbitrary(), t => GemmReference.CheckDouble(t, (a, lda, b, ldb, c, ldc) =>
            Gemm.Compute(t.Kind, t.Threads, "dgemm", t.TransA, t.TransB, t.M, t.N, t.K, t.Alpha, a, lda, b, ldb, t.Beta, c, ldc)));

    public static TheoryData<int, int, int, bool, bool> LargeShapes()
    {
        var data = new TheoryData<int, int, int, bool, bool>();
        foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
                data.Add(129, 257, 300, transA, transB);
        // Past every cache block boundary: k over two Kc blocks, m over Mc, n over Nc.
        data.Add(200, 70, 530, false, false);
        data.Add(3, 2100, 5, false, true);
        data.Add(2100, 3, 5, true, false);
        // Few rows: a batch of 10 times a dense layer's weights, rows within every kernel's tile height (3),
        // and exactly the AVX-512 tile height (14) with edge columns.
        data.Add(10, 1000, 1000, false, false);
        data.Add(3, 1000, 700, false, false);
        data.Add(14, 530, 300, true, false);
        // Few rows times a transposed matrix (backpropagation through a dense layer at batch 10): the dot-product path,
        // with an odd row count, a column count off the 4-column tile and depths with 8-wide and scalar tails.
        data.Add(10, 1000, 1000, false, true);
        data.Add(7, 643, 517, false, true);
        data.Add(16, 66, 1003, false, true);
        data.Add(1, 130, 40, false, true);
        return data;
    }

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void LargeSgemmMatchesReferenceOnEveryKernel(int m, int n, int k, bool transA, bool transB)
    {
        for (int kind = 0; kind < GemmReference.Kinds.Length; kind++)
            foreach (int threads in new[] { 1, 2 })
            {
                var t = new GemmCase(m, n, k, transA, transB, 1, 2, 3, 0.75, 0.5, threads, kind, 7);
                Assert.True(GemmReference.CheckSingle(t, (a, lda, b, ldb, c, ldc) =>
                    Gemm.Compute(t.Kind, t.Threads, "sgemm", transA, transB, m, n, k, 0.75f, a, lda, b, ldb, 0.5f, c, ldc)), t.ToString());
            }
    }

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void LargeDgemmMatchesReference(int m, int n, int k, bool transA, bool transB)
    {
        foreach (int threads in new[] { 1, 2 })
        {
            var t = new GemmCase(m, n, k, transA, transB, 0, 1, 0, -1.5, 0, threads, 0, 11);
            Assert.True(GemmReference.CheckDouble(t, (a, lda, b, ldb, c, ldc) =>
                Gemm.Compute(t.Kind, t.Threads, "dgemm", transA, transB, m, n, k, -1.5, a, lda, b, ldb, 0.0, c, ldc)), t.ToString());
        }
    }

    [Fact]
    public void ConcurrentCallsFromSeveralThreadsAreAllCorrect()
    {
        // Only one call at a time can own the worker threads; the others must compute on their own.
        var results = new bool[6];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = results.Length }, i =>
        {
            var t = new GemmCase(90 + i, 150, 70, i % 2 == 0, i % 3 == 0, 0, 1, 2, 1.0, 0.5, 2, 0, 100 + i);
            results[i] = GemmReference.CheckSingle(t, (a, lda, b, ldb, c, ldc) =>
            {
                for (int repeat = 0; repeat < 5; repeat++)
                {
                    var copy = (float[])c.Clone();
                    Gemm.Compute(t.Kind, 2, "sgemm", t.TransA, t.TransB, t.M, t.N, t.K, 1f, a, lda, b, ldb, 0.5f, copy, ldc);
                    if (repeat == 4)
                        copy.CopyTo(c, 0);
                }
            });
        });
        Assert.All(results, Assert.True);
    }

    [Fact]
    public void BackToBackTwoThreadCallsMatchOneThreadBitForBit()
    {
        // Every element is accumulated in the same order whatever the split across threads, so with
        // beta = 0 the results must be identical; repeating catches races in the hand-off of work.
        var random = new Random(5);
        const int m = 100, n = 70, k = 90;
        var a = new float[m * k];
        var b = new float[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)random.NextDouble();
        for (int i = 0; i < b.Length; i++) b[i] = (float)random.NextDouble();
        var expected = new float[m * n];
        Gemm.Compute(GemmReference.Kinds[0], 1, "sgemm", false, false, m, n, k, 1f, a, k, b, n, 0f, expected, n);
        var c = new float[m * n];
        for (int repeat = 0; repeat < 300; repeat++)
        {
            Array.Fill(c, float.NaN);
            Gemm.Compute(GemmReference.Kinds[0], 2, "sgemm", false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
            Assert.Equal(expected, c);
        }
    }

    [Fact]
    public void ZeroInnerDimensionOrZeroAlphaOnlyScalesC()
    {
        float[] c = [1, 2, 3, 4, 5, 6];
        Gemm.Sgemm(false, false, 2, 3, 0, 1f, [], 0, [], 3, 2f, c, 3);
        Assert.Equal(new float[] { 2, 4, 6, 8, 10, 12 }, c);
        double[] d = [1, double.NaN, 3, 4];
        Gemm.Dgemm(false, false, 2, 2, 2, 0.0, [1, 2, 3, 4], 2, [1, 2, 3, 4], 2, 0.0, d, 2);
        Assert.Equal(new double[] { 0, 0, 0, 0 }, d);
    }

    [Fact]
    public void EmptyOutputIsANoOp()
    {
        float[] c = [7];
        Gemm.Sgemm(false, false, 0, 1, 3, 1f, [], 3, [1, 2, 3], 1, 0f, c, 1);
        Assert.Equal(7f, c[0]);
    }

    [Fact]
    public void MatMulMatchesHandComputedProduct()
    {
        var a = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var b = Tensor.FromArray(new float[] { 7, 8, 9, 10, 11, 12 }, 3, 2);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, Gemm.MatMul(a, b).ToArray());
        // bᵀ · aᵀ = (a · b)ᵀ, and aᵀ · a is the 3 x 3 Gram matrix of the columns of a.
        Assert.Equal(new float[] { 58, 139, 64, 154 }, Gemm.MatMul(b, a, transposeA: true, transposeB: true).ToArray());
        Assert.Equal(new float[] { 17, 22, 27, 22, 29, 36, 27, 36, 45 }, Gemm.MatMul(a, a, transposeA: true).ToArray());
    }

    [Fact]
    public void MatMulIntoAppliesAlphaAndBetaInDouble()
    {
        var a = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 2, 2);
        var eye = Tensor.Eye<double>(2);
        var result = Tensor.FromArray(new double[] { 1, 1, 1, 1 }, 2, 2);
        Gemm.MatMulInto(a, eye, result, false, true, 2.0, 10.0);
        Assert.Equal(new double[] { 12, 14, 16, 18 }, result.ToArray());
    }

    [Fact]
    public void MatMulOnAViewUsesItsOffset()
    {
        var all = Tensor.Arange<float>(12).Reshape(4, 3);
        var lower = all.Slice(2, 2); // rows [6 7 8], [9 10 11]
        var b = Tensor.Eye<float>(3);
        Assert.Equal(new float[] { 6, 7, 8, 9, 10, 11 }, Gemm.MatMul(lower, b).ToArray());
    }

    [Fact]
    public void InnerDimensionMismatchNamesBothShapes()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => Gemm.CheckShapes(new Shape(128, 784), new Shape(800, 10), false, false));
        Assert.Equal("matmul: inner dimensions differ: (128, 784) x (800, 10)", ex.Message);
        var a = Tensor.Zeros<float>(128, 784);
        var b = Tensor.Zeros<float>(800, 10);
        Assert.Equal(ex.Message, Assert.Throws<ShapeMismatchException>(() => Gemm.MatMul(a, b)).Message);
        var transposed = Assert.Throws<ShapeMismatchException>(() => Gemm.MatMul(a, b, transposeA: true));
        Assert.Equal("matmul: inner dimensions differ: (128, 784)ᵀ x (800, 10)", transposed.Message);
    }

    [Fact]
    public void NonMatrixOperandsAndWrongResultShapeAreRejected()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => Gemm.MatMul(Tensor.Zeros<float>(2, 3, 4), Tensor.Zeros<float>(4, 5)));
        Assert.Equal("matmul: operands must be matrices: (2, 3, 4) x (4, 5)", ex.Message);
        var wrong = Assert.Throws<ShapeMismatchException>(() =>
            Gemm.MatMulInto(Tensor.Zeros<float>(2, 3), Tensor.Zeros<float>(3, 4), Tensor.Zeros<float>(4, 2), false, false, 1f, 0f));
        Assert.StartsWith("matmul: result shape (4, 2) should be (2, 4)", wrong.Message);
    }

    [Fact]
    public void BadLeadingDimensionsAndShortSpansAreRejected()
    {
        var small = new float[6];
        var lda = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 2, 3, 1f, small, 2, small, 2, 0f, small, 2));
        Assert.StartsWith("sgemm: lda = 2 is smaller than the row length 3 of A", lda.Message);
        var shortB = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, true, 2, 3, 3, 1f, small, 3, small, 3, 0f, small, 3));
        Assert.StartsWith("sgemm: B holds 6 elements but a stored 3 x 3 matrix with ldb = 3 needs 9", shortB.Message);
        var shortC = Assert.Throws<ArgumentException>(() => Gemm.Dgemm(false, false, 2, 2, 1, 1.0, new double[2], 1, new double[2], 2, 0.0, new double[3], 2));
        Assert.StartsWith("dgemm: C holds 3 elements", shortC.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(false, false, -1, 2, 3, 1f, small, 3, small, 2, 0f, small, 2));
    }
}

/// <summary>Tests that change the global <see cref="Parallelism.MaxThreads"/>: run alone so no other
/// test class sees the temporary value.</summary>
[CollectionDefinition(nameof(GemmMaxThreadsCollection), DisableParallelization = true)]
public sealed class GemmMaxThreadsCollection;

[Collection(nameof(GemmMaxThreadsCollection))]
public class GemmMaxThreadsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void PublicSgemmAndDgemmHonourMaxThreads(int maxThreads)
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = maxThreads;
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                {
                    var t = new GemmCase(129, 257, 300, transA, transB, 3, 0, 1, 1.0, 1.0, maxThreads, 0, 3);
                    Assert.True(GemmReference.CheckSingle(t, (a, lda, b, ldb, c, ldc) =>
                        Gemm.Sgemm(transA, transB, 129, 257, 300, 1f, a, lda, b, ldb, 1f, c, ldc)), t.ToString());
                    Assert.True(GemmReference.CheckDouble(t, (a, lda, b, ldb, c, ldc) =>
                        Gemm.Dgemm(transA, transB, 129, 257, 300, 1.0, a, lda, b, ldb, 1.0, c, ldc)), t.ToString());
                }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void WarmedUpCallAllocatesNothing()
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 2;
            var a = new float[300 * 300];
            var b = new float[300 * 300];
            var c = new float[300 * 300];
            Gemm.Sgemm(false, true, 300, 300, 300, 1f, a, 300, b, 300, 0f, c, 300);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Gemm.Sgemm(false, true, 300, 300, 300, 1f, a, 300, b, 300, 0f, c, 300);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }
}
