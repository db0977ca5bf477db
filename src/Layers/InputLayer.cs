using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// The entry point of a network (Lasagne's <c>InputLayer(shape, input_var=None)</c>): holds the
/// symbolic input variable and its shape, with null for extents that vary (the batch size).
/// Output = the input variable; shape rule: the given shape. No parameters.
/// </summary>
public sealed class InputLayer : Layer
{
    /// <summary>Creates an input layer.</summary>
    /// <param name="shape">The input shape; null extents are unknown until run time (e.g. <c>[null, 1, 28, 28]</c>).</param>
    /// <param name="inputVariable">The symbolic input; when null a graph input of the right rank is created
    /// (named after the layer, float32 unless <paramref name="dtype"/> says otherwise).</param>
    /// <param name="name">Optional layer name.</param>
    /// <param name="dtype">The dtype of a created input variable; ignored when <paramref name="inputVariable"/> is given.</param>
    /// <exception cref="ShapeMismatchException">When the variable's rank or static extents contradict <paramref name="shape"/>,
    /// or an extent is not positive.</exception>
    public InputLayer(IReadOnlyList<int?> shape, Variable? inputVariable = null, string? name = null, DType dtype = DType.Float32)
        : base(name, inputVariable?.DType ?? dtype)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var copy = new int?[shape.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            if (shape[i] is <= 0)
                throw new ShapeMismatchException(Describe(), $"cannot create a layer with a non-positive extent on axis {i}: {FormatShape(shape)}");
            copy[i] = shape[i];
        }
        Shape = copy;
        if (inputVariable is null)
        {
            inputVariable = new Variable(new TensorType(DType, copy), name is null ? "input" : name + ".input");
        }
        else
        {
            if (inputVariable.Rank != copy.Length)
                throw new ShapeMismatchException(Describe(), $"input variable {inputVariable} has rank {inputVariable.Rank} but the shape {FormatShape(shape)} has {copy.Length} axes");
            for (int i = 0; i < copy.Length; i++)
                if (copy[i] is int d && inputVariable.Type.Shape[i] is int v && v != d)
                    throw new ShapeMismatchException(Describe(), $"input variable {inputVariable} has extent {v} on axis {i} but the shape {FormatShape(shape)} says {d}");
        }
        InputVariable = inputVariable;
    }

    /// <summary>The symbolic input this layer outputs.</summary>
    public Variable InputVariable { get; }

    /// <summary>The declared shape (null extents are unknown).</summary>
    public IReadOnlyList<int?> Shape { get; }

    /// <inheritdoc/>
    private protected override IReadOnlyList<int?> ComputeOutputShape() => Shape;

    /// <summary>An input layer's output is its input variable.</summary>
    public override Variable GetOutputFor(Variable input, OutputContext context) => input;
}
