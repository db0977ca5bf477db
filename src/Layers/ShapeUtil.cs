using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>Small shape helpers shared by the layers.</summary>
internal static class ShapeUtil
{
    /// <summary>Places a parameter whose axes correspond to input axes <paramref name="axes"/> (in order)
    /// into an input of rank <paramref name="rank"/>, inserting broadcastable axes everywhere else.</summary>
    public static Variable Broadcast(Variable parameter, int rank, IReadOnlyList<int> axes)
    {
        var pattern = new int[rank];
        Array.Fill(pattern, -1);
        for (int i = 0; i < axes.Count; i++) pattern[axes[i]] = i;
        bool identity = axes.Count == rank;
        for (int i = 0; identity && i < rank; i++) identity = pattern[i] == i;
        return identity ? parameter : Shuffle(parameter, pattern);
    }

    /// <summary>Theano's dimshuffle with -1 for a new broadcastable axis ('x').</summary>
    public static Variable Shuffle(Variable x, params int[] pattern)
    {
        var p = new object[pattern.Length];
        for (int i = 0; i < p.Length; i++) p[i] = pattern[i] < 0 ? "x" : pattern[i];
        return x.DimShuffle(p);
    }

    /// <summary>The symbolic extent of axis <paramref name="axis"/>: the static extent when known.</summary>
    public static Dim DimOf(Variable x, IReadOnlyList<int?> shape, int axis) =>
        shape[axis] is int known ? known : Dim.Of(x, axis);

    /// <summary>Product of the extents from <paramref name="start"/> on, or null when one is unknown.</summary>
    public static int? Product(IReadOnlyList<int?> shape, int start, int end)
    {
        int p = 1;
        for (int i = start; i < end; i++)
        {
            if (shape[i] is not int d) return null;
            p *= d;
        }
        return p;
    }

    /// <summary>Normalizes a possibly negative axis for a shape of rank <paramref name="rank"/>, or returns -1 when out of range.</summary>
    public static int Axis(int axis, int rank) => axis < 0 ? (axis + rank >= 0 ? axis + rank : -1) : (axis < rank ? axis : -1);
}
