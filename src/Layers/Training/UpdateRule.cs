using NeuralCore.Autodiff;

namespace NeuralCore.Layers.Training;

/// <summary>
/// Builds the parameter updates of a training step from the loss and the trainable parameters, e.g.
/// <c>(loss, ps) =&gt; Updates.Adam(loss, ps)</c> from NeuralCore.Optimizers (whose UpdateDictionary is such a
/// sequence), or a hand-written SGD.
/// </summary>
/// <param name="loss">The scalar training loss (penalties included).</param>
/// <param name="parameters">The trainable parameters.</param>
/// <returns>(shared variable, new value) pairs.</returns>
public delegate IEnumerable<(SharedVariable Target, Variable NewValue)> UpdateRule(Variable loss, IReadOnlyList<SharedVariable> parameters);
