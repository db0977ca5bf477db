using NeuralCore.Autodiff;

namespace NeuralCore.Optimizers;

/// <summary>
/// What every update rule differentiates (Lasagne's <c>loss_or_grads</c> with <c>get_or_compute_grads</c>): either
/// the scalar loss, whose gradients are computed with <see cref="Grad"/>, or a precomputed list of gradient
/// expressions, one per parameter (for example after <see cref="Updates.TotalNormConstraint(IReadOnlyList{Variable}, Hyperparameter, double)"/>).
/// A <see cref="Variable"/> converts implicitly to a loss, an array or list of variables to gradients.
/// </summary>
public readonly struct LossOrGradients
{
    private LossOrGradients(Variable? loss, IReadOnlyList<Variable>? gradients)
    {
        Loss = loss;
        Gradients = gradients;
    }

    /// <summary>The scalar loss, or null when gradients were given.</summary>
    public Variable? Loss { get; }

    /// <summary>The precomputed gradients, or null when a loss was given.</summary>
    public IReadOnlyList<Variable>? Gradients { get; }

    /// <summary>A scalar loss to differentiate.</summary>
    public static LossOrGradients FromLoss(Variable loss) => new(loss ?? throw new ArgumentNullException(nameof(loss)), null);

    /// <summary>Precomputed gradients, one per parameter, in the parameters' order.</summary>
    public static LossOrGradients FromGradients(IReadOnlyList<Variable> gradients) => new(null, gradients ?? throw new ArgumentNullException(nameof(gradients)));

    /// <summary>Converts a scalar loss.</summary>
    public static implicit operator LossOrGradients(Variable loss) => FromLoss(loss);

    /// <summary>Converts precomputed gradients.</summary>
    public static implicit operator LossOrGradients(Variable[] gradients) => FromGradients(gradients);

    /// <summary>Converts precomputed gradients.</summary>
    public static implicit operator LossOrGradients(List<Variable> gradients) => FromGradients(gradients);

    /// <summary>The gradient of each parameter: the given list after checking it matches the parameters, or the
    /// gradients of the loss (Lasagne's <c>get_or_compute_grads</c>).</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="operation">The calling rule's name, used in error messages.</param>
    /// <exception cref="ArgumentException">When the count differs from the parameter count, a gradient's dtype or
    /// rank does not match its parameter, a parameter is listed twice, or the loss is not a float scalar or does not
    /// depend on a parameter.</exception>
    public Variable[] GetOrComputeGradients(IReadOnlyList<SharedVariable> parameters, string operation = "Updates")
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var seen = new HashSet<SharedVariable>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i] ?? throw new ArgumentNullException(nameof(parameters), $"{operation}: parameter {i} is null");
            if (!seen.Add(p)) throw new ArgumentException($"{operation}: parameter {i} ({Names.Of(p)}) is listed twice", nameof(parameters));
            if (!p.DType.IsFloat()) throw new ArgumentException($"{operation}: parameter {i} ({Names.Of(p)}) is {p.DType.Name()}; only float parameters can be trained", nameof(parameters));
        }
        if (Gradients is { } given)
        {
            if (given.Count != parameters.Count)
                throw new ArgumentException($"{operation}: got {given.Count} gradient expressions for {parameters.Count} parameters; pass one gradient per parameter, in the same order", nameof(parameters));
            var result = new Variable[given.Count];
            for (int i = 0; i < given.Count; i++)
            {
                var g = given[i] ?? throw new ArgumentNullException(nameof(Gradients), $"{operation}: gradient {i} is null");
                var p = parameters[i];
                if (g.Rank != p.Rank)
                    throw new ArgumentException($"{operation}: gradient {i} has type {g.Type} but parameter {i} ({Names.Of(p)}) is {p.Type}; ranks must match");
                result[i] = T.Cast(g, p.DType);
            }
            return result;
        }
        if (Loss is null) throw new ArgumentException($"{operation}: neither a loss nor gradients were given (default LossOrGradients)");
        var wrt = new Variable[parameters.Count];
        for (int i = 0; i < wrt.Length; i++) wrt[i] = parameters[i];
        return Grad.Of(Loss, wrt);
    }
}
