using NeuralCore.Autodiff;
using NeuralCore.Layers.Init;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// How a layer obtains one of its parameters (Lasagne's <c>spec</c> in <c>add_param</c>): an
/// <see cref="Initializer"/> to sample from, a <see cref="Tensor"/> holding initial values (copied), or
/// an existing <see cref="SharedVariable"/> to share (tied weights). <see cref="None"/> means "no such
/// parameter" (Lasagne's <c>b=None</c>). All three convert implicitly, so a layer is written
/// <c>new DenseLayer(net, 10, W: new GlorotNormal(), b: ParamSpec.None)</c>.
/// </summary>
public sealed class ParamSpec
{
    private ParamSpec(Initializer? initializer, Tensor? tensor, SharedVariable? shared, bool none)
    {
        Initializer = initializer;
        Tensor = tensor;
        Shared = shared;
        IsNone = none;
    }

    /// <summary>The parameter is omitted (for example a layer without bias).</summary>
    public static ParamSpec None { get; } = new(null, null, null, none: true);

    /// <summary>The initializer, when the parameter is sampled.</summary>
    public Initializer? Initializer { get; }

    /// <summary>The initial values, when given as a tensor.</summary>
    public Tensor? Tensor { get; }

    /// <summary>The shared variable, when an existing parameter is reused.</summary>
    public SharedVariable? Shared { get; }

    /// <summary>True for <see cref="None"/>.</summary>
    public bool IsNone { get; }

    /// <summary>Sample the parameter from <paramref name="initializer"/>.</summary>
    public static implicit operator ParamSpec(Initializer initializer) => new(initializer ?? throw new ArgumentNullException(nameof(initializer)), null, null, false);

    /// <summary>Use a copy of <paramref name="values"/> as initial values.</summary>
    public static implicit operator ParamSpec(Tensor values) => new(null, values ?? throw new ArgumentNullException(nameof(values)), null, false);

    /// <summary>Share <paramref name="variable"/> (tied weights).</summary>
    public static implicit operator ParamSpec(SharedVariable variable) => new(null, null, variable ?? throw new ArgumentNullException(nameof(variable)), false);

    /// <summary>Creates (or checks and returns) the shared variable for a parameter of the given shape and dtype.</summary>
    /// <exception cref="ArgumentException">When a given tensor or shared variable has another shape or dtype.</exception>
    internal SharedVariable? Create(Shape shape, DType dtype, string name, string owner)
    {
        if (IsNone) return null;
        if (Shared is not null)
        {
            if (Shared.Value.Shape != shape)
                throw new ShapeMismatchException(owner, $"shared variable given for parameter '{name}' has shape {Shared.Value.Shape}, expected {shape}", Shared.Value.Shape, shape);
            if (Shared.DType != dtype)
                throw new ArgumentException($"{owner}: shared variable given for parameter '{name}' has dtype {Shared.DType.Name()}, expected {dtype.Name()}");
            return Shared;
        }
        if (Tensor is not null)
        {
            if (Tensor.Shape != shape)
                throw new ShapeMismatchException(owner, $"tensor given for parameter '{name}' has shape {Tensor.Shape}, expected {shape}", Tensor.Shape, shape);
            Tensor copy = dtype switch
            {
                DType.Float32 => Tensor.Cast<float>(),
                DType.Float64 => Tensor.Cast<double>(),
                _ => throw new ArgumentException($"{owner}: parameter '{name}' cannot have dtype {dtype.Name()}"),
            };
            return new SharedVariable(copy, name);
        }
        Tensor sampled;
        lock (LayersRandom.SyncRoot) sampled = Initializer!.Sample(shape, dtype, LayersRandom.Generator);
        return new SharedVariable(sampled, name);
    }

    /// <summary>A description for messages.</summary>
    public override string ToString() =>
        IsNone ? "None" : Initializer?.ToString() ?? (Tensor is not null ? $"tensor {Tensor.Shape}" : $"shared '{Shared!.Name}'");
}
