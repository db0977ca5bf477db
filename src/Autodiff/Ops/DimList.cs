namespace NeuralCore.Autodiff.Ops;

/// <summary>
/// A symbolic shape stored in an op: each entry is a constant (-1 = infer, for reshape) or "extent
/// of axis a of input i" of the node. Ops built from <see cref="Dim"/> values use it so that output
/// shapes depend only on input shapes (never on input values), which keeps execution plans static.
/// </summary>
internal sealed class DimList : IEquatable<DimList>
{
    private readonly (int Value, int Input, int Axis, int Scale, int Offset)[] _entries;

    private DimList((int, int, int, int, int)[] entries) => _entries = entries;

    public int Count => _entries.Length;

    /// <summary>Encodes <paramref name="dims"/>; referenced variables are appended to <paramref name="inputs"/>
    /// (reusing an existing entry when the same variable is already an input).</summary>
    public static DimList Build(IReadOnlyList<Dim> dims, List<Variable> inputs)
    {
        var entries = new (int, int, int, int, int)[dims.Count];
        for (int k = 0; k < dims.Count; k++)
        {
            var d = dims[k];
            if (d.Value is int v) { entries[k] = (v, -1, 0, 1, 0); continue; }
            int index = inputs.FindIndex(x => ReferenceEquals(x, d.Source));
            if (index < 0) { index = inputs.Count; inputs.Add(d.Source!); }
            entries[k] = (0, index, d.Axis, d.Scale, d.Offset);
        }
        return new DimList(entries);
    }

    /// <summary>Static extents: constants, and referenced axes whose extent is statically known (-1 stays -1).</summary>
    public int?[] StaticShape(IReadOnlyList<Variable> inputs)
    {
        var s = new int?[_entries.Length];
        for (int k = 0; k < s.Length; k++)
        {
            var (v, i, a, m, o) = _entries[k];
            s[k] = i < 0 ? v : inputs[i].Type.Shape[a] * m + o;
        }
        return s;
    }

    /// <summary>Concrete extents from the input shapes (-1 stays -1).</summary>
    public int[] Resolve(ReadOnlySpan<Shape> inputShapes)
    {
        var d = new int[_entries.Length];
        for (int k = 0; k < d.Length; k++)
        {
            var (v, i, a, m, o) = _entries[k];
            d[k] = i < 0 ? v : inputShapes[i][a] * m + o;
            if (d[k] < 0 && i >= 0) throw new ShapeMismatchException("shape", $"extent {m}*{inputShapes[i][a]}{o:+0;-0} of axis {k} is negative", inputShapes[i]);
        }
        return d;
    }

    /// <summary>True when input <paramref name="index"/> is referenced for its shape.</summary>
    public bool References(int index)
    {
        foreach (var e in _entries) if (e.Input == index) return true;
        return false;
    }

    public string Format(IReadOnlyList<string> inputs)
        => "(" + string.Join(", ", _entries.Select(e => e.Input < 0 ? e.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : (e.Scale == 1 ? "" : $"{e.Scale}*") + $"{inputs[e.Input]}.shape[{e.Axis}]" + (e.Offset == 0 ? "" : e.Offset > 0 ? $"+{e.Offset}" : $"{e.Offset}"))) + ")";

    public override string ToString()
        => "(" + string.Join(",", _entries.Select(e => e.Input < 0 ? e.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{e.Scale}*in{e.Input}[{e.Axis}]{e.Offset:+0;-0}")) + ")";

    public bool Equals(DimList? other) => other is not null && other._entries.AsSpan().SequenceEqual(_entries);
    public override bool Equals(object? obj) => obj is DimList d && Equals(d);
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var e in _entries) h.Add(e);
        return h.ToHashCode();
    }
}
