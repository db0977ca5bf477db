namespace NeuralCore.Layers;

/// <summary>
/// Which input axes a per-feature parameter is shared (broadcast) across; Lasagne's <c>shared_axes</c>
/// with <c>'auto'</c> = every axis except axis 1 (the batch axis and the spatial axes of conv data).
/// </summary>
internal static class SharedAxes
{
    /// <summary>The axes that are <em>not</em> shared, i.e. those the parameter has, in order.</summary>
    /// <exception cref="ArgumentException">When an axis is out of range.</exception>
    public static int[] ParameterAxes(IReadOnlyList<int>? sharedAxes, int rank, string layer)
    {
        var shared = new bool[rank];
        if (sharedAxes is null)
        {
            for (int i = 0; i < rank; i++) shared[i] = i != 1;
        }
        else
        {
            foreach (var a in sharedAxes)
            {
                int n = ShapeUtil.Axis(a, rank);
                if (n < 0) throw new ArgumentException($"{layer}: shared axis {a} is out of range for a {rank}-dimensional input");
                shared[n] = true;
            }
        }
        var result = new List<int>();
        for (int i = 0; i < rank; i++) if (!shared[i]) result.Add(i);
        return result.ToArray();
    }
}
