using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

public class LayersRandomTests
{
    [Fact]
    public async Task SeededDrawsExactlyTheSeedsStreamWhileAnotherThreadReseedsAndDraws()
    {
        // Reference: the first three draws of a generator seeded alone.
        var reference = new RandomGenerator(5);
        (ulong, ulong, ulong) expected = (reference.NextUInt64(), reference.NextUInt64(), reference.NextUInt64());
        long rounds = 0;
        using var stop = new CancellationTokenSource();
        var other = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                LayersRandom.Seed(99);
                LayersRandom.NextSeed();
                Interlocked.Increment(ref rounds);
            }
        });
        try
        {
            Assert.True(SpinWait.SpinUntil(() => Interlocked.Read(ref rounds) > 0, TimeSpan.FromSeconds(10)), "the other thread did not start");
            for (int i = 0; i < 20; i++)
            {
                var drawn = LayersRandom.Seeded(5, () =>
                {
                    ulong a = LayersRandom.NextSeed();
                    WaitForOtherThread();
                    ulong b = LayersRandom.NextSeed();
                    WaitForOtherThread();
                    return (a, b, LayersRandom.NextSeed());
                });
                Assert.Equal(expected, drawn);
            }
        }
        finally
        {
            stop.Cancel();
            await other;
        }

        // Without the lock the other thread reseeds here; with it, it waits and this times out.
        void WaitForOtherThread()
        {
            long seen = Interlocked.Read(ref rounds);
            SpinWait.SpinUntil(() => Interlocked.Read(ref rounds) > seen + 1, TimeSpan.FromMilliseconds(5));
        }
    }
}
