using NeuralCore.Tensors;
using Xunit;

namespace NeuralCore.Tensors.Tests;

/// <summary>The persistent-worker dispatch (<see cref="ParallelChunks"/>) and the kernels that depend on
/// its thread split: every chunk runs exactly once, and the calling thread allocates nothing.</summary>
[Collection(nameof(GemmMaxThreadsCollection))]
public class ParallelChunksTests
{
    private readonly struct CountingWork(int[] counts) : IChunkWork
    {
        public void Run(int chunk) => Interlocked.Increment(ref counts[chunk]);
    }

    [Fact]
    public void EveryChunkRunsOnceAndTheCallerAllocatesNothingWhileAnotherThreadCompetes()
    {
        int saved = Parallelism.MaxThreads;
        using var stop = new CancellationTokenSource();
        // A busy thread competing for the two cores, so the workers get descheduled and park now and then.
        var hog = new Thread(() => { while (!stop.IsCancellationRequested) Thread.SpinWait(1000); }) { IsBackground = true };
        try
        {
            Parallelism.MaxThreads = 2;
            hog.Start();
            var counts = new int[8];
            var work = new CountingWork(counts);
            for (int i = 0; i < 50; i++) ParallelChunks.Run(work, counts.Length);
            Array.Clear(counts);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 3000; i++)
            {
                ParallelChunks.Run(work, counts.Length);
                if (i % 500 == 0) Thread.Sleep(1); // let the workers park, so some calls must wake them
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.All(counts, c => Assert.Equal(3000, c));
            Assert.Equal(0, allocated);
        }
        finally
        {
            stop.Cancel();
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void CacheBlockedSameSizeAddsMatchTheReferenceOnOneThreadAndInPlace()
    {
        // Sizes just above the 16K-element block of the cache-resident path, with a ragged last block.
        int saved = Parallelism.MaxThreads;
        try
        {
            foreach (int threads in new[] { 1, 2 })
            {
                Parallelism.MaxThreads = threads;
                var rng = new Random(5 + threads);
                float[] a = new float[70_001], b = new float[70_001];
                for (int i = 0; i < a.Length; i++) (a[i], b[i]) = ((float)rng.NextDouble() - 0.5f, (float)rng.NextDouble() - 0.5f);
                var x = Tensor.FromArray((float[])a.Clone());
                Elementwise.Add(x, Tensor.FromArray(b), x);
                for (int i = 0; i < a.Length; i++) Assert.Equal(a[i] + b[i], x[i]);
                var y = Elementwise.Sub(Tensor.FromArray(a), Tensor.FromArray(b));
                for (int i = 0; i < a.Length; i++) Assert.Equal(a[i] - b[i], y[i]);
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void WarmedUpConvolutionAndPoolingPassesAllocateNothing()
    {
        // Conv and pooling dispatch struct work items through ParallelChunks (no Parallel.For, no
        // closures) and check shapes without building Shape objects.
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 2;
            var rng = new RandomGenerator(3);
            var x = rng.Uniform<float>(new Shape(8, 16, 10, 10), -1f, 1f);
            var w = rng.Uniform<float>(new Shape(32, 16, 3, 3), -1f, 1f);
            var o = new Conv2DOptions();
            var y = new Tensor<float>(Conv2D.OutputShape(x.Shape, w.Shape, o));
            var dx = new Tensor<float>(x.Shape);
            var dw = new Tensor<float>(w.Shape);
            var po = Pool2DOptions.Square(2);
            var pooled = new Tensor<float>(Pool2D.OutputShape(y.Shape, po));
            var dy = new Tensor<float>(y.Shape);
            for (int i = 0; i < 3; i++) Passes();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) Passes();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated == 0, $"{allocated} bytes in 10 rounds of conv and pooling passes");

            void Passes()
            {
                Conv2D.Forward(x, w, o, y);
                Conv2D.BackwardData(y, w, o, dx);
                Conv2D.BackwardFilter(x, y, o, dw);
                Pool2D.Forward(y, po, pooled);
                Pool2D.Backward(y, pooled, pooled, po, dy);
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }
}
