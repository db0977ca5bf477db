using System.Globalization;

namespace NeuralCore.Autodiff;

/// <summary>
/// One entry of a basic index: an integer (drops the axis) or a Python-style slice start:stop:step
/// (negative values count from the end; null bounds mean "from the start"/"to the end"). Ints and C#
/// ranges convert implicitly: <c>x[0]</c>, <c>x[1..^1, ..]</c>, <c>x[Slice.Range(null, null, 2)]</c>.
/// </summary>
public readonly record struct Slice
{
    private Slice(bool isIndex, int? start, int? stop, int step)
    {
        IsIndex = isIndex;
        Start = start;
        Stop = stop;
        Step = step;
    }

    /// <summary>True for an integer index (the axis is dropped).</summary>
    public bool IsIndex { get; }

    /// <summary>The index, or the slice start (null = from the beginning for positive steps).</summary>
    public int? Start { get; }

    /// <summary>The slice stop, exclusive (null = to the end).</summary>
    public int? Stop { get; }

    /// <summary>The slice step (nonzero).</summary>
    public int Step { get; }

    /// <summary>The whole axis (":").</summary>
    public static Slice All => new(false, null, null, 1);

    /// <summary>An integer index.</summary>
    public static Slice At(int index) => new(true, index, null, 1);

    /// <summary>A slice start:stop:step.</summary>
    /// <exception cref="ArgumentException">When <paramref name="step"/> is 0.</exception>
    public static Slice Range(int? start, int? stop, int step = 1)
    {
        if (step == 0) throw new ArgumentException("slice: step must not be zero");
        return new Slice(false, start, stop, step);
    }

    /// <summary>An integer index.</summary>
    public static implicit operator Slice(int index) => At(index);

    /// <summary>A C# range: <c>a..b</c>, <c>..^1</c>, <c>..</c>.</summary>
    public static implicit operator Slice(System.Range range)
    {
        int? start = range.Start.IsFromEnd ? (range.Start.Value == 0 ? int.MaxValue : -range.Start.Value) : range.Start.Value;
        if (start == 0) start = null;
        int? stop = range.End.IsFromEnd ? (range.End.Value == 0 ? null : -range.End.Value) : range.End.Value;
        return new Slice(false, start, stop, 1);
    }

    /// <summary>True for ":" (the whole axis, step 1).</summary>
    public bool IsAll => !IsIndex && Start is null && Stop is null && Step == 1;

    /// <summary>Resolves against an extent: (start, count, step) as Python's slice.indices, or (index, 1, 1) for an index.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When an index is out of range.</exception>
    public (int Start, int Count, int Step) Resolve(int extent, int axis, string shape)
    {
        if (IsIndex)
        {
            int i = Start!.Value < 0 ? Start.Value + extent : Start.Value;
            if (i < 0 || i >= extent)
                throw new ArgumentOutOfRangeException(nameof(extent), $"subtensor: index {Start} is out of range for axis {axis} of shape {shape}");
            return (i, 1, 1);
        }
        int lower = Step > 0 ? 0 : -1, upper = Step > 0 ? extent : extent - 1;
        int s = Start is int a ? (a == int.MaxValue ? upper : a < 0 ? Math.Max(a + extent, lower) : Math.Min(a, upper)) : (Step > 0 ? lower : upper);
        int e = Stop is int b ? (b < 0 ? Math.Max(b + extent, lower) : Math.Min(b, upper)) : (Step > 0 ? upper : lower);
        int count = Step > 0 ? Math.Max(0, (e - s + Step - 1) / Step) : Math.Max(0, (s - e - Step - 1) / -Step);
        return (s, count, Step);
    }

    /// <summary>Python notation: "3", ":", "1:-1", "::2".</summary>
    public override string ToString()
    {
        if (IsIndex) return Start!.Value.ToString(CultureInfo.InvariantCulture);
        string F(int? v) => v is int x ? (x == int.MaxValue ? "end" : x.ToString(CultureInfo.InvariantCulture)) : "";
        return Step == 1 ? $"{F(Start)}:{F(Stop)}" : $"{F(Start)}:{F(Stop)}:{Step.ToString(CultureInfo.InvariantCulture)}";
    }
}
