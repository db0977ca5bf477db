using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static NeuralCore.Tensors.Tests.ReferenceLoops;

namespace NeuralCore.Tensors.Tests;

public class BroadcastingTests
{
    [Property(MaxTest = 200)]
    public Property BroadcastShapesMatchesReferenceRule()
    {
        var gen = Dims(4, 3).SelectMany(a => Dims(4, 3).Select(b => (a, b)));
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var expected = BroadcastDims(c.a, c.b);
            if (expected is null)
            {
                var ex = Assert.Throws<ShapeMismatchException>(() => Broadcasting.BroadcastShapes("add", new Shape(c.a), new Shape(c.b)));
                Assert.Equal($"add: shapes {new Shape(c.a)} and {new Shape(c.b)} cannot be broadcast together", ex.Message);
            }
            else
            {
                Assert.Equal(expected, Broadcasting.BroadcastShapes("add", new Shape(c.a), new Shape(c.b)).ToArray());
            }
        });
    }

    [Fact]
    public void IncompatibleShapesNameBothShapes()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => Broadcasting.BroadcastShapes("add", new Shape(2, 3), new Shape(4)));
        Assert.Equal("add: shapes (2, 3) and (4,) cannot be broadcast together", ex.Message);
        Assert.Equal("add", ex.Operation);
        Assert.Equal(new[] { new Shape(2, 3), new Shape(4) }, ex.Shapes);
    }

    [Fact]
    public void KnownBroadcasts()
    {
        Assert.Equal(new Shape(8, 7, 6, 5), Broadcasting.BroadcastShapes("mul", new Shape(8, 1, 6, 1), new Shape(7, 1, 5)));
        Assert.Equal(new Shape(3), Broadcasting.BroadcastShapes("mul", Shape.Scalar, new Shape(3)));
        Assert.Equal(new Shape(0, 4), Broadcasting.BroadcastShapes("mul", new Shape(0, 1), new Shape(4)));
        Assert.Equal(new Shape(2, 3, 4), Broadcasting.BroadcastShapes("where", new Shape(2, 1, 1), new Shape(3, 1), new Shape(4)));
        var ex = Assert.Throws<ShapeMismatchException>(() => Broadcasting.BroadcastShapes("where", new Shape(2), new Shape(3), new Shape(1)));
        Assert.Contains("(2,), (3,) and (1,)", ex.Message);
    }

    [Fact]
    public void CanBroadcastTo()
    {
        Assert.True(Broadcasting.CanBroadcastTo(new Shape(1, 4), new Shape(3, 4)));
        Assert.True(Broadcasting.CanBroadcastTo(new Shape(4), new Shape(3, 4)));
        Assert.False(Broadcasting.CanBroadcastTo(new Shape(3, 4), new Shape(4)));
        Assert.False(Broadcasting.CanBroadcastTo(new Shape(2, 4), new Shape(3, 4)));
    }
}
