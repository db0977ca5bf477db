namespace NeuralCore.Layers.Training;

/// <summary>Deterministic loss and accuracy of a model on a data set.</summary>
/// <param name="Loss">Mean cross-entropy over the examples.</param>
/// <param name="Accuracy">Fraction of examples classified correctly.</param>
/// <param name="Count">Number of examples.</param>
public readonly record struct EvaluationResult(double Loss, double Accuracy, int Count);
