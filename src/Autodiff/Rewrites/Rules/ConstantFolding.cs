using NeuralCore.Tensors;

namespace NeuralCore.Autodiff;

/// <summary>
/// Constant folding (Theano's topo_constant_folding): a node whose inputs are all constants is
/// evaluated at compile time and replaced by constants. Ops opt out with <see cref="Op.CanConstantFold"/>
/// (random ops); results larger than <see cref="MaxElements"/> are left to run time.
/// </summary>
public sealed class ConstantFolding : LocalRewrite
{
    /// <summary>Largest folded output, in elements.</summary>
    public const int MaxElements = 1 << 20;

    /// <summary>Creates the rewrite.</summary>
    public ConstantFolding() : base("constant_folding", "canonicalize", "stabilize", "specialize", RewriteRegistry.FastCompileTag) { }

    /// <inheritdoc/>
    public override Variable[]? Transform(FunctionGraph graph, Apply node)
    {
        if (!node.Op.CanConstantFold) return null;
        var inputs = new Tensor[node.InputArray.Length];
        var shapes = new Shape[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (node.InputArray[i] is not Constant c) return null;
            inputs[i] = c.Value;
            shapes[i] = c.Value.Shape;
        }
        var outShapes = new Shape[node.OutputArray.Length];
        node.Op.InferShape(node, shapes, outShapes);
        var outputs = new Tensor[outShapes.Length];
        for (int o = 0; o < outputs.Length; o++)
        {
            if (outShapes[o].Size > MaxElements) return null;
            outputs[o] = TensorCopy.Allocate(node.OutputArray[o].DType, outShapes[o]);
        }
        node.Op.Perform(inputs, outputs);
        var result = new Variable[outputs.Length];
        for (int o = 0; o < outputs.Length; o++) result[o] = new Constant(outputs[o], node.OutputArray[o].Name);
        return result;
    }
}
