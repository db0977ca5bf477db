using NeuralCore.Tensors;

namespace NeuralCore.Layers.Data;

/// <summary>
/// Minibatches over any number of tensors aligned on their first axis (inputs, labels, weights...).
/// Without shuffling a batch is made of <see cref="Tensor{T}.Slice"/> views (no copy); with
/// shuffling the examples of each epoch are visited in a seeded random order and gathered into
/// buffers allocated once and reused for every batch. Each call to <see cref="Epoch"/> starts a
/// new epoch; with the same seed the sequence of epochs is the same on every machine.
/// </summary>
/// <example><code>
/// var batches = new MiniBatchIterator(mnist.Train, batchSize: 500, shuffle: true, seed: 1);
/// for (int epoch = 0; epoch &lt; 10; epoch++)
///     foreach (var (x, y) in batches.Epoch()) { /* train on x: (500, 1, 28, 28), y: (500,) */ }
/// </code></example>
public sealed class MiniBatchIterator
{
    private readonly Tensor[] _sources;
    private readonly Tensor[] _current;
    private readonly int[] _order;
    private readonly RandomGenerator _random;
    private Tensor[]? _fullBuffers;
    private Tensor[]? _partialViews;

    /// <summary>Iterates over <paramref name="tensors"/> (same first extent, element type float, double or int).</summary>
    /// <param name="tensors">The aligned tensors; batch i of tensor k is in <c>batch[k]</c>.</param>
    /// <param name="batchSize">Examples per batch.</param>
    /// <param name="shuffle">Visit the examples in a new random order every epoch.</param>
    /// <param name="seed">Seed of the shuffling.</param>
    /// <param name="includePartialBatch">Also yield the last, smaller batch when the count is not a multiple of the
    /// batch size (so every example is visited); when false it is dropped, as Lasagne's <c>iterate_minibatches</c> does.</param>
    /// <exception cref="ArgumentException">When there are no tensors, a tensor is a scalar, or the batch size is not positive.</exception>
    /// <exception cref="ShapeMismatchException">When the first extents differ.</exception>
    public MiniBatchIterator(IReadOnlyList<Tensor> tensors, int batchSize, bool shuffle = true, ulong seed = 0, bool includePartialBatch = true)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException("minibatch: at least one tensor is required", nameof(tensors));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _sources = new Tensor[tensors.Count];
        for (int i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i] ?? throw new ArgumentNullException(nameof(tensors), $"minibatch: tensor {i} is null");
            if (t.Rank == 0) throw new ArgumentException($"minibatch: tensor {i} is a scalar and has no first axis to batch over", nameof(tensors));
            if (t is not (Tensor<float> or Tensor<double> or Tensor<int>))
                throw new ArgumentException($"minibatch: tensor {i} holds {t.DType.Name()}, only float32, float64 and int32 are supported", nameof(tensors));
            if (t.Shape[0] != tensors[0].Shape[0])
                throw new ShapeMismatchException("minibatch", $"tensor {i} has {t.Shape[0]} examples but tensor 0 has {tensors[0].Shape[0]}", tensors[0].Shape, t.Shape);
            _sources[i] = t;
        }
        Count = tensors[0].Shape[0];
        BatchSize = batchSize;
        Shuffle = shuffle;
        IncludePartialBatch = includePartialBatch;
        _current = new Tensor[_sources.Length];
        _order = new int[Count];
        _random = new RandomGenerator(seed);
    }

    /// <summary>Iterates over a labeled set's inputs and labels (batch[0]: inputs, batch[1]: labels).</summary>
    public MiniBatchIterator(LabeledData data, int batchSize, bool shuffle = true, ulong seed = 0, bool includePartialBatch = true)
        : this([(data ?? throw new ArgumentNullException(nameof(data))).Inputs, data.Labels], batchSize, shuffle, seed, includePartialBatch) { }

    /// <summary>Number of examples.</summary>
    public int Count { get; }

    /// <summary>Examples per full batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the examples in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether the last, smaller batch is yielded.</summary>
    public bool IncludePartialBatch { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => IncludePartialBatch ? (Count + BatchSize - 1) / BatchSize : Count / BatchSize;

    /// <summary>The shuffling's generator (its position is saved by a training checkpoint).</summary>
    internal RandomGenerator Generator => _random;

    /// <summary>Number of epochs started so far.</summary>
    public int EpochsStarted { get; private set; }

    /// <summary>
    /// The batches of a new epoch. The order is drawn when the epoch starts. Each batch's tensors are
    /// valid until the next batch (shuffled batches reuse the same buffers).
    /// </summary>
    public IEnumerable<MiniBatch> Epoch()
    {
        EpochsStarted++;
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        if (Shuffle)
        {
            // Fisher-Yates in place on the reused order array (RandomGenerator.Permutation would allocate).
            for (int i = _order.Length - 1; i > 0; i--)
            {
                int j = _random.NextInt(i + 1);
                (_order[i], _order[j]) = (_order[j], _order[i]);
            }
        }
        return Batches();
    }

    private IEnumerable<MiniBatch> Batches()
    {
        int batches = BatchesPerEpoch;
        for (int b = 0; b < batches; b++)
        {
            int start = b * BatchSize;
            int count = Math.Min(BatchSize, Count - start);
            var indices = new ReadOnlyMemory<int>(_order, start, count);
            if (Shuffle) Gather(indices.Span, count);
            else
                for (int k = 0; k < _sources.Length; k++) _current[k] = Slice(_sources[k], start, count);
            yield return new MiniBatch(b, count, _current, indices);
        }
    }

    private void Gather(ReadOnlySpan<int> indices, int count)
    {
        _fullBuffers ??= CreateBuffers(Math.Min(BatchSize, Count));
        bool partial = count < _fullBuffers[0].Shape[0];
        if (partial) _partialViews ??= CreatePartialViews(count);
        for (int k = 0; k < _sources.Length; k++)
        {
            var target = partial ? _partialViews![k] : _fullBuffers[k];
            switch (_sources[k])
            {
                case Tensor<float> f: GatherRows(f, indices, (Tensor<float>)target); break;
                case Tensor<double> d: GatherRows(d, indices, (Tensor<double>)target); break;
                case Tensor<int> n: GatherRows(n, indices, (Tensor<int>)target); break;
            }
            _current[k] = target;
        }
    }

    private Tensor[] CreateBuffers(int rows)
    {
        var buffers = new Tensor[_sources.Length];
        for (int k = 0; k < _sources.Length; k++)
        {
            var shape = _sources[k].Shape.With(0, rows);
            buffers[k] = _sources[k] switch
            {
                Tensor<float> => new Tensor<float>(shape),
                Tensor<double> => new Tensor<double>(shape),
                _ => new Tensor<int>(shape),
            };
        }
        return buffers;
    }

    // The partial batch is always the same size, so its views of the full buffers are made once.
    private Tensor[] CreatePartialViews(int rows)
    {
        var views = new Tensor[_sources.Length];
        for (int k = 0; k < _sources.Length; k++) views[k] = Slice(_fullBuffers![k], 0, rows);
        return views;
    }

    private static Tensor Slice(Tensor t, int start, int count) => t switch
    {
        Tensor<float> f => f.Slice(start, count),
        Tensor<double> d => d.Slice(start, count),
        Tensor<int> n => n.Slice(start, count),
        _ => throw new InvalidOperationException("unreachable: element types are checked in the constructor"),
    };

    private static void GatherRows<T>(Tensor<T> source, ReadOnlySpan<int> indices, Tensor<T> destination) where T : unmanaged, System.Numerics.INumber<T>
    {
        int n = source.Shape[0];
        int row = n == 0 ? 0 : source.Length / n;
        var src = source.AsReadOnlySpan();
        var dst = destination.AsSpan();
        for (int i = 0; i < indices.Length; i++)
            src.Slice(indices[i] * row, row).CopyTo(dst.Slice(i * row, row));
    }
}
