using System.Runtime.ExceptionServices;

namespace NeuralCore.Tensors;

/// <summary>A unit of kernel work split into numbered chunks. Implementations are readonly
/// structs holding arrays and offsets (never spans), so a chunk can run on any thread.</summary>
internal interface IChunkWork
{
    /// <summary>Runs chunk <paramref name="chunk"/>; chunks must be independent of each other.</summary>
    void Run(int chunk);
}

/// <summary>
/// Runs chunked kernel work on up to <see cref="Parallelism.MaxThreads"/> threads: the caller plus
/// persistent background workers. Nothing is allocated per call after warm-up (no closures, no
/// tasks). One parallel region runs at a time; a call made while another region is active (from
/// another thread, or nested) runs its chunks on the calling thread, which gives the same results
/// because kernels never let the result depend on which thread ran a chunk.
/// </summary>
internal static class ParallelChunks
{
    /// <summary>Elementwise work below this many elements is not worth waking other threads for.</summary>
    public const int MinParallelElements = 1 << 16;

    private static int s_busy;
    private static Worker[] s_workers = [];
    private static readonly object s_growLock = new();

    /// <summary>Runs chunks 0..<paramref name="chunkCount"/>-1 of <paramref name="work"/>, in
    /// parallel when <see cref="Parallelism.MaxThreads"/> allows it.</summary>
    public static void Run<TWork>(in TWork work, int chunkCount) where TWork : struct, IChunkWork
    {
        int threads = Math.Min(Parallelism.MaxThreads, chunkCount);
        if (threads <= 1 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int i = 0; i < chunkCount; i++) work.Run(i);
            return;
        }
        try
        {
            var workers = EnsureWorkers(threads - 1);
            var job = Job<TWork>.Instance;
            job.Start(work, chunkCount, threads - 1);
            for (int w = 0; w < threads - 1; w++) workers[w].Wake(job);
            job.RunChunks();
            job.WaitForHelpers();
            var error = job.Finish();
            if (error is not null) ExceptionDispatchInfo.Throw(error);
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>Number of chunks of about <paramref name="grain"/> elements each for
    /// <paramref name="length"/> elements, at least 1 (used where chunking may depend on threads).</summary>
    public static int ChunkCount(int length, int grain) => Math.Max(1, (int)(((long)length + grain - 1) / grain));

    private static Worker[] EnsureWorkers(int count)
    {
        var workers = s_workers;
        if (workers.Length >= count) return workers;
        lock (s_growLock)
        {
            workers = s_workers;
            if (workers.Length >= count) return workers;
            var grown = new Worker[count];
            Array.Copy(workers, grown, workers.Length);
            for (int i = workers.Length; i < count; i++) grown[i] = new Worker(i);
            s_workers = grown;
            return grown;
        }
    }

    /// <summary>What a worker thread runs: a job's remaining chunks.</summary>
    private interface IJob
    {
        void HelperRun();
    }

    /// <summary>The shared state of one parallel region, cached per work type (the region is
    /// exclusive, so one instance per type suffices).</summary>
    private sealed class Job<TWork> : IJob where TWork : struct, IChunkWork
    {
        public static readonly Job<TWork> Instance = new();

        private readonly ManualResetEventSlim _helpersDone = new(false);
        private TWork _work;
        private int _chunkCount;
        private int _nextChunk;
        private int _pendingHelpers;
        private Exception? _error;

        public void Start(in TWork work, int chunkCount, int helpers)
        {
            _work = work;
            _chunkCount = chunkCount;
            _error = null;
            _pendingHelpers = helpers;
            _helpersDone.Reset();
            Volatile.Write(ref _nextChunk, 0);
        }

        public void RunChunks()
        {
            try
            {
                int chunk;
                while ((chunk = Interlocked.Increment(ref _nextChunk) - 1) < _chunkCount) _work.Run(chunk);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
                Volatile.Write(ref _nextChunk, _chunkCount); // stop handing out chunks
            }
        }

        public void HelperRun()
        {
            RunChunks();
            if (Interlocked.Decrement(ref _pendingHelpers) == 0) _helpersDone.Set();
        }

        public void WaitForHelpers() => _helpersDone.Wait();

        public Exception? Finish()
        {
            _work = default; // drop array references so they can be collected
            return _error;
        }
    }

    /// <summary>A persistent background thread that runs the chunks of the job it is woken for.</summary>
    private sealed class Worker
    {
        private readonly SemaphoreSlim _wake = new(0);
        private IJob? _job;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"NeuralCore kernel worker {index}" };
            thread.Start();
        }

        public void Wake(IJob job)
        {
            Volatile.Write(ref _job, job);
            _wake.Release();
        }

        private void Loop()
        {
            while (true)
            {
                _wake.Wait();
                var job = Volatile.Read(ref _job)!;
                job.HelperRun();
            }
        }
    }
}
