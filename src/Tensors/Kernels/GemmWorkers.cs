namespace NeuralCore.Tensors;

/// <summary>
/// A few persistent background threads that run the parts of one GEMM call. Dedicated threads
/// (rather than Parallel.For) keep a warmed-up call free of allocations and of thread-pool latency;
/// the work is described by a function pointer and a pointer to a state struct on the caller's
/// stack, which stays valid because the caller waits for every part before returning.
/// </summary>
internal static unsafe class GemmWorkers
{
    private static readonly ManualResetEventSlim s_done = new(false, spinCount: 2000);
    private static Worker[] s_workers = [];
    private static int s_busy;
    private static int s_pending;
    private static Exception? s_error;

    /// <summary>Runs body(part, state) for part = 0 .. parts-1 at the same time, part 0 on the
    /// calling thread, and returns true when all have finished. Returns false without running
    /// anything when another call owns the workers (the parts may wait for each other, so they
    /// cannot run one after another): the caller then computes on its own.</summary>
    public static bool TryRun(int parts, delegate*<int, void*, void> body, void* state)
    {
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
            return false;
        Exception? error;
        try
        {
            EnsureWorkers(parts - 1);
            s_error = null;
            s_done.Reset();
            Volatile.Write(ref s_pending, parts - 1);
            for (int w = 0; w < parts - 1; w++)
                s_workers[w].Start(body, state, w + 1);
            try
            {
                body(0, state);
            }
            finally
            {
                // The state lives on this thread's stack: never return before the workers finish.
                s_done.Wait();
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

    private static void Finish()
    {
        if (Interlocked.Decrement(ref s_pending) == 0)
            s_done.Set();
    }

    private sealed class Worker
    {
        private readonly ManualResetEventSlim _start = new(false, spinCount: 2000);
        private delegate*<int, void*, void> _body;
        private void* _state;
        private int _part;

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
            _start.Set();
        }

        private void Loop()
        {
            while (true)
            {
                _start.Wait();
                _start.Reset();
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
                    Finish();
                }
            }
        }
    }
}
