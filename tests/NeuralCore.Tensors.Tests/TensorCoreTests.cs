using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuralCore.Tensors;

namespace NeuralCore.Tensors.Tests;

public class TensorCoreTests
{
    [Fact]
    public void ReshapeIsAViewAndInfersMinusOne()
    {
        var t = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var r = t.Reshape(3, -1);
        Assert.Equal(new Shape(3, 2), r.Shape);
        r[2, 1] = 42f;
        Assert.Equal(42f, t[1, 2]);
        Assert.True(r.SharesStorageWith(t));
    }

    [Fact]
    public void ReshapeToWrongSizeNamesBothShapes()
    {
        var t = Tensor.Zeros<float>(2, 3);
        var ex = Assert.Throws<ShapeMismatchException>(() => t.Reshape(4, 2));
        Assert.Contains("(2, 3)", ex.Message);
        Assert.Contains("(4, 2)", ex.Message);
        Assert.StartsWith("reshape:", ex.Message);
    }

    [Fact]
    public void SliceOfFirstAxisSharesStorage()
    {
        var t = Tensor.Arange<float>(12).Reshape(4, 3);
        var s = t.Slice(1, 2);
        Assert.Equal(new Shape(2, 3), s.Shape);
        Assert.Equal(new float[] { 3, 4, 5, 6, 7, 8 }, s.ToArray());
        s[0, 0] = -1f;
        Assert.Equal(-1f, t[1, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Slice(3, 2));
    }

    [Fact]
    public void IndexOutOfRangeIsAClearArgumentError()
    {
        var t = Tensor.Zeros<double>(2, 3);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => t[2, 0]);
        Assert.Contains("(2, 3)", ex.Message);
        Assert.Throws<ArgumentException>(() => t[1]);
    }

    [Fact]
    public void ArangeMatchesNumpy()
    {
        Assert.Equal(new double[] { 0.5, 1.0, 1.5 }, Tensor.Arange(0.5, 2.0, 0.5).ToArray());
        Assert.Equal(new int[] { 5, 3, 1 }, Tensor.Arange(5, 0, -2).ToArray());
        Assert.Empty(Tensor.Arange(3, 3, 1).ToArray());
    }

    [Fact]
    public void ToStringShowsValuesShapeAndDtype()
    {
        var t = Tensor.FromArray(new float[] { 1, 2.5f, 3, 4 }, 2, 2);
        Assert.Equal("tensor([[1, 2.5],\n        [3, 4]], shape=(2, 2), dtype=float32)", t.ToString());
        var longVector = Tensor.Arange<int>(100);
        Assert.Equal("tensor([0, 1, 2, ..., 97, 98, 99], shape=(100,), dtype=int32)", longVector.ToString());
    }

    [Fact]
    public void CastTruncatesTowardZero()
    {
        var t = Tensor.FromArray(new float[] { 1.7f, -2.5f, 3f });
        Assert.Equal(new[] { 1, -2, 3 }, t.Cast<int>().ToArray());
    }

    [Property(MaxTest = 100)]
    public Property PermuteMatchesReferenceLoop()
    {
        var gen = Gen.Choose(1, 5).SelectMany(rank =>
            Gen.ArrayOf(Gen.Choose(1, 5), rank).SelectMany(dims =>
                Gen.Shuffle(Enumerable.Range(0, rank).ToArray()).Select(perm => (dims, perm))));
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var (dims, perm) = c;
            var shape = new Shape(dims);
            var t = Tensor.Arange<float>(shape.Size).Reshape(dims);
            var p = t.Permute(perm);
            // Reference: for every output index, read the input at the un-permuted index.
            var outShape = p.Shape;
            var outIdx = new int[dims.Length];
            var inIdx = new int[dims.Length];
            for (int flat = 0; flat < outShape.Size; flat++)
            {
                int rem = flat;
                for (int a = dims.Length - 1; a >= 0; a--) { outIdx[a] = rem % outShape[a]; rem /= outShape[a]; }
                for (int a = 0; a < dims.Length; a++) inIdx[perm[a]] = outIdx[a];
                if (p.AsSpan()[flat] != t[inIdx]) return false;
            }
            return true;
        });
    }

    [Fact]
    public void PermuteRejectsNonPermutation()
    {
        var t = Tensor.Zeros<float>(2, 3, 4);
        var ex = Assert.Throws<ShapeMismatchException>(() => t.Permute(0, 0, 1));
        Assert.Contains("(2, 3, 4)", ex.Message);
    }
}
