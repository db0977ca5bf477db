using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Weighted elementwise sum of inputs of the same shape (Lasagne's <c>ElemwiseSumLayer</c>):
/// output = Σ coeffs[i] · x[i]. Shape rule: as <see cref="ElemwiseMergeLayer"/>. No parameters.
/// </summary>
public sealed class ElemwiseSumLayer : ElemwiseMergeLayer
{
    private readonly double[] _coeffs;

    /// <summary>Creates the layer.</summary>
    /// <param name="incomings">The layers to sum.</param>
    /// <param name="coeffs">One coefficient per input, or null for all ones.</param>
    /// <param name="name">Optional layer name.</param>
    public ElemwiseSumLayer(IReadOnlyList<Layer> incomings, IReadOnlyList<double>? coeffs = null, string? name = null)
        : base(incomings, static (a, b) => a + b, name)
    {
        _coeffs = coeffs?.ToArray() ?? Enumerable.Repeat(1.0, incomings.Count).ToArray();
        if (_coeffs.Length != incomings.Count)
            throw new ArgumentException($"{Describe()}: {_coeffs.Length} coefficients given for {incomings.Count} inputs", nameof(coeffs));
    }

    /// <summary>Creates the layer with one coefficient for every input.</summary>
    public ElemwiseSumLayer(IReadOnlyList<Layer> incomings, double coeff, string? name = null)
        : this(incomings, Enumerable.Repeat(coeff, incomings?.Count ?? 0).ToArray(), name) { }

    /// <summary>The coefficients.</summary>
    public IReadOnlyList<double> Coeffs => _coeffs;

    /// <inheritdoc/>
    public override Variable GetOutputFor(IReadOnlyList<Variable> inputs, OutputContext context)
    {
        Variable? result = null;
        for (int i = 0; i < inputs.Count; i++)
        {
            var term = _coeffs[i] == 1.0 ? inputs[i] : inputs[i] * _coeffs[i];
            result = result is null ? term : result + term;
        }
        return result!;
    }
}
