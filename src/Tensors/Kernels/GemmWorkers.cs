namespace NeuralCore.Tensors;

/// <summary>
/// A few persistent background threads that run the parts of one GEMM call. Dedicated threads
/// (rather than Parallel.For) keep a warmed-up call free of allocations and of thread-pool latency;
/// the work is described by a function pointer and a pointer to a state struct on the caller's
/// stack, which stays valid because the caller waits for every part before returning. The caller
/// takes no lock (workers spin briefly between calls, then park on an OS event that the caller only
/// signals when they are parked), so a warmed-up call allocates nothing even when threads contend.
/// </summary>
internal static unsafe class GemmWorkers
{
    private static Worker[] s_workers = [];
    private static int s_busy;
    private static int s_pending;
    private static Exception? s_error;

    /// <summary>Runs body(part, state) for part = 0 .. parts-1 at the same time, part 0 on the
    /// calling thread, and returns true when all have finished. A worker that has not started by
    /// the time part 0 returns is cancelled instead of waited for (on a busy machine it may not get
    /// a core for milliseconds), so body must finish the whole job in whichever parts run, as the
    /// GEMM does by claiming its work dynamically. Returns false without running anything when
    /// another call owns the workers: the caller then computes on its own.</summary>
    public static bool TryRun(int parts, delegate*<int, void*, void> body, void* state)
    {
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
            return false;
        Exception? error;
        try
        {
            EnsureWorkers(parts - 1);
            s_error = null;
            Volatile.Write(ref s_pending, parts - 1);
            for (int w = 0; w < parts - 1; w++)
                s_workers[w].Start(body, state, w + 1);
            try
            {
                body(0, state);
            }
            finally
            {
                for (int w = 0; w < parts - 1; w++)
                    if (s_workers[w].TryCancel())
                        Finish();
                // The state lives on this thread's stack: never return before the started workers finish
                // (they are running, so this is a short spin unless the OS has descheduled one).
                var spinner = new SpinWait();
                // Never Thread.Sleep(1) (SpinOnce's default after ~20 rounds): the wait is one part's tail.
                while (Volatile.Read(ref s_pending) != 0) spinner.SpinOnce(sleep1Threshold: -1);
            }
            error = s_error;
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
        if (error is not null)
            throw new AggregateException("gemm: a worker thread failed", error);
        return true;
    }

    private static void EnsureWorkers(int count)
    {
        if (s_workers.Length >= count)
            return;
        var workers = new Worker[count];
        Array.Copy(s_workers, workers, s_workers.Length);
        for (int i = s_workers.Length; i < count; i++)
            workers[i] = new Worker(i);
        s_workers = workers;
    }

    private static void Finish() => Interlocked.Decrement(ref s_pending);

    private sealed class Worker
    {
        private const int Idle = 0, Assigned = 1, Running = 2, Cancelled = 3;
        private const long SpinMicroseconds = 50;

        private readonly AutoResetEvent _wake = new(false);
        private delegate*<int, void*, void> _body;
        private void* _state;
        private int _part;
        private int _status;
        private int _parked;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"NeuralCore GEMM worker {index + 1}" };
            thread.Start();
        }

        public void Start(delegate*<int, void*, void> body, void* state, int part)
        {
            _body = body;
            _state = state;
            _part = part;
            Volatile.Write(ref _status, Assigned);
            // Full fence: either the worker sees Assigned before it parks, or it is parked and signalled.
            if (Interlocked.CompareExchange(ref _parked, 0, 1) == 1)
                _wake.Set();
        }

        /// <summary>Takes back a part the worker has not begun; false when it is running or done.</summary>
        public bool TryCancel() => Interlocked.CompareExchange(ref _status, Cancelled, Assigned) == Assigned;

        private void Loop()
        {
            long spinTicks = SpinMicroseconds * System.Diagnostics.Stopwatch.Frequency / 1_000_000;
            while (true)
            {
                if (!SpinUntilAssigned(spinTicks))
                {
                    Interlocked.Exchange(ref _parked, 1);
                    if (Volatile.Read(ref _status) != Assigned)
                        _wake.WaitOne();
                    else if (Interlocked.CompareExchange(ref _parked, 0, 1) != 1)
                        _wake.WaitOne(); // Start already unparked us and signals: consume it.
                }
                if (Interlocked.CompareExchange(ref _status, Running, Assigned) != Assigned)
                    continue; // cancelled before it began, or a stale wake-up
                try
                {
                    _body(_part, _state);
                }
                catch (Exception e)
                {
                    s_error = e;
                }
                finally
                {
                    // Idle before Finish: once Finish releases the caller, a new part may be assigned.
                    Volatile.Write(ref _status, Idle);
                    Finish();
                }
            }
        }

        private bool SpinUntilAssigned(long ticks)
        {
            long end = System.Diagnostics.Stopwatch.GetTimestamp() + ticks;
            while (Volatile.Read(ref _status) != Assigned)
            {
                Thread.SpinWait(16);
                if (System.Diagnostics.Stopwatch.GetTimestamp() > end) return false;
            }
            return true;
        }
    }
}
