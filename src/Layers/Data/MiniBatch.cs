using NeuralCore.Tensors;

namespace NeuralCore.Layers.Data;

/// <summary>
/// One minibatch from a <see cref="MiniBatchIterator"/>: the batch of each iterated tensor, in the
/// order they were given. The tensors are views or reused buffers owned by the iterator and stay
/// valid only until the next batch is produced; clone them to keep them.
/// </summary>
public readonly struct MiniBatch
{
    private readonly Tensor[] _tensors;

    internal MiniBatch(int index, int count, Tensor[] tensors, ReadOnlyMemory<int> indices)
    {
        Index = index;
        Count = count;
        _tensors = tensors;
        Indices = indices;
    }

    /// <summary>Position of this batch in its epoch (0, 1, ...).</summary>
    public int Index { get; }

    /// <summary>Number of examples in the batch (the batch size, or fewer for a last partial batch).</summary>
    public int Count { get; }

    /// <summary>The examples' positions in the iterated tensors, in batch order.</summary>
    public ReadOnlyMemory<int> Indices { get; }

    /// <summary>Number of tensors in the batch.</summary>
    public int TensorCount => _tensors.Length;

    /// <summary>The batch of iterated tensor <paramref name="i"/>.</summary>
    public Tensor this[int i] => _tensors[i];

    /// <summary>The batch of iterated tensor <paramref name="i"/> with its element type.</summary>
    /// <exception cref="InvalidCastException">When tensor i does not hold <typeparamref name="T"/>.</exception>
    public Tensor<T> Get<T>(int i) where T : unmanaged, System.Numerics.INumber<T>
        => _tensors[i] as Tensor<T> ?? throw new InvalidCastException($"minibatch: tensor {i} holds {_tensors[i].DType.Name()}, not {DTypes.Of<T>().Name()}");

    /// <summary>Deconstructs a two-tensor batch as (inputs, labels) of the usual element types.</summary>
    public void Deconstruct(out Tensor<float> inputs, out Tensor<int> labels)
    {
        inputs = Get<float>(0);
        labels = Get<int>(1);
    }
}
