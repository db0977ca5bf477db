namespace NeuralCore.Autodiff;

/// <summary>
/// What the memory planner gets for one input-shape signature of a compiled function: the schedule,
/// the concrete shape of every variable, and the variables whose buffers must stay intact until the
/// call ends (function outputs and update values). The planner returns one tensor per node output;
/// two outputs may share storage when their lifetimes do not overlap, and an op's output may be
/// one of its inputs' buffers when the op supports in-place execution. Leaves (inputs, shared
/// variables, constants) are never written.
/// </summary>
public sealed class MemoryPlanRequest
{
    internal MemoryPlanRequest(IReadOnlyList<Apply> schedule, IReadOnlyDictionary<Variable, Shape> shapes, IReadOnlySet<Variable> keepAlive)
    {
        Schedule = schedule;
        Shapes = shapes;
        KeepAlive = keepAlive;
    }

    /// <summary>The nodes in execution order.</summary>
    public IReadOnlyList<Apply> Schedule { get; }

    /// <summary>The run-time shape of every variable of the graph (leaves and node outputs).</summary>
    public IReadOnlyDictionary<Variable, Shape> Shapes { get; }

    /// <summary>Variables read after the last node runs (outputs, update values): their buffers must not be reused.</summary>
    public IReadOnlySet<Variable> KeepAlive { get; }

    /// <summary>Variables that need a buffer of their own, sharing storage with no other variable (update values whose
    /// buffer is swapped with the shared variable's storage after the call): never an input's buffer, never pooled.</summary>
    internal IReadOnlySet<Variable> Dedicated { get; init; } = new HashSet<Variable>();

    /// <summary>Whether elementwise nodes may write into dead input buffers (off when "inplace" is excluded).</summary>
    internal bool AllowInPlace { get; init; } = true;
}
