using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Activation functions (Lasagne's <c>lasagne.nonlinearities</c>) as <c>Func&lt;Variable, Variable&gt;</c>,
/// so a method group or a lambda can be passed wherever a layer takes a nonlinearity:
/// <c>new DenseLayer(net, 10, Nonlinearities.Softmax)</c>.
/// </summary>
public static class Nonlinearities
{
    /// <summary>Logistic sigmoid 1 / (1 + e^-x).</summary>
    public static Variable Sigmoid(Variable x) => T.Sigmoid(x);

    /// <summary>Softmax over the last axis (rows of a matrix): e^x / Σ e^x.</summary>
    public static Variable Softmax(Variable x) => T.Softmax(x);

    /// <summary>Hyperbolic tangent.</summary>
    public static Variable Tanh(Variable x) => T.Tanh(x);

    /// <summary>Scaled tanh, scaleOut · tanh(scaleIn · x) (Lasagne's <c>ScaledTanH</c>; LeCun's recommended
    /// values are scaleIn = 2/3, scaleOut = 1.7159).</summary>
    public static Func<Variable, Variable> ScaledTanh(double scaleIn = 1.0, double scaleOut = 1.0) =>
        x => T.Tanh(x * scaleIn) * scaleOut;

    /// <summary>Rectifier max(0, x).</summary>
    public static Variable Rectify(Variable x) => T.Relu(x);

    /// <summary>Leaky rectifier: x for x &gt; 0, leakiness · x otherwise (Lasagne's <c>LeakyRectify(leakiness=0.01)</c>).</summary>
    public static Func<Variable, Variable> LeakyRectify(double leakiness = 0.01) => x => T.Relu(x, leakiness);

    /// <summary>Leaky rectifier with leakiness 0.01 (Lasagne's <c>leaky_rectify</c>).</summary>
    public static Variable LeakyRectifyDefault(Variable x) => T.Relu(x, 0.01);

    /// <summary>Leaky rectifier with leakiness 1/3 (Lasagne's <c>very_leaky_rectify</c>).</summary>
    public static Variable VeryLeakyRectify(Variable x) => T.Relu(x, 1.0 / 3.0);

    /// <summary>Exponential linear unit: x for x &gt; 0, e^x - 1 otherwise.</summary>
    public static Variable Elu(Variable x) => T.Elu(x);

    /// <summary>Scaled exponential linear unit with the self-normalizing constants
    /// (scale 1.0507009873554805, alpha 1.6732632423543772).</summary>
    public static Variable Selu(Variable x) => T.Selu(x);

    /// <summary>Softplus log(1 + e^x).</summary>
    public static Variable Softplus(Variable x) => T.Softplus(x);

    /// <summary>The identity (Lasagne's <c>linear</c>); use it for a layer without activation.</summary>
    public static Variable Linear(Variable x) => x;

    /// <summary>The identity (Lasagne's <c>identity</c>, same as <see cref="Linear"/>).</summary>
    public static Variable Identity(Variable x) => x;
}
