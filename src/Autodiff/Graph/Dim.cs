namespace NeuralCore.Autodiff;

/// <summary>
/// One extent in a symbolic shape: a constant, or "the extent of axis <see cref="Axis"/> of
/// <see cref="Source"/>" (known at run time, e.g. the batch size <c>x.Shape[0]</c>). Ints convert
/// implicitly. In reshape targets, -1 means "infer" as in NumPy.
/// </summary>
public readonly struct Dim
{
    private Dim(int? value, Variable? source, int axis, int scale = 1, int offset = 0)
    {
        Value = value;
        Source = source;
        Axis = axis;
        Scale = scale;
        Offset = offset;
    }

    /// <summary>Multiplier of the source extent (run-time dims are Scale * extent + Offset).</summary>
    public int Scale { get; }

    /// <summary>Added to the scaled source extent.</summary>
    public int Offset { get; }

    /// <summary>The extent plus a constant, e.g. <c>x.Shape[2] + 2 * pad</c>.</summary>
    public static Dim operator +(Dim d, int k) => d.Value is int v ? v + k : new Dim(null, d.Source, d.Axis, d.Scale, d.Offset + k);

    /// <summary>The extent minus a constant.</summary>
    public static Dim operator -(Dim d, int k) => d + -k;

    /// <summary>The extent times a constant, e.g. <c>x.Shape[2] * 2</c> for upscaling.</summary>
    public static Dim operator *(Dim d, int k) => d.Value is int v ? v * k : new Dim(null, d.Source, d.Axis, d.Scale * k, d.Offset * k);

    /// <summary>The extent times a constant.</summary>
    public static Dim operator *(int k, Dim d) => d * k;

    /// <summary>The constant extent, or null for a run-time extent.</summary>
    public int? Value { get; }

    /// <summary>The variable whose axis gives the extent (null for constants).</summary>
    public Variable? Source { get; }

    /// <summary>The axis of <see cref="Source"/>.</summary>
    public int Axis { get; }

    /// <summary>A constant extent.</summary>
    public static implicit operator Dim(int value) => new(value, null, 0);

    /// <summary>The extent of axis <paramref name="axis"/> of <paramref name="source"/>; a constant when statically known.</summary>
    public static Dim Of(Variable source, int axis)
    {
        ArgumentNullException.ThrowIfNull(source);
        int a = axis < 0 ? axis + source.Rank : axis;
        if (a < 0 || a >= source.Rank)
            throw new GraphBuildException("shape", $"axis {axis} is out of range for {source.Describe()}", SourceTrace.Capture());
        if (source.Type.Shape[a] is int known) return new Dim(known, null, 0);
        return new Dim(null, source, a);
    }

    /// <summary>"784" or "x.shape[0]".</summary>
    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture)
        ?? (Scale == 1 ? "" : $"{Scale}*") + $"{Source!.Name ?? "?"}.shape[{Axis}]" + (Offset == 0 ? "" : Offset > 0 ? $"+{Offset}" : $"{Offset}");

    /// <summary>The extent as an int32 scalar variable (e.g. to divide by the batch size after a cast).</summary>
    public Variable ToVariable()
    {
        if (Value is int v) return T.Constant(v);
        var extent = new Ops.ShapeOfOp(Axis).MakeNode(Source!)[0];
        if (Scale != 1) extent = extent * Scale;
        return Offset != 0 ? extent + Offset : extent;
    }
}

/// <summary>The symbolic shape of a variable; index it to get a <see cref="Dim"/>.</summary>
public readonly struct SymbolicShape
{
    private readonly Variable _variable;
    internal SymbolicShape(Variable variable) => _variable = variable;

    /// <summary>The extent of axis <paramref name="axis"/> (negative counts from the end).</summary>
    public Dim this[int axis] => Dim.Of(_variable, axis);

    /// <summary>Number of axes.</summary>
    public int Rank => _variable.Rank;

    /// <summary>All extents.</summary>
    public Dim[] ToArray()
    {
        var d = new Dim[Rank];
        for (int i = 0; i < d.Length; i++) d[i] = this[i];
        return d;
    }
}
