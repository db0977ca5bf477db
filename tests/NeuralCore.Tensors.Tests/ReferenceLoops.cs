using FsCheck;
using FsCheck.Fluent;

namespace NeuralCore.Tensors.Tests;

/// <summary>Plain, obviously-correct loops the kernels are checked against, and shape generators.</summary>
internal static class ReferenceLoops
{
    /// <summary>NumPy broadcast of two extent lists, or null when incompatible (written independently of Broadcasting).</summary>
    public static int[]? BroadcastDims(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1) return null;
            result[i] = Math.Max(da, db) == 0 || Math.Min(da, db) == 0 ? 0 : Math.Max(da, db);
        }
        return result;
    }

    public static int Size(int[] dims)
    {
        int s = 1;
        foreach (int d in dims) s *= d;
        return s;
    }

    /// <summary>The multi-index of a flat row-major index.</summary>
    public static int[] Unravel(int flat, int[] dims)
    {
        var index = new int[dims.Length];
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            index[i] = flat % dims[i];
            flat /= dims[i];
        }
        return index;
    }

    /// <summary>Flat index into an operand of the output element at <paramref name="outIndex"/> under broadcasting.</summary>
    public static int OperandFlat(int[] outIndex, int[] operandDims)
    {
        int shift = outIndex.Length - operandDims.Length, flat = 0;
        for (int j = 0; j < operandDims.Length; j++)
            flat = flat * operandDims[j] + (operandDims[j] == 1 ? 0 : outIndex[j + shift]);
        return flat;
    }

    public static double[] BinaryReference(double[] a, int[] aDims, double[] b, int[] bDims, int[] outDims, Func<double, double, double> f)
    {
        var result = new double[Size(outDims)];
        for (int i = 0; i < result.Length; i++)
        {
            var index = Unravel(i, outDims);
            result[i] = f(a[OperandFlat(index, aDims)], b[OperandFlat(index, bDims)]);
        }
        return result;
    }

    public static double[] RandomValues(Random rng, int n, double low, double high)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = low + (high - low) * rng.NextDouble();
        return v;
    }

    /// <summary>Extents of rank 0..maxRank, each 1..maxExtent.</summary>
    public static Gen<int[]> Dims(int maxRank, int maxExtent) =>
        Gen.Choose(0, maxRank).SelectMany(rank => Gen.ArrayOf(Gen.Choose(1, maxExtent), rank));

    /// <summary>An output shape and two operand shapes that broadcast to it: each operand drops some
    /// leading axes and replaces some extents by 1.</summary>
    public static Gen<(int[] A, int[] B)> CompatiblePair(int maxRank = 4, int maxExtent = 4) =>
        Dims(maxRank, maxExtent).SelectMany(outDims =>
            Operand(outDims).SelectMany(a => Operand(outDims).Select(b => (a, b))));

    public static Gen<int[]> Operand(int[] outDims) =>
        Gen.Choose(0, outDims.Length).SelectMany(drop =>
            Gen.ArrayOf(Gen.Choose(0, 2), outDims.Length - drop).Select(ones =>
            {
                var d = new int[outDims.Length - drop];
                for (int i = 0; i < d.Length; i++) d[i] = ones[i] == 0 ? 1 : outDims[i + drop];
                return d;
            }));

    public static void AssertClose(double expected, double actual, double relative, double absolute, string what)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual)) return;
        if (expected == actual) return;
        double err = Math.Abs(expected - actual);
        if (!(err <= absolute + relative * Math.Abs(expected)))
            Assert.Fail($"{what}: expected {expected:R}, got {actual:R} (error {err:G3})");
    }

    public static void AssertAllClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double relative, double absolute, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) AssertClose(expected[i], actual[i], relative, absolute, $"{what}[{i}]");
    }
}
