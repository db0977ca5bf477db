namespace NeuralCore.Autodiff;

/// <summary>
/// A node of the expression graph: an <see cref="Op"/> applied to input variables, producing
/// output variables. Created by <see cref="Op.MakeNode"/> (or the <see cref="T"/> functions).
/// </summary>
public sealed class Apply
{
    internal Apply(Op op, Variable[] inputs)
    {
        Op = op;
        InputArray = inputs;
        OutputArray = [];
    }

    /// <summary>The operation.</summary>
    public Op Op { get; }

    /// <summary>The inputs (a rewrite may replace them through <see cref="FunctionGraph.Replace"/>).</summary>
    public IReadOnlyList<Variable> Inputs => InputArray;

    /// <summary>The outputs.</summary>
    public IReadOnlyList<Variable> Outputs => OutputArray;

    internal Variable[] InputArray { get; }
    internal Variable[] OutputArray { get; set; }

    /// <summary>The first (usually only) output.</summary>
    public Variable Output => OutputArray[0];

    /// <summary>Runs this node's op on concrete input values (e.g. for constant folding): infers the output shapes,
    /// allocates the outputs and performs the op.</summary>
    /// <exception cref="ArgumentException">When the values do not fit the op.</exception>
    public Tensor[] Evaluate(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != InputArray.Length) throw new ArgumentException($"{Op}: {InputArray.Length} inputs expected, {inputs.Count} given");
        var values = inputs.ToArray();
        var inShapes = values.Select(v => v.Shape).ToArray();
        var outShapes = new Shape[OutputArray.Length];
        Op.InferShape(this, inShapes, outShapes);
        var outputs = new Tensor[outShapes.Length];
        for (int i = 0; i < outputs.Length; i++) outputs[i] = TensorCopy.Allocate(OutputArray[i].DType, outShapes[i]);
        Op.Perform(values, outputs);
        return outputs;
    }

    /// <summary>E.g. "add(x, y)".</summary>
    public override string ToString() => $"{Op}({string.Join(", ", InputArray.Select(v => v.ToString()))})";
}
