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

    /// <summary>E.g. "add(x, y)".</summary>
    public override string ToString() => $"{Op}({string.Join(", ", InputArray.Select(v => v.ToString()))})";
}
