using System.Runtime.InteropServices;
using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests;

/// <summary>
/// Shared-variable updates are double-buffered: the new value is computed into a buffer of the function's and its
/// storage is swapped with the shared variable's after the call, instead of being copied. These tests check that
/// Theano's semantics hold (every update and output sees the old values) and that the swap really happens.
/// </summary>
public class DoubleBufferedUpdateTests
{
    private static float[] Values(SharedVariable s) => ((Tensor<float>)s.Value).ToArray();

    private static float[] Storage(SharedVariable s) => MemoryMarshal.TryGetArray<float>(((Tensor<float>)s.Value).AsMemory(), out var segment) ? segment.Array! : [];

    [Fact]
    public void SwappingTwoSharedVariablesSeesTheOldValues()
    {
        var a = T.Shared(Tensor.FromArray([1f, 2f, 3f]), "a");
        var b = T.Shared(Tensor.FromArray([10f, 20f, 30f]), "b");
        var step = Function.Compile([], [], updates: [(a, b), (b, a)]);
        step.Invoke();
        Assert.Equal([10f, 20f, 30f], Values(a));
        Assert.Equal([1f, 2f, 3f], Values(b));
        step.Invoke();
        step.Invoke();
        Assert.Equal([10f, 20f, 30f], Values(a));
        Assert.Equal([1f, 2f, 3f], Values(b));
    }

    [Fact]
    public void UpdatesReadingTwoSharedVariablesSeeTheOldValues()
    {
        var a = T.Shared(Tensor.FromArray([1f, 2f]), "a");
        var b = T.Shared(Tensor.FromArray([3f, 4f]), "b");
        var step = Function.Compile([], [], updates: [(a, a + b), (b, a * b)]);
        float[] ra = [1f, 2f], rb = [3f, 4f];
        for (int call = 0; call < 4; call++)
        {
            step.Invoke();
            for (int i = 0; i < 2; i++) (ra[i], rb[i]) = (ra[i] + rb[i], ra[i] * rb[i]);
            Assert.Equal(ra, Values(a));
            Assert.Equal(rb, Values(b));
        }
    }

    [Fact]
    public void OutputsEqualToASharedVariablesOldValueAreNotCorrupted()
    {
        var a = T.Shared(Tensor.FromArray([1f, 2f]), "a");
        var f = Function.Compile([], [a, a * 2f], updates: [(a, a + 1f)]);
        var first = f.Invoke();
        Assert.Equal([1f, 2f], ((Tensor<float>)first[0]).ToArray());
        Assert.Equal([2f, 4f], ((Tensor<float>)first[1]).ToArray());
        Assert.Equal([2f, 3f], Values(a));
        var second = f.Invoke();
        Assert.Equal([2f, 3f], ((Tensor<float>)second[0]).ToArray());
        Assert.Equal([4f, 6f], ((Tensor<float>)second[1]).ToArray());
        Assert.Equal([3f, 4f], Values(a));
    }

    [Fact]
    public void AnOutputThatIsAlsoTheUpdateValueStaysTheFunctionsAndTheVariableStaysCorrect()
    {
        var a = T.Shared(Tensor.FromArray([1f, 2f]), "a");
        var next = a * 3f;
        var f = Function.Compile([], [next], updates: [(a, next)]);
        var r1 = (Tensor<float>)f.Invoke()[0];
        Assert.Equal([3f, 6f], r1.ToArray());
        Assert.Equal([3f, 6f], Values(a));
        Assert.NotSame(r1, a.Value);
        var r2 = (Tensor<float>)f.Invoke()[0];
        Assert.Equal([9f, 18f], r2.ToArray());
        Assert.Equal([9f, 18f], Values(a));
    }

    [Fact]
    public void TheValueObjectIsKeptAndItsStorageIsSwappedNotCopied()
    {
        var a = T.Shared(Tensor.FromArray([1f, 2f, 3f]), "a");
        var held = a.Value;
        var x = T.Vector("x");
        var f = Function.Compile([x], [], updates: [(a, a * x)]);
        var before = Storage(a);
        f.Invoke(Tensor.FromArray([2f, 2f, 2f]));
        Assert.Same(held, a.Value); // callers holding the value see the new data
        Assert.Equal([2f, 4f, 6f], ((Tensor<float>)held).ToArray());
        var after = Storage(a);
        Assert.NotSame(before, after); // storage swapped with the function's buffer
        f.Invoke(Tensor.FromArray([0.5f, 1f, 2f]));
        Assert.Equal([1f, 4f, 12f], Values(a));
        Assert.Same(before, Storage(a)); // the two buffers alternate
    }

    [Fact]
    public void AViewAsSharedValueFallsBackToACopy()
    {
        var backing = Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 5f], 3, 2);
        var row = backing.Slice(1, 2); // a view (offset 2) over the backing storage
        var a = T.Shared(row, "a", fixedShape: true);
        var f = Function.Compile([], [], updates: [(a, a + 10f)]);
        f.Invoke();
        Assert.Equal([12f, 13f, 14f, 15f], Values(a));
        Assert.Equal([0f, 1f, 12f, 13f, 14f, 15f], backing.ToArray()); // written through the view
    }
}
