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
    // The variable that owns the storage; this one for an ordinary shared variable, the original for an alias.
    private readonly SharedVariable _storage;

    /// <summary>Creates a shared variable that uses <paramref name="value"/> as its storage (not copied: updates write
    /// into it when the shape is unchanged). With <paramref name="fixedShape"/> (the default) the type knows every
    /// extent (enabling build-time shape checks) and later values must keep the shape; otherwise only
    /// dtype and rank are fixed.</summary>
    public SharedVariable(Tensor value, string? name = null, bool fixedShape = true)
        : base(fixedShape ? TensorType.Of(value) : TensorType.OfRank(value.DType, value.Rank), null, 0, name, SourceTrace.Capture())
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
        _storage = this;
    }

    private SharedVariable(SharedVariable storage, string? name)
        : base(storage.Type, null, 0, name ?? storage.Name, SourceTrace.Capture())
    {
        _storage = storage;
        _value = storage._value;   // not read: every access goes through _storage
    }

    /// <summary>A new shared variable that reads and writes the same value as this one (Theano's clone of a shared
    /// variable, which shares its container) but is a different graph node with its own
    /// <see cref="DefaultUpdate"/>. Layers use it to attach a default update to the graphs of training passes only:
    /// batch normalization's running averages are updated by every function compiled from a training output,
    /// while a function compiled from a deterministic output, which reads the original variable, leaves them alone.
    /// Setting <see cref="Value"/> on either is seen by both.</summary>
    /// <param name="name">The alias's name; null keeps this variable's name.</param>
    public SharedVariable CreateAlias(string? name = null) => new(_storage, name);

    /// <summary>The variable owning the value: this one, or the original of an alias made by <see cref="CreateAlias"/>.</summary>
    public SharedVariable Storage => _storage;

    /// <summary>The current value (the live tensor, not a copy). Setting checks dtype, rank and fixed extents.</summary>
    /// <exception cref="ArgumentException">When the new value does not fit the variable's type.</exception>
    public Tensor Value
    {
        get => _storage._value;
        set
        {
            Type.Validate(value, $"shared variable '{Name ?? "?"}'");
            _storage._value = value;
        }
    }

    /// <summary>An update applied by every compiled function whose graph uses this variable, unless the function
    /// updates it explicitly or is compiled with <see cref="CompileOptions.NoDefaultUpdates"/> (Theano's
    /// <c>default_update</c>; e.g. batch-norm running averages).</summary>
    public Variable? DefaultUpdate { get; set; }

    /// <summary>The value as a tensor of <typeparamref name="TElement"/>.</summary>
    /// <exception cref="InvalidCastException">When the dtype differs.</exception>
    public Tensor<TElement> GetValue<TElement>() where TElement : unmanaged, System.Numerics.INumber<TElement> => (Tensor<TElement>)_storage._value;

    // Used by compiled functions (double buffering): when newValue has the value's shape and both own their whole
    // storage, the two tensors exchange storage in O(1): the value object stays the same (references held by callers
    // see the new data) and newValue, a buffer owned by the function, receives the old data to overwrite next call.
    // An alias swaps into its storage owner's value (its own field is only a snapshot from when it was made).
    internal bool TrySwapIn(Tensor newValue)
    {
        var value = _storage._value;
        return newValue.Shape == value.Shape && !ReferenceEquals(newValue, value) && TensorCopy.TrySwapStorage(value, newValue);
    }

    // Used by compiled functions: writes a new value, in place when the shape matches.
    internal void Assign(Tensor newValue)
    {
        if (!ReferenceEquals(_storage, this))
        {
            _storage.Assign(newValue);
            return;
        }
        if (newValue.Shape == _value.Shape && !ReferenceEquals(newValue, _value))
        {
            TensorCopy.Copy(newValue, _value);
            return;
        }
        Type.Validate(newValue, $"update of shared variable '{Name ?? "?"}'");
        _value = TensorCopy.Clone(newValue);
    }
}
