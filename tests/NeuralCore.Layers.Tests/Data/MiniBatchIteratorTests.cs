using NeuralCore.Layers.Data;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests.Data;

public class MiniBatchIteratorTests
{
    // Row i of the inputs holds the value i everywhere, label i is i, weight i is 2i: alignment is checkable.
    private static (Tensor<float> X, Tensor<int> Y, Tensor<double> W) Data(int n)
    {
        var x = new Tensor<float>(new Shape(n, 2, 3));
        var y = new Tensor<int>(new Shape(n));
        var w = new Tensor<double>(new Shape(n, 1));
        for (int i = 0; i < n; i++)
        {
            x.Row(i).Fill(i);
            y[i] = i;
            w[i, 0] = 2 * i;
        }
        return (x, y, w);
    }

    private static List<int> VisitEpoch(MiniBatchIterator it, List<int>? sizes = null)
    {
        var visited = new List<int>();
        foreach (var batch in it.Epoch())
        {
            var x = batch.Get<float>(0);
            var y = batch.Get<int>(1);
            var w = batch.Get<double>(2);
            Assert.Equal(batch.Count, x.Shape[0]);
            Assert.Equal(new Shape(batch.Count, 2, 3), x.Shape);
            sizes?.Add(batch.Count);
            for (int i = 0; i < batch.Count; i++)
            {
                int label = y[i];
                Assert.Equal(label, batch.Indices.Span[i]);
                Assert.All(x.Row(i).ToArray(), v => Assert.Equal(label, v));
                Assert.Equal(2.0 * label, w[i, 0]);
                visited.Add(label);
            }
        }
        return visited;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_example_exactly_once_per_epoch_with_aligned_tensors(bool shuffle)
    {
        var (x, y, w) = Data(103);
        var it = new MiniBatchIterator([x, y, w], batchSize: 10, shuffle: shuffle, seed: 3);
        Assert.Equal(11, it.BatchesPerEpoch);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var sizes = new List<int>();
            var visited = VisitEpoch(it, sizes);
            Assert.Equal(Enumerable.Range(0, 103), visited.Order());
            Assert.Equal([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3], sizes);
            if (!shuffle) Assert.Equal(Enumerable.Range(0, 103), visited);
        }
        Assert.Equal(3, it.EpochsStarted);
    }

    [Fact]
    public void Same_seed_same_order_new_order_each_epoch()
    {
        var (x, y, w) = Data(50);
        var a = new MiniBatchIterator([x, y, w], 7, shuffle: true, seed: 11);
        var b = new MiniBatchIterator([x, y, w], 7, shuffle: true, seed: 11);
        var c = new MiniBatchIterator([x, y, w], 7, shuffle: true, seed: 12);
        var a1 = VisitEpoch(a);
        var a2 = VisitEpoch(a);
        Assert.Equal(a1, VisitEpoch(b));
        Assert.Equal(a2, VisitEpoch(b));
        Assert.NotEqual(a1, a2);
        Assert.NotEqual(a1, VisitEpoch(c));
        Assert.NotEqual(Enumerable.Range(0, 50), a1);
    }

    [Fact]
    public void Dropping_the_partial_batch_as_Lasagne_does()
    {
        var (x, y, w) = Data(25);
        var it = new MiniBatchIterator([x, y, w], 10, shuffle: true, seed: 1, includePartialBatch: false);
        Assert.Equal(2, it.BatchesPerEpoch);
        var sizes = new List<int>();
        var visited = VisitEpoch(it, sizes);
        Assert.Equal([10, 10], sizes);
        Assert.Equal(20, visited.Distinct().Count());
    }

    [Fact]
    public void Unshuffled_batches_are_views_shuffled_batches_reuse_one_buffer()
    {
        var (x, y, _) = Data(30);
        var data = new LabeledData(x, y);
        foreach (var (bx, _) in new MiniBatchIterator(data, 10, shuffle: false).Epoch())
            Assert.True(bx.SharesStorageWith(x));

        var shuffled = new MiniBatchIterator(data, 10, shuffle: true, seed: 2);
        Tensor<float>? first = null;
        foreach (var (bx, by) in shuffled.Epoch())
        {
            Assert.False(bx.SharesStorageWith(x));
            first ??= bx;
            Assert.True(bx.SharesStorageWith(first));
            Assert.Equal(new Shape(10), by.Shape);
        }
    }

    [Fact]
    public void Shuffled_epochs_allocate_nothing_per_batch_after_warm_up()
    {
        var (x, y, w) = Data(1000);
        var it = new MiniBatchIterator([x, y, w], 7, shuffle: true, seed: 5);
        foreach (var _ in it.Epoch()) { }
        long before = GC.GetAllocatedBytesForCurrentThread();
        int batches = 0;
        foreach (var _ in it.Epoch()) batches++;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(143, batches);
        Assert.True(allocated < 1024, $"an epoch of {batches} batches allocated {allocated} bytes");
    }

    [Fact]
    public void Misaligned_tensors_and_bad_arguments_are_rejected()
    {
        var (x, _, _) = Data(10);
        var ex = Assert.Throws<ShapeMismatchException>(() => new MiniBatchIterator([x, new Tensor<int>(new Shape(9))], 4));
        Assert.Contains("tensor 1 has 9 examples but tensor 0 has 10", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniBatchIterator([x], 0));
        Assert.Throws<ArgumentException>(() => new MiniBatchIterator(Array.Empty<Tensor>(), 4));
        Assert.Throws<ArgumentException>(() => new MiniBatchIterator([Tensor.Scalar(1f)], 4));
    }
}
