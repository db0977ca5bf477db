using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Tests;

/// <summary>
/// Gradient check of a layer in float64 with the autodiff <see cref="GradientChecker"/> (random projection of the
/// output, central finite differences of every entry): the layer's output is rebuilt as a function of its input and
/// of its trainable parameters, which replace the shared variables in a clone of the graph.
/// </summary>
internal static class LayerGradCheck
{
    public static bool Check(Layer layer, InputLayer input, Tensor<double> x, ulong seed, out string report, bool deterministic = true)
    {
        var parameters = LayerGraph.GetAllParams(layer, trainable: true);
        var points = new List<Tensor> { x };
        points.AddRange(parameters.Select(p => (Tensor)p.GetValue<double>().Clone()));
        try
        {
            var worst = GradientChecker.Verify(vars =>
            {
                var output = LayerGraph.GetOutput(layer, new Dictionary<Layer, Variable> { [input] = vars[0] }, deterministic);
                var replacements = new Dictionary<Variable, Variable>();
                for (int i = 0; i < parameters.Count; i++) replacements[parameters[i]] = vars[i + 1];
                var cloned = GraphTraversal.Clone([output], replacements)[0];
                // Guard against a vacuous check: every checked variable must feed the output.
                var ancestors = GraphTraversal.Ancestors([cloned]);
                foreach (var v in vars)
                    if (!ancestors.Contains(v)) throw new InvalidOperationException($"{layer.Describe()}: {v.Name} does not reach the output");
                return cloned;
            }, points, seed: (int)(seed % int.MaxValue), tests: 1);
            report = worst.ToString();
            return true;
        }
        catch (GradientCheckException e)
        {
            report = $"{layer.Describe()}: {e.Message}";
            return false;
        }
    }
}
