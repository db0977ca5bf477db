using System.Collections;
using NeuralCore.Autodiff;

namespace NeuralCore.Optimizers;

/// <summary>
/// An insertion-ordered map from shared variables to their update expressions (Lasagne's <c>OrderedDict</c> of
/// updates): what every update rule returns, and what <see cref="Function.Compile(IReadOnlyList{Variable}, Variable, IEnumerable{ValueTuple{SharedVariable, Variable}}?, IEnumerable{ValueTuple{Variable, Variable}}?, CompileOptions?)"/>
/// accepts directly as its <c>updates</c> argument. Replacing an entry keeps its position, as in an OrderedDict.
/// Keys are compared by reference (each shared variable is its own identity).
/// </summary>
public sealed class UpdateDictionary : IReadOnlyCollection<(SharedVariable Target, Variable NewValue)>
{
    private readonly List<SharedVariable> _order = [];
    private readonly Dictionary<SharedVariable, Variable> _values = new(ReferenceEqualityComparer.Instance);

    /// <summary>An empty dictionary.</summary>
    public UpdateDictionary() { }

    /// <summary>A dictionary holding <paramref name="updates"/> in order (a copy, like <c>OrderedDict(updates)</c>).</summary>
    /// <exception cref="ArgumentException">When a target appears twice or an expression does not fit its target.</exception>
    public UpdateDictionary(IEnumerable<(SharedVariable Target, Variable NewValue)> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        foreach (var (target, value) in updates) Add(target, value);
    }

    /// <summary>The number of updates.</summary>
    public int Count => _order.Count;

    /// <summary>The updated shared variables, in insertion order.</summary>
    public IReadOnlyList<SharedVariable> Keys => _order;

    /// <summary>The update expression of <paramref name="target"/>; setting replaces it in place or appends a new entry.</summary>
    /// <exception cref="KeyNotFoundException">When getting a target that has no update.</exception>
    /// <exception cref="ArgumentException">When setting an expression whose dtype or rank differs from the target's.</exception>
    public Variable this[SharedVariable target]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(target);
            return _values.TryGetValue(target, out var v) ? v
                : throw new KeyNotFoundException($"UpdateDictionary: there is no update for {Names.Of(target)}");
        }
        set
        {
            Check(target, value);
            if (!_values.ContainsKey(target)) _order.Add(target);
            _values[target] = value;
        }
    }

    /// <summary>Adds the update of a shared variable that has none yet.</summary>
    /// <exception cref="ArgumentException">When <paramref name="target"/> already has an update, or the expression's
    /// dtype or rank differs from the target's.</exception>
    public void Add(SharedVariable target, Variable newValue)
    {
        Check(target, newValue);
        if (_values.ContainsKey(target)) throw new ArgumentException($"UpdateDictionary.Add: {Names.Of(target)} already has an update; use the indexer to replace it", nameof(target));
        _order.Add(target);
        _values[target] = newValue;
    }

    /// <summary>Whether <paramref name="target"/> has an update.</summary>
    public bool ContainsKey(SharedVariable target) => target is not null && _values.ContainsKey(target);

    /// <summary>Gets the update of <paramref name="target"/> if it has one.</summary>
    public bool TryGetValue(SharedVariable target, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Variable newValue)
    {
        if (target is null) { newValue = null; return false; }
        return _values.TryGetValue(target, out newValue);
    }

    /// <summary>Removes the update of <paramref name="target"/>; returns whether there was one.</summary>
    public bool Remove(SharedVariable target)
    {
        if (target is null || !_values.Remove(target)) return false;
        _order.Remove(target);
        return true;
    }

    /// <summary>Adds or replaces every update of <paramref name="other"/> (Python's <c>dict.update</c>): entries
    /// already present keep their position and take the other's expression, new ones are appended in order.
    /// Returns this dictionary.</summary>
    public UpdateDictionary Merge(IEnumerable<(SharedVariable Target, Variable NewValue)> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        // Materialise first so that merging a dictionary into itself does not modify it while enumerating.
        var items = other.ToList();
        foreach (var (target, value) in items) this[target] = value;
        return this;
    }

    /// <summary>A copy with the same entries in the same order.</summary>
    public UpdateDictionary Clone() => new(this);

    /// <summary>The (target, new value) pairs in insertion order.</summary>
    public IEnumerator<(SharedVariable Target, Variable NewValue)> GetEnumerator()
    {
        foreach (var target in _order) yield return (target, _values[target]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static void Check(SharedVariable target, Variable value)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(value);
        if (value.DType != target.DType || value.Rank != target.Rank)
            throw new ArgumentException($"UpdateDictionary: the update of {Names.Of(target)} has type {value.Type}; dtype and rank must match the shared variable's");
    }
}
