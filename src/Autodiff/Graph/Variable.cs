using NeuralCore.Tensors;

namespace NeuralCore.Autodiff;

/// <summary>
/// A symbolic tensor in an expression graph: a graph input (no owner), a <see cref="Constant"/>,
/// a <see cref="SharedVariable"/>, or output <see cref="OutputIndex"/> of the <see cref="Apply"/>
/// node <see cref="Owner"/>. Variables compare by reference. Build expressions with the C#
/// operators, the instance methods and the factory/math functions of <see cref="T"/>.
/// </summary>
public partial class Variable
{
    /// <summary>Creates a graph input of the given type (usually via <see cref="T.Matrix"/> etc.).</summary>
    public Variable(TensorType type, string? name = null)
        : this(type, null, 0, name, SourceTrace.Capture()) { }

    internal Variable(TensorType type, Apply? owner, int outputIndex, string? name, SourceTrace? trace)
    {
        ArgumentNullException.ThrowIfNull(type);
        Type = type;
        Owner = owner;
        OutputIndex = outputIndex;
        Name = name;
        Trace = trace;
    }

    /// <summary>The type: dtype, rank and static extents.</summary>
    public TensorType Type { get; }

    /// <summary>The element type.</summary>
    public DType DType => Type.DType;

    /// <summary>Number of axes.</summary>
    public int Rank => Type.Rank;

    /// <summary>The node that computes this variable; null for inputs, constants and shared variables.</summary>
    public Apply? Owner { get; internal set; }

    /// <summary>Which output of <see cref="Owner"/> this variable is.</summary>
    public int OutputIndex { get; internal set; }

    /// <summary>Optional name used by the printers and in error messages.</summary>
    public string? Name { get; set; }

    /// <summary>Where this variable was built (copied by gradients and rewrites).</summary>
    public SourceTrace? Trace { get; set; }

    /// <summary>The symbolic shape: <c>x.Shape[0]</c> is the (possibly run-time) extent of axis 0,
    /// usable as a <see cref="Dim"/> in allocation and reshape targets and random streams.</summary>
    public SymbolicShape Shape => new(this);

    /// <summary>True for graph inputs (no owner and not a constant or shared variable).</summary>
    public bool IsInput => Owner is null && this is not Constant && this is not SharedVariable;

    /// <summary>A short description: the name, or the op that computes it, and the type.</summary>
    public override string ToString()
    {
        if (Name is not null) return Name;
        if (Owner is not null) return $"{Owner.Op.Name} output {OutputIndex} {Type}";
        return $"<{Type}>";
    }

    /// <summary>Name (if any) and type, for error messages.</summary>
    internal string Describe() => Name is null ? $"{Type}" : $"'{Name}' {Type}";
}
