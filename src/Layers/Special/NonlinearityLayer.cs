using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Applies a nonlinearity elementwise (Lasagne's <c>NonlinearityLayer</c>): output = f(x).
/// Shape rule: the input shape. No parameters.
/// </summary>
public sealed class NonlinearityLayer : Layer
{
    /// <summary>Creates the layer; a null <paramref name="nonlinearity"/> means <see cref="Nonlinearities.Rectify"/>, as in Lasagne.</summary>
    public NonlinearityLayer(Layer incoming, Func<Variable, Variable>? nonlinearity = null, string? name = null) : base(incoming, name)
    {
        Nonlinearity = nonlinearity ?? Nonlinearities.Rectify;
        ValidateOutputShape();
    }

    /// <summary>The function applied.</summary>
    public Func<Variable, Variable> Nonlinearity { get; }

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context) => Nonlinearity(input);
}
