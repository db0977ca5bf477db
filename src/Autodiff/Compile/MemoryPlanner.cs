using System.Runtime.InteropServices;
using NeuralCore.Autodiff.Ops;
using NeuralCore.Tensors;

namespace NeuralCore.Autodiff;

/// <summary>
/// Assigns an output buffer to every node output of a compiled function for one input-shape
/// signature, from liveness (Theano's DestroyHandler + inplace_elemwise_opt, decided once per shape
/// signature instead of per rewrite):
/// <list type="bullet">
/// <item>a variable is dead after its last reader in the schedule; its buffer returns to a pool and
/// is reused (as a reshaped view) by a later result with the same dtype and element count;</item>
/// <item>a node whose op allows it (<see cref="Op.CanRunInPlace"/>: elementwise, fused, inc-subtensor) writes straight into an input buffer that dies at that node
/// and has the output's exact shape (in-place), so a chain of updates needs no fresh memory;</item>
/// <item>update values in <see cref="MemoryPlanRequest.Dedicated"/> get a fresh buffer that nothing else shares, because
/// the compiled function swaps it with the shared variable's storage after the call (double buffering);</item>
/// <item>leaves (function inputs, shared-variable values, constants) are never written, and buffers
/// of outputs and update values (<see cref="MemoryPlanRequest.KeepAlive"/>) are never reused, so the
/// update semantics (every update sees the old values) hold.</item>
/// </list>
/// All buffers are allocated here, at plan time: running the plan allocates nothing.
/// </summary>
internal static class MemoryPlanner
{
    /// <summary>One tensor per node output (see <see cref="MemoryPlanRequest"/> for the contract).</summary>
    public static Dictionary<Variable, Tensor> Plan(MemoryPlanRequest request)
    {
        var schedule = request.Schedule;
        var lastUse = new Dictionary<Variable, int>();
        for (int n = 0; n < schedule.Count; n++)
            foreach (var input in schedule[n].InputArray)
                if (input.Owner is not null) lastUse[input] = n;

        var buffers = new Dictionary<Variable, Tensor>();
        var pool = new Dictionary<(DType, int), Stack<Tensor>>();
        for (int n = 0; n < schedule.Count; n++)
        {
            var node = schedule[n];
            Variable? donor = request.AllowInPlace && !HasDedicatedOutput(request, node) ? InPlaceDonor(request, node, n, lastUse, buffers) : null;
            foreach (var output in node.OutputArray)
            {
                var shape = request.Shapes[output];
                if (donor is not null)
                {
                    buffers[output] = buffers[donor];
                    continue;
                }
                if (request.Dedicated.Contains(output))
                {
                    buffers[output] = TensorCopy.Allocate(output.DType, shape);
                    continue;
                }
                buffers[output] = pool.TryGetValue((output.DType, shape.Size), out var free) && free.Count > 0
                    ? AsShape(free.Pop(), shape)
                    : TensorCopy.Allocate(output.DType, shape);
            }
            // Inputs read for the last time here, and outputs nobody reads, give their buffers back.
            foreach (var input in node.InputArray)
                if (!ReferenceEquals(input, donor) && lastUse.TryGetValue(input, out int last) && last == n && !request.KeepAlive.Contains(input))
                {
                    lastUse[input] = -1; // release once even when the node reads it twice
                    Release(pool, buffers[input]);
                }
            foreach (var output in node.OutputArray)
                if (!lastUse.ContainsKey(output) && !request.KeepAlive.Contains(output)) Release(pool, buffers[output]);
        }
        return buffers;
    }

    private static bool HasDedicatedOutput(MemoryPlanRequest request, Apply node)
    {
        foreach (var o in node.OutputArray) if (request.Dedicated.Contains(o)) return true;
        return false;
    }

    // The input whose buffer the node may overwrite: one the op accepts as its output (Op.CanRunInPlace) with
    // the output's dtype and shape, computed by a node (never a leaf), not kept alive, and read by nobody after this node.
    private static Variable? InPlaceDonor(MemoryPlanRequest request, Apply node, int index, Dictionary<Variable, int> lastUse, Dictionary<Variable, Tensor> buffers)
    {
        if (node.OutputArray.Length != 1) return null;
        var output = node.Output;
        var shape = request.Shapes[output];
        for (int i = 0; i < node.InputArray.Length; i++)
        {
            var input = node.InputArray[i];
            if (!node.Op.CanRunInPlace(i) || input.Owner is null || input.DType != output.DType || request.KeepAlive.Contains(input)) continue;
            if (!lastUse.TryGetValue(input, out int last) || last != index || request.Shapes[input] != shape) continue;
            if (!buffers.ContainsKey(input)) continue;
            return input;
        }
        return null;
    }

    private static void Release(Dictionary<(DType, int), Stack<Tensor>> pool, Tensor buffer)
    {
        var key = (buffer.DType, buffer.Length);
        if (!pool.TryGetValue(key, out var stack)) pool[key] = stack = new Stack<Tensor>();
        stack.Push(buffer);
    }

    private static Tensor AsShape(Tensor buffer, Shape shape) => buffer.Shape == shape ? buffer : TensorCopy.Reshape(buffer, shape);

    /// <summary>Number of distinct underlying arrays among <paramref name="buffers"/> and their total size in bytes.</summary>
    public static (int Arrays, long Bytes) Footprint(IEnumerable<Tensor> buffers)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        long bytes = 0;
        foreach (var t in buffers)
        {
            object array = t.DType switch
            {
                DType.Float32 => MemoryMarshal.TryGetArray<float>(((Tensor<float>)t).AsMemory(), out var a) ? a.Array! : t,
                DType.Float64 => MemoryMarshal.TryGetArray<double>(((Tensor<double>)t).AsMemory(), out var b) ? b.Array! : t,
                _ => MemoryMarshal.TryGetArray<int>(((Tensor<int>)t).AsMemory(), out var c) ? c.Array! : t,
            };
            if (seen.Add(array)) bytes += (long)t.Length * t.DType.SizeOf();
        }
        return (seen.Count, bytes);
    }
}
