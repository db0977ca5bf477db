using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Optimizers.Tests;

public class UpdateDictionaryTests
{
    private static SharedVariable Shared(string name, float value = 0) => new(Tensor.Scalar(value), name);

    [Fact]
    public void KeepsInsertionOrderAndReplacesInPlace()
    {
        SharedVariable a = Shared("a"), b = Shared("b"), c = Shared("c");
        var d = new UpdateDictionary { { a, a + 1.0 }, { b, b * 2.0 } };
        d[c] = c - 1.0;
        var replacement = a + 5.0;
        d[a] = replacement;
        Assert.Equal([a, b, c], d.Keys);
        Assert.Same(replacement, d[a]);
        Assert.Equal(3, d.Count);
        Assert.True(d.ContainsKey(b));
        Assert.False(d.ContainsKey(Shared("other")));
        Assert.Equal([a, b, c], d.Select(u => u.Target));
        Assert.True(d.Remove(b));
        Assert.False(d.Remove(b));
        Assert.Equal([a, c], d.Keys);
        Assert.Throws<KeyNotFoundException>(() => d[b]);
    }

    [Fact]
    public void AddRejectsDuplicatesAndMismatchedTypes()
    {
        var a = Shared("a");
        var d = new UpdateDictionary { { a, a + 1.0 } };
        Assert.Contains("already has an update", Assert.Throws<ArgumentException>(() => d.Add(a, a * 3.0)).Message);
        Assert.Throws<ArgumentException>(() => d.Add(Shared("b"), T.Vector("v")));
        Assert.Throws<ArgumentException>(() => d.Add(Shared("c"), T.Scalar("d", DType.Float64)));
    }

    [Fact]
    public void MergeOverwritesExistingEntriesAndAppendsNewOnes()
    {
        SharedVariable a = Shared("a"), b = Shared("b"), c = Shared("c");
        var first = new UpdateDictionary { { a, a + 1.0 }, { b, b + 1.0 } };
        var newB = b * 10.0;
        var second = new UpdateDictionary { { c, c + 1.0 }, { b, newB } };
        first.Merge(second);
        Assert.Equal([a, b, c], first.Keys);
        Assert.Same(newB, first[b]);
        first.Merge(first);
        Assert.Equal(3, first.Count);
    }

    [Fact]
    public void CompileAcceptsItDirectlyAndAppliesEveryUpdate()
    {
        SharedVariable a = Shared("a", 1), b = Shared("b", 2);
        var d = new UpdateDictionary { { a, a + b }, { b, b * 3.0 } };
        var f = Function.Compile([], a, d);
        f.Invoke();
        // Updates see the values from before the call: a = 1 + 2, b = 2 * 3.
        Assert.Equal(3.0, a.Value.GetDouble(0));
        Assert.Equal(6.0, b.Value.GetDouble(0));
    }
}
