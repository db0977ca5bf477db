using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

/// <summary>
/// Gradient check of a layer in float64: the analytic gradients (Grad.Of) of cost = Σ u ⊙ output, with a
/// random projection u in [0.5, 1.5) as Theano's verify_grad uses, against central finite differences of
/// the compiled cost, for the input and every trainable parameter (a sample of entries each).
/// </summary>
internal static class LayerGradCheck
{
    public static bool Check(Layer layer, InputLayer input, Tensor<double> x, ulong seed, out string report, bool deterministic = true)
    {
        var output = LayerGraph.GetOutput(layer, deterministic);
        var outShape = (Tensor<double>)TestUtil.Eval(output, (input.InputVariable, x));
        var u = TestUtil.RandomTensor(outShape.Shape, seed + 1, 0.5, 1.5);
        var cost = (output * T.Constant(u)).Sum();
        var parameters = LayerGraph.GetAllParams(layer, trainable: true);
        var wrt = new List<Variable> { input.InputVariable };
        wrt.AddRange(parameters);
        var grads = Grad.Of(cost, wrt);
        var gradFn = Function.Compile([input.InputVariable], grads);
        var costFn = Function.Compile([input.InputVariable], cost);
        double Cost() => ((Tensor<double>)costFn.Invoke(x)[0]).ToScalar();

        var analytic = gradFn.Invoke(x).Select(g => ((Tensor<double>)g).ToArray()).ToArray();
        var targets = new List<Tensor<double>> { x };
        targets.AddRange(parameters.Select(p => p.GetValue<double>()));
        var rng = new RandomGenerator(seed + 2);
        const double eps = 1e-6;
        for (int t = 0; t < targets.Count; t++)
        {
            var span = targets[t].AsSpan();
            int samples = Math.Min(span.Length, 8);
            for (int s = 0; s < samples; s++)
            {
                int i = span.Length <= 8 ? s : rng.NextInt(span.Length);
                double orig = span[i];
                span[i] = orig + eps;
                double plus = Cost();
                span[i] = orig - eps;
                double minus = Cost();
                span[i] = orig;
                double numeric = (plus - minus) / (2 * eps);
                double a = analytic[t][i];
                if (Math.Abs(a - numeric) > 1e-5 * (1 + Math.Abs(numeric)))
                {
                    report = $"{layer.Describe()}: gradient of {(t == 0 ? "input" : parameters[t - 1].Name)} entry {i}: analytic {a}, numeric {numeric}";
                    return false;
                }
            }
        }
        report = "ok";
        return true;
    }
}
