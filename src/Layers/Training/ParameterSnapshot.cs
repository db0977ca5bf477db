using NeuralCore.Tensors;

namespace NeuralCore.Layers.Training;

/// <summary>A copy of every parameter value of a network (including batch-norm statistics), to keep the best
/// epoch's parameters and put them back (Lasagne's get/set_all_param_values).</summary>
public sealed class ParameterSnapshot
{
    private readonly Tensor[] _values;

    private ParameterSnapshot(Tensor[] values) => _values = values;

    /// <summary>Copies the current values of <paramref name="network"/>'s parameters.</summary>
    public static ParameterSnapshot Capture(Layer network) => new(LayerGraph.GetAllParamValues(network ?? throw new ArgumentNullException(nameof(network))));

    /// <summary>A snapshot holding <paramref name="values"/> (read back from a training checkpoint).</summary>
    internal static ParameterSnapshot FromValues(Tensor[] values) => new(values);

    /// <summary>The copied values, in <see cref="LayerGraph.GetAllParams(Layer, bool?, bool?, bool?)"/> order.</summary>
    public IReadOnlyList<Tensor> Values => _values;

    /// <summary>Writes the copied values back into <paramref name="network"/>.</summary>
    /// <exception cref="ArgumentException">When the network's parameters do not match the snapshot.</exception>
    public void Restore(Layer network) => LayerGraph.SetAllParamValues(network ?? throw new ArgumentNullException(nameof(network)), _values);
}
