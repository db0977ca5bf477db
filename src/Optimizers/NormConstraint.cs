using NeuralCore.Autodiff;

namespace NeuralCore.Optimizers;

public static partial class Updates
{
    /// <summary>Max-norm constraint (Lasagne's <c>norm_constraint</c>): rescales <paramref name="tensor"/> so that the
    /// L2 norm over <paramref name="normAxes"/> is at most <paramref name="maxNorm"/>:
    /// <c>x · min(‖x‖, maxNorm) / (epsilon + ‖x‖)</c>. Without axes, a 2-D tensor (a dense layer's W of shape
    /// (inputs, units)) is constrained per unit (norm over axis 0), a 3-, 4- or 5-D tensor per filter (norm over all
    /// axes but the first). Typical use: <c>updates[W] = Updates.NormConstraint(updates[W], 3.0)</c>.</summary>
    /// <param name="tensor">The expression to constrain (usually a parameter's update).</param>
    /// <param name="maxNorm">The largest allowed norm (number or symbolic).</param>
    /// <param name="normAxes">The axes to take the norm over; null for the defaults above. Negative axes count from the end.</param>
    /// <param name="epsilon">Added to the norm in the denominator (default 1e-7).</param>
    /// <exception cref="ArgumentException">When the tensor is not float, has another rank than 2 to 5 and no axes are
    /// given, or an axis is out of range or repeated.</exception>
    public static Variable NormConstraint(Variable tensor, Hyperparameter maxNorm, int[]? normAxes = null, double epsilon = 1e-7)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!tensor.DType.IsFloat()) throw new ArgumentException($"{nameof(NormConstraint)}: the tensor {Names.Of(tensor)} must be float32 or float64", nameof(tensor));
        int rank = tensor.Rank;
        int[] axes;
        if (normAxes is not null)
        {
            axes = new int[normAxes.Length];
            for (int i = 0; i < axes.Length; i++)
            {
                int a = normAxes[i] < 0 ? normAxes[i] + rank : normAxes[i];
                if (a < 0 || a >= rank) throw new ArgumentException($"{nameof(NormConstraint)}: norm axis {normAxes[i]} is out of range for {Names.Of(tensor)} of rank {rank}", nameof(normAxes));
                if (Array.IndexOf(axes, a, 0, i) >= 0) throw new ArgumentException($"{nameof(NormConstraint)}: norm axis {normAxes[i]} is repeated", nameof(normAxes));
                axes[i] = a;
            }
        }
        else if (rank == 2)
        {
            axes = [0];
        }
        else if (rank is >= 3 and <= 5)
        {
            axes = new int[rank - 1];
            for (int i = 0; i < axes.Length; i++) axes[i] = i + 1;
        }
        else
        {
            throw new ArgumentException($"{nameof(NormConstraint)}: unsupported tensor rank {rank} for {Names.Of(tensor)}; pass normAxes (defaults exist for ranks 2 to 5 only)", nameof(normAxes));
        }

        var dtype = tensor.DType;
        var norms = T.Sqrt(T.Sum(T.Square(tensor), axes, keepDims: true));
        // clip(norms, 0, maxNorm) in Lasagne; norms are never negative, so the lower bound is a no-op.
        var target = T.Minimum(norms, maxNorm.ToVariable(dtype));
        return tensor * (target / (T.Constant(epsilon, dtype) + norms));
    }
}
