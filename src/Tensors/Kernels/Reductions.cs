using System.Buffers;
using System.Numerics;

namespace NeuralCore.Tensors;

/// <summary>
/// Reductions over any set of axes (sum, mean, max, min), argmax/argmin along an axis, and
/// <see cref="SumToShape{T}(Tensor{T}, Shape)"/>, the gradient of broadcasting. Empty <c>axes</c>
/// means every axis; negative axes count from the end. Work is split into chunks whose boundaries
/// depend only on the shapes, and partial results are combined in a fixed order, so results are
/// bit-identical for every <see cref="Parallelism.MaxThreads"/>.
/// </summary>
public static class Reductions
{
    /// <summary>The shape left after reducing <paramref name="axes"/> of <paramref name="shape"/>:
    /// reduced axes are dropped, or kept with extent 1 when <paramref name="keepDims"/>.</summary>
    /// <exception cref="ArgumentException">When an axis is out of range or repeated.</exception>
    public static Shape ReducedShape(Shape shape, ReadOnlySpan<int> axes, bool keepDims)
    {
        Span<bool> reduced = stackalloc bool[Math.Max(shape.Rank, 1)];
        ReductionPlan.MarkAxes("reduce", shape, axes, reduced);
        return ReducedShape(shape, reduced, keepDims);
    }

    // Whether `result` is the reduced shape, compared without allocating.
    private static bool MatchesReduced(Shape shape, ReadOnlySpan<bool> reduced, Shape result, bool keepDims)
    {
        int j = 0;
        for (int i = 0; i < shape.Rank; i++)
        {
            if (reduced[i] && !keepDims) continue;
            if (j >= result.Rank || result.Dims[j] != (reduced[i] ? 1 : shape.Dims[i])) return false;
            j++;
        }
        return j == result.Rank;
    }

    private static Shape ReducedShape(Shape shape, ReadOnlySpan<bool> reduced, bool keepDims)
    {
        Span<int> dims = stackalloc int[shape.Rank];
        int rank = 0;
        for (int i = 0; i < shape.Rank; i++)
        {
            if (!reduced[i]) dims[rank++] = shape.Dims[i];
            else if (keepDims) dims[rank++] = 1;
        }
        return new Shape(dims[..rank]);
    }

    /// <summary>The sum of every element, as a rank-0 tensor.</summary>
    public static Tensor<T> Sum<T>(Tensor<T> x) where T : unmanaged, INumber<T> => Sum(x, [], false);

    /// <summary>Sum over <paramref name="axes"/> (empty = all) in a new tensor.</summary>
    /// <exception cref="ArgumentException">When an axis is out of range or repeated.</exception>
    public static Tensor<T> Sum<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumber<T>
        => Allocate<T, SumReduction<T>>("sum", x, axes, keepDims, mean: false);

    /// <summary>result = sum over <paramref name="axes"/>; the result shape may be the reduced shape with or without kept axes.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape does not match the reduced shape.</exception>
    public static void Sum<T>(Tensor<T> x, ReadOnlySpan<int> axes, Tensor<T> result) where T : unmanaged, INumber<T>
        => Into<T, SumReduction<T>>("sum", x, axes, result, mean: false);

    /// <summary>Mean over <paramref name="axes"/> (empty = all) in a new tensor (integer division for int tensors).</summary>
    /// <exception cref="ArgumentException">When an axis is out of range or repeated.</exception>
    public static Tensor<T> Mean<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumber<T>
        => Allocate<T, SumReduction<T>>("mean", x, axes, keepDims, mean: true);

    /// <summary>result = mean over <paramref name="axes"/>; the result shape may be the reduced shape with or without kept axes.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape does not match the reduced shape.</exception>
    public static void Mean<T>(Tensor<T> x, ReadOnlySpan<int> axes, Tensor<T> result) where T : unmanaged, INumber<T>
        => Into<T, SumReduction<T>>("mean", x, axes, result, mean: true);

    /// <summary>Maximum over <paramref name="axes"/> (empty = all) in a new tensor; NaN propagates.</summary>
    /// <exception cref="ArgumentException">When an axis is out of range or repeated, or a reduced axis is empty.</exception>
    public static Tensor<T> Max<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumber<T>
        => Allocate<T, MaxReduction<T>>("max", x, axes, keepDims, mean: false);

    /// <summary>result = maximum over <paramref name="axes"/>; the result shape may be the reduced shape with or without kept axes.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape does not match the reduced shape.</exception>
    public static void Max<T>(Tensor<T> x, ReadOnlySpan<int> axes, Tensor<T> result) where T : unmanaged, INumber<T>
        => Into<T, MaxReduction<T>>("max", x, axes, result, mean: false);

    /// <summary>Minimum over <paramref name="axes"/> (empty = all) in a new tensor; NaN propagates.</summary>
    /// <exception cref="ArgumentException">When an axis is out of range or repeated, or a reduced axis is empty.</exception>
    public static Tensor<T> Min<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumber<T>
        => Allocate<T, MinReduction<T>>("min", x, axes, keepDims, mean: false);

    /// <summary>result = minimum over <paramref name="axes"/>; the result shape may be the reduced shape with or without kept axes.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape does not match the reduced shape.</exception>
    public static void Min<T>(Tensor<T> x, ReadOnlySpan<int> axes, Tensor<T> result) where T : unmanaged, INumber<T>
        => Into<T, MinReduction<T>>("min", x, axes, result, mean: false);

    /// <summary>Product over <paramref name="axes"/> (empty = all) in a new tensor; the product over an empty axis is 1.
    /// Float results over- and underflow like a running product (no rescaling); int32 wraps around.</summary>
    /// <exception cref="ArgumentException">When an axis is out of range or repeated.</exception>
    public static Tensor<T> Prod<T>(Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims = false) where T : unmanaged, INumber<T>
        => Allocate<T, ProdReduction<T>>("prod", x, axes, keepDims, mean: false);

    /// <summary>result = product over <paramref name="axes"/>; the result shape may be the reduced shape with or without kept axes.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape does not match the reduced shape.</exception>
    public static void Prod<T>(Tensor<T> x, ReadOnlySpan<int> axes, Tensor<T> result) where T : unmanaged, INumber<T>
        => Into<T, ProdReduction<T>>("prod", x, axes, result, mean: false);

    /// <summary>
    /// Sums <paramref name="x"/> down to <paramref name="target"/>, a shape that broadcasts to x's
    /// shape: leading axes x has and the target lacks are summed away, and so are axes where the
    /// target has extent 1. This is the gradient of broadcasting. Always a new tensor.
    /// </summary>
    /// <exception cref="ShapeMismatchException">When <paramref name="target"/> does not broadcast to x's shape.</exception>
    public static Tensor<T> SumToShape<T>(Tensor<T> x, Shape target) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = new Tensor<T>(target);
        SumToShape(x, result);
        return result;
    }

    /// <summary>result = x summed down to result's shape (see <see cref="SumToShape{T}(Tensor{T}, Shape)"/>).</summary>
    /// <exception cref="ShapeMismatchException">When result's shape does not broadcast to x's shape.</exception>
    public static void SumToShape<T>(Tensor<T> x, Tensor<T> result) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(result);
        var target = result.Shape;
        if (!Broadcasting.CanBroadcastTo(target, x.Shape))
            throw new ShapeMismatchException("sum_to_shape", $"shape {target} does not broadcast to {x.Shape}", x.Shape, target);
        Span<bool> reduced = stackalloc bool[Math.Max(x.Rank, 1)];
        int shift = x.Rank - target.Rank;
        for (int i = 0; i < x.Rank; i++)
            reduced[i] = i < shift || (target.Dims[i - shift] == 1 && x.Shape.Dims[i] != 1);
        ReductionPlan.Run<T, SumReduction<T>>("sum_to_shape", x, reduced[..x.Rank], result);
    }

    /// <summary>Index of the largest element along <paramref name="axis"/> (first occurrence; a NaN counts as largest).</summary>
    /// <exception cref="ArgumentException">When the axis is out of range or empty.</exception>
    public static Tensor<int> ArgMax<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, INumber<T>
        => ArgExtreme("argmax", x, axis, keepDims, largest: true);

    /// <summary>result = indices of the largest elements along <paramref name="axis"/>; result shape with or without the kept axis.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape does not match.</exception>
    public static void ArgMax<T>(Tensor<T> x, int axis, Tensor<int> result) where T : unmanaged, INumber<T>
        => ArgExtremeInto("argmax", x, axis, result, largest: true);

    /// <summary>Index of the smallest element along <paramref name="axis"/> (first occurrence; a NaN counts as smallest).</summary>
    /// <exception cref="ArgumentException">When the axis is out of range or empty.</exception>
    public static Tensor<int> ArgMin<T>(Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, INumber<T>
        => ArgExtreme("argmin", x, axis, keepDims, largest: false);

    /// <summary>result = indices of the smallest elements along <paramref name="axis"/>; result shape with or without the kept axis.</summary>
    /// <exception cref="ShapeMismatchException">When the result shape does not match.</exception>
    public static void ArgMin<T>(Tensor<T> x, int axis, Tensor<int> result) where T : unmanaged, INumber<T>
        => ArgExtremeInto("argmin", x, axis, result, largest: false);

    private static Tensor<T> Allocate<T, TOp>(string operation, Tensor<T> x, ReadOnlySpan<int> axes, bool keepDims, bool mean)
        where T : unmanaged, INumber<T> where TOp : struct, IReduction<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        Span<bool> reduced = stackalloc bool[Math.Max(x.Rank, 1)];
        ReductionPlan.MarkAxes(operation, x.Shape, axes, reduced);
        var result = new Tensor<T>(ReducedShape(x.Shape, reduced, keepDims));
        Finish<T, TOp>(operation, x, reduced[..x.Rank], result, mean);
        return result;
    }

    private static void Into<T, TOp>(string operation, Tensor<T> x, ReadOnlySpan<int> axes, Tensor<T> result, bool mean)
        where T : unmanaged, INumber<T> where TOp : struct, IReduction<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(result);
        Span<bool> reduced = stackalloc bool[Math.Max(x.Rank, 1)];
        ReductionPlan.MarkAxes(operation, x.Shape, axes, reduced);
        if (!MatchesReduced(x.Shape, reduced, result.Shape, keepDims: true) && !MatchesReduced(x.Shape, reduced, result.Shape, keepDims: false))
        {
            var kept = ReducedShape(x.Shape, reduced, keepDims: true);
            var dropped = ReducedShape(x.Shape, reduced, keepDims: false);
            throw new ShapeMismatchException(operation, $"result shape {result.Shape} should be {dropped} (or {kept} with kept axes) for input {x.Shape}", x.Shape, result.Shape);
        }
        Finish<T, TOp>(operation, x, reduced[..x.Rank], result, mean);
    }

    private static void Finish<T, TOp>(string operation, Tensor<T> x, ReadOnlySpan<bool> reduced, Tensor<T> result, bool mean)
        where T : unmanaged, INumber<T> where TOp : struct, IReduction<T>
    {
        ReductionPlan.Run<T, TOp>(operation, x, reduced, result);
        if (!mean || result.Length == 0) return;
        int count = result.Length == 0 ? 0 : x.Length / result.Length;
        if (x.Length == 0)
        {
            // Mean over an empty axis is NaN for floats (as NumPy), and an error for integers.
            if (typeof(T) == typeof(float) || typeof(T) == typeof(double)) { result.Fill(T.CreateTruncating(double.NaN)); return; }
            throw new ArgumentException($"{operation}: cannot average over an empty axis of shape {x.Shape}");
        }
        Elementwise.Div(result, T.CreateTruncating(count), result);
    }

    private static Tensor<int> ArgExtreme<T>(string operation, Tensor<T> x, int axis, bool keepDims, bool largest) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = ReductionPlan.CheckAxis(operation, x.Shape, axis);
        Span<bool> reduced = stackalloc bool[x.Rank];
        reduced[a] = true;
        var result = new Tensor<int>(ReducedShape(x.Shape, reduced, keepDims));
        ArgExtremeKernel(operation, x, a, result, largest);
        return result;
    }

    private static void ArgExtremeInto<T>(string operation, Tensor<T> x, int axis, Tensor<int> result, bool largest) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(result);
        int a = ReductionPlan.CheckAxis(operation, x.Shape, axis);
        Span<bool> reduced = stackalloc bool[x.Rank];
        reduced[a] = true;
        if (!MatchesReduced(x.Shape, reduced, result.Shape, keepDims: true) && !MatchesReduced(x.Shape, reduced, result.Shape, keepDims: false))
        {
            var kept = ReducedShape(x.Shape, reduced, keepDims: true);
            var dropped = ReducedShape(x.Shape, reduced, keepDims: false);
            throw new ShapeMismatchException(operation, $"result shape {result.Shape} should be {dropped} (or {kept}) for input {x.Shape}", x.Shape, result.Shape);
        }
        ArgExtremeKernel(operation, x, a, result, largest);
    }

    // Scans the axis with a running best per output element; rows of the axis are visited in order so
    // the inner loop over `inner` outputs is contiguous.
    private static void ArgExtremeKernel<T>(string operation, Tensor<T> x, int axis, Tensor<int> result, bool largest) where T : unmanaged, INumber<T>
    {
        int n = x.Shape.Dims[axis];
        int outer = x.Shape.SizeOf(0, axis), inner = x.Shape.SizeOf(axis + 1, x.Rank);
        if (n == 0)
        {
            if (outer * inner == 0) return;
            throw new ArgumentException($"{operation}: axis {axis} of shape {x.Shape} is empty");
        }
        var src = x.AsReadOnlySpan();
        var dst = result.AsSpan();
        var bestBuffer = ArrayPool<T>.Shared.Rent(inner);
        var best = bestBuffer.AsSpan(0, inner);
        try
        {
            for (int o = 0; o < outer; o++)
            {
                var block = src.Slice(o * n * inner, n * inner);
                var indices = dst.Slice(o * inner, inner);
                block[..inner].CopyTo(best);
                indices.Clear();
                for (int j = 1; j < n; j++)
                {
                    var row = block.Slice(j * inner, inner);
                    for (int i = 0; i < inner; i++)
                    {
                        T v = row[i], b = best[i];
                        if (T.IsNaN(b)) continue; // the first NaN wins
                        if (T.IsNaN(v) || (largest ? v > b : v < b))
                        {
                            best[i] = v;
                            indices[i] = j;
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(bestBuffer);
        }
    }
}
