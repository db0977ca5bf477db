using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Typed options for one pass of <see cref="LayerGraph.GetOutput(Layer, bool)"/> through a network
/// (what Lasagne passes as <c>**kwargs</c> to every <c>get_output_for</c>), and a collector of state updates
/// that a custom layer may register explicitly (<see cref="AddUpdate"/>; pass <see cref="Updates"/> to
/// <c>Function.Compile</c>). The built-in layers register none: batch normalization attaches its running-average
/// updates to the pass's graph as default updates (<see cref="SharedVariable.DefaultUpdate"/>), as Lasagne does,
/// so compiling a training output applies them automatically.
/// </summary>
public sealed class OutputContext
{
    private readonly List<(SharedVariable Target, Variable NewValue)> _updates = [];

    /// <summary>Creates a context.</summary>
    /// <param name="deterministic">True for inference: dropout and noise off, batch normalization uses its running averages.</param>
    public OutputContext(bool deterministic = false) => Deterministic = deterministic;

    /// <summary>True for inference: dropout and noise layers pass their input through, batch
    /// normalization uses its running averages and does not update them.</summary>
    public bool Deterministic { get; }

    /// <summary>Overrides whether batch normalization normalizes with its running averages (Lasagne's
    /// <c>batch_norm_use_averages</c>); null means "when deterministic".</summary>
    public bool? BatchNormUseAverages { get; init; }

    /// <summary>Overrides whether batch normalization updates its running averages (Lasagne's
    /// <c>batch_norm_update_averages</c>); null means "when not deterministic".</summary>
    public bool? BatchNormUpdateAverages { get; init; }

    /// <summary>The state updates registered during the pass, in order (shared variable, new value).</summary>
    public IReadOnlyList<(SharedVariable Target, Variable NewValue)> Updates => _updates;

    /// <summary>Registers that <paramref name="variable"/> should take the value <paramref name="newValue"/>
    /// after each call of a compiled training function.</summary>
    /// <exception cref="ArgumentException">When <paramref name="variable"/> already has an update in this pass.</exception>
    public void AddUpdate(SharedVariable variable, Variable newValue)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(newValue);
        foreach (var (v, _) in _updates)
            if (ReferenceEquals(v, variable))
                throw new ArgumentException($"output context: shared variable '{variable.Name}' already has an update in this pass (is the layer used twice?)");
        _updates.Add((variable, newValue));
    }
}
