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
/// tasks). The caller takes chunks too and returns as soon as every chunk has finished; it never
/// waits for a worker that has not started yet (a worker that wakes late finds no chunks left).
/// The caller always runs chunk 0 itself, so every kernel sizes the caller's per-thread scratch
/// (<see cref="ScratchBuffers{T}"/>) on its first call: a caller that a spinning worker had beaten to
/// every chunk during warm-up would otherwise allocate the first time it won one later.
/// One parallel region runs at a time; a call made while another region is active (from another
/// thread, or nested) runs its chunks on the calling thread, which gives the same results because
/// kernels never let a result depend on which thread ran a chunk.
/// </summary>
internal static class ParallelChunks
{
    /// <summary>Compute-heavy elementwise work (exp, log, tanh, random numbers: several nanoseconds
    /// per element) below this many elements is not worth waking other threads for.</summary>
    public const int MinParallelElements = 1 << 16;

    /// <summary>The same threshold for memory-bound work (an add, compare or sum per element): on the
    /// 2-core machine a second thread made 100K-element adds slower (25 → 37 µs), since both cores
    /// share the memory bandwidth and the hand-off costs several microseconds.</summary>
    public const int MinParallelCheapElements = 1 << 18;

    private static int s_busy;
    private static int s_generation;
    private static Worker[] s_workers = [];
    private static readonly object s_growLock = new();

    /// <summary>Runs chunks 0..<paramref name="chunkCount"/>-1 of <paramref name="work"/>, in
    /// parallel when <see cref="Parallelism.MaxThreads"/> allows it.</summary>
    public static void Run<TWork>(in TWork work, int chunkCount) where TWork : struct, IChunkWork
    {
        // Created on the first call of every work type even when that call runs inline (another region
        // active, or one thread), so that a later parallel call of a warmed-up kernel allocates nothing.
        var job = Job<TWork>.Instance;
        int threads = Math.Min(Parallelism.MaxThreads, chunkCount);
        if (threads <= 1 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int i = 0; i < chunkCount; i++) work.Run(i);
            return;
        }
        try
        {
            var workers = EnsureWorkers(threads - 1);
            int generation = ++s_generation; // only the region holder writes it
            job.Start(work, chunkCount, generation);
            for (int w = 0; w < threads - 1; w++) workers[w].Wake(job, generation);
            job.RunChunk(0);
            job.RunChunks(generation);
            var error = job.WaitAndFinish();
            if (error is not null) ExceptionDispatchInfo.Throw(error);
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>Number of chunks of about <paramref name="grain"/> elements each for
    /// <paramref name="length"/> elements, at least 1.</summary>
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

    /// <summary>What a worker thread runs: the chunks of one generation of a job.</summary>
    private interface IJob
    {
        void RunChunks(int generation);
    }

    /// <summary>
    /// The shared state of parallel regions of one work type (regions are exclusive, so one instance
    /// per type suffices). Chunks are handed out from a ticket holding (generation, next chunk): a
    /// worker only takes a chunk whose ticket carries the generation it was woken for, so a worker
    /// that wakes after its region ended can never take part in a later region by mistake.
    /// </summary>
    private sealed class Job<TWork> : IJob where TWork : struct, IChunkWork
    {
        public static readonly Job<TWork> Instance = new();

        private TWork _work;
        private int _chunkCount;
        private long _ticket;     // (generation << 32) | next chunk index
        private int _completed;   // chunks finished in the current generation
        private Exception? _error;

        public void Start(in TWork work, int chunkCount, int generation)
        {
            _work = work;
            _chunkCount = chunkCount;
            _error = null;
            Volatile.Write(ref _completed, 0);
            // Chunk 0 is the caller's (see RunChunk); the ticket hands out the rest.
            Volatile.Write(ref _ticket, ((long)generation << 32) | 1); // publishes the fields above
        }

        /// <summary>Runs one chunk, recording the first exception and counting it as completed.</summary>
        public void RunChunk(int chunk)
        {
            try
            {
                if (Volatile.Read(ref _error) is null) _work.Run(chunk);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            finally
            {
                Interlocked.Increment(ref _completed);
            }
        }

        public void RunChunks(int generation)
        {
            while (true)
            {
                long ticket = Volatile.Read(ref _ticket);
                int chunk = (int)ticket;
                if ((int)(ticket >> 32) != generation || chunk >= _chunkCount) return;
                if (Interlocked.CompareExchange(ref _ticket, ticket + 1, ticket) == ticket) RunChunk(chunk);
            }
        }

        /// <summary>Waits until every chunk has finished (only chunks already running on other
        /// threads can be outstanding, so this is a short spin) and clears the work.</summary>
        public Exception? WaitAndFinish()
        {
            var spinner = new SpinWait();
            // Spin and yield but never Thread.Sleep(1): SpinOnce's default sleeps a whole millisecond once
            // a wait passes ~20 rounds, and the tail of a region (another thread's last chunk, ~0.1 ms) did:
            // a 0.7 ms conv pass took 1.8 ms in runs of consecutive calls.
            while (Volatile.Read(ref _completed) < _chunkCount) spinner.SpinOnce(sleep1Threshold: -1);
            _work = default; // drop array references so they can be collected
            return _error;
        }
    }

    /// <summary>
    /// A persistent background thread that runs chunks of the job it is woken for. After a region it
    /// spins for a short while watching for the next one (kernels of a training step follow each other
    /// within microseconds, and a spinning worker joins in well under a microsecond), then parks on an
    /// OS event. The calling thread never takes a lock: it publishes the job and generation with
    /// volatile writes and signals the event only when the worker is parked. (A Monitor-based hand-off,
    /// lock + SemaphoreSlim, allocated 56-96 bytes now and then on the calling thread when the two
    /// threads met in the lock on a busy machine.)
    /// </summary>
    private sealed class Worker
    {
        private const long SpinMicroseconds = 50;
        private const int Awake = 0, Parked = 1;

        private readonly AutoResetEvent _wake = new(false);
        private IJob? _job;
        private int _generation;
        private int _state;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"NeuralCore kernel worker {index}" };
            thread.Start();
        }

        public void Wake(IJob job, int generation)
        {
            Volatile.Write(ref _job, job);
            Volatile.Write(ref _generation, generation);
            // Full fence: either the worker sees the new generation before it parks, or it is parked
            // and we signal it (see Loop).
            if (Interlocked.CompareExchange(ref _state, Awake, Parked) == Parked)
                _wake.Set();
        }

        private void Loop()
        {
            int seen = 0;
            long spinTicks = SpinMicroseconds * System.Diagnostics.Stopwatch.Frequency / 1_000_000;
            while (true)
            {
                if (!SpinFor(seen, spinTicks))
                {
                    Interlocked.Exchange(ref _state, Parked);
                    if (Volatile.Read(ref _generation) == seen)
                        _wake.WaitOne();
                    else if (Interlocked.CompareExchange(ref _state, Awake, Parked) != Parked)
                        _wake.WaitOne(); // Wake already switched us to Awake and signals: consume it.
                }
                // A consistent (job, generation) pair: re-read until the generation is stable.
                IJob? job;
                int generation;
                do
                {
                    generation = Volatile.Read(ref _generation);
                    job = Volatile.Read(ref _job);
                }
                while (generation != Volatile.Read(ref _generation));
                if (generation == seen || job is null) continue;
                seen = generation;
                job.RunChunks(generation);
            }
        }

        /// <summary>Spins until the generation differs from <paramref name="seen"/> (true) or the time
        /// is up (false).</summary>
        private bool SpinFor(int seen, long ticks)
        {
            long end = System.Diagnostics.Stopwatch.GetTimestamp() + ticks;
            while (Volatile.Read(ref _generation) == seen)
            {
                Thread.SpinWait(16);
                if (System.Diagnostics.Stopwatch.GetTimestamp() > end) return false;
            }
            return true;
        }
    }
}
