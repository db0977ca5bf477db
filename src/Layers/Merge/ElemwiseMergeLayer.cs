using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Combines inputs of the same shape elementwise with a binary function (Lasagne's
/// <c>ElemwiseMergeLayer</c>), folded left: f(f(x0, x1), x2)... Shape rule: all inputs must have the same
/// shape (unknown extents are compatible); the output has it. No parameters.
/// </summary>
public class ElemwiseMergeLayer : MergeLayer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="incomings">The layers to merge.</param>
    /// <param name="mergeFunction">The binary elementwise function, e.g. <c>T.Maximum</c> or <c>(a, b) =&gt; a * b</c>.</param>
    /// <param name="name">Optional layer name.</param>
    public ElemwiseMergeLayer(IReadOnlyList<Layer> incomings, Func<Variable, Variable, Variable> mergeFunction, string? name = null) : base(incomings, name)
    {
        MergeFunction = mergeFunction ?? throw new ArgumentNullException(nameof(mergeFunction));
        ValidateOutputShape();
    }

    /// <summary>The binary function.</summary>
    public Func<Variable, Variable, Variable> MergeFunction { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<int?> GetOutputShapeFor(IReadOnlyList<IReadOnlyList<int?>> inputShapes)
    {
        var output = inputShapes[0].ToArray();
        for (int k = 1; k < inputShapes.Count; k++)
        {
            var s = inputShapes[k];
            if (s.Count != output.Length) throw ShapeError("all inputs must have the same shape", inputShapes);
            for (int i = 0; i < output.Length; i++)
            {
                if (output[i] is int x && s[i] is int y && x != y) throw ShapeError("all inputs must have the same shape", inputShapes);
                output[i] ??= s[i];
            }
        }
        return output;
    }

    /// <inheritdoc/>
    public override Variable GetOutputFor(IReadOnlyList<Variable> inputs, OutputContext context)
    {
        var result = inputs[0];
        for (int i = 1; i < inputs.Count; i++) result = MergeFunction(result, inputs[i]);
        return result;
    }
}
