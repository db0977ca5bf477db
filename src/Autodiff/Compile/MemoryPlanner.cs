namespace NeuralCore.Autodiff;

/// <summary>
/// Assigns an output buffer to every node output of a compiled function for one shape signature.
/// This first version gives every variable its own buffer (no reuse).
/// </summary>
internal static class MemoryPlanner
{
    /// <summary>One tensor per node output (see <see cref="MemoryPlanRequest"/> for the contract).</summary>
    public static Dictionary<Variable, Tensor> Plan(MemoryPlanRequest request)
    {
        var buffers = new Dictionary<Variable, Tensor>();
        foreach (var node in request.Schedule)
            foreach (var output in node.OutputArray)
                buffers[output] = TensorCopy.Allocate(output.DType, request.Shapes[output]);
        return buffers;
    }
}
