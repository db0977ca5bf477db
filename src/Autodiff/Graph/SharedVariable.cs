using NeuralCore.Tensors;

namespace NeuralCore.Autodiff;

/// <summary>
/// A variable whose value lives outside compiled functions and persists between calls (Theano's
/// <c>shared</c>): model parameters, optimizer state. Compiled functions read it directly and
/// write it through their updates. <see cref="Value"/> is the live tensor: updates change its contents
/// when the shape is unchanged (the object stays the same; its storage is swapped with the function's buffer
/// holding the new value, so views taken of it earlier do not follow updates).
/// </summary>
public sealed class SharedVariable : Variable
{
    private Tensor _value;

    /// <summary>Creates a shared variable that uses <paramref name="value"/> as its storage (not copied: updates write
    /// into it when the shape is unchanged). With <paramref name="fixedShape"/> (the default) the type knows every
    /// extent (enabling build-time shape checks) and later values must keep the shape; otherwise only
    /// dtype and rank are fixed.</summary>
    public SharedVariable(Tensor value, string? name = null, bool fixedShape = true)
        : base(fixedShape ? TensorType.Of(value) : TensorType.OfRank(value.DType, value.Rank), null, 0, name, SourceTrace.Capture())
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The current value (the live tensor, not a copy). Setting checks dtype, rank and fixed extents.</summary>
    /// <exception cref="ArgumentException">When the new value does not fit the variable's type.</exception>
    public Tensor Value
    {
        get => _value;
        set
        {
            Type.Validate(value, $"shared variable '{Name ?? "?"}'");
            _value = value;
        }
    }

    /// <summary>An update applied by every compiled function whose graph uses this variable, unless the function
    /// updates it explicitly or is compiled with <see cref="CompileOptions.NoDefaultUpdates"/> (Theano's
    /// <c>default_update</c>; e.g. batch-norm running averages).</summary>
    public Variable? DefaultUpdate { get; set; }

    /// <summary>The value as a tensor of <typeparamref name="TElement"/>.</summary>
    /// <exception cref="InvalidCastException">When the dtype differs.</exception>
    public Tensor<TElement> GetValue<TElement>() where TElement : unmanaged, System.Numerics.INumber<TElement> => (Tensor<TElement>)_value;

    // Used by compiled functions (double buffering): when newValue has the value's shape and both own their whole
    // storage, the two tensors exchange storage in O(1): the value object stays the same (references held by callers
    // see the new data) and newValue, a buffer owned by the function, receives the old data to overwrite next call.
    internal bool TrySwapIn(Tensor newValue)
        => newValue.Shape == _value.Shape && !ReferenceEquals(newValue, _value) && TensorCopy.TrySwapStorage(_value, newValue);

    // Used by compiled functions: writes a new value, in place when the shape matches.
    internal void Assign(Tensor newValue)
    {
        if (newValue.Shape == _value.Shape && !ReferenceEquals(newValue, _value))
        {
            TensorCopy.Copy(newValue, _value);
            return;
        }
        Type.Validate(newValue, $"update of shared variable '{Name ?? "?"}'");
        _value = TensorCopy.Clone(newValue);
    }
}
