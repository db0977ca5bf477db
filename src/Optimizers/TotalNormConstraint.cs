using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Optimizers;

public static partial class Updates
{
    /// <summary>Rescales a list of tensors (usually gradients) so that their combined L2 norm
    /// <c>‖·‖ = √(Σ_k Σ x_k²)</c> is at most <paramref name="maxNorm"/> (Lasagne's <c>total_norm_constraint</c>,
    /// gradient clipping by global norm): every tensor is multiplied by <c>min(‖·‖, maxNorm) / (epsilon + ‖·‖)</c>.
    /// Pass the result to a rule as precomputed gradients.</summary>
    /// <param name="tensors">The tensors to rescale together.</param>
    /// <param name="maxNorm">The largest allowed combined norm (number or symbolic).</param>
    /// <param name="epsilon">Added to the norm in the denominator (default 1e-7).</param>
    /// <exception cref="ArgumentException">When the list is empty or holds a non-float tensor.</exception>
    public static Variable[] TotalNormConstraint(IReadOnlyList<Variable> tensors, Hyperparameter maxNorm, double epsilon = 1e-7)
        => TotalNormConstraint(tensors, maxNorm, out _, epsilon);

    /// <summary>As <see cref="TotalNormConstraint(IReadOnlyList{Variable}, Hyperparameter, double)"/>, also returning the
    /// combined norm before rescaling (Lasagne's <c>return_norm=True</c>), e.g. to monitor it.</summary>
    /// <param name="tensors">The tensors to rescale together.</param>
    /// <param name="maxNorm">The largest allowed combined norm (number or symbolic).</param>
    /// <param name="norm">The combined L2 norm of the inputs (a scalar, float64 when any tensor is float64).</param>
    /// <param name="epsilon">Added to the norm in the denominator (default 1e-7).</param>
    /// <exception cref="ArgumentException">When the list is empty or holds a non-float tensor.</exception>
    public static Variable[] TotalNormConstraint(IReadOnlyList<Variable> tensors, Hyperparameter maxNorm, out Variable norm, double epsilon = 1e-7)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException($"{nameof(TotalNormConstraint)}: the tensor list is empty", nameof(tensors));
        var dtype = DType.Float32;
        for (int i = 0; i < tensors.Count; i++)
        {
            var x = tensors[i] ?? throw new ArgumentNullException(nameof(tensors), $"{nameof(TotalNormConstraint)}: tensor {i} is null");
            if (!x.DType.IsFloat()) throw new ArgumentException($"{nameof(TotalNormConstraint)}: tensor {i} ({Names.Of(x)}) must be float32 or float64", nameof(tensors));
            if (x.DType == DType.Float64) dtype = DType.Float64;
        }
        Variable? squares = null;
        foreach (var x in tensors)
        {
            var s = T.Cast(T.Sum(T.Square(x)), dtype);
            squares = squares is null ? s : squares + s;
        }
        norm = T.Sqrt(squares!);
        var multiplier = T.Minimum(norm, maxNorm.ToVariable(dtype)) / (T.Constant(epsilon, dtype) + norm);
        var result = new Variable[tensors.Count];
        for (int i = 0; i < result.Length; i++) result[i] = tensors[i] * T.Cast(multiplier, tensors[i].DType);
        return result;
    }
}
