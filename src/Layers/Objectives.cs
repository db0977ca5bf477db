using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>How <see cref="Objectives.Aggregate"/> turns elementwise losses into a scalar.</summary>
public enum AggregateMode
{
    /// <summary>Mean of (weighted) losses.</summary>
    Mean,
    /// <summary>Sum of (weighted) losses.</summary>
    Sum,
    /// <summary>Sum of weighted losses divided by the sum of the weights (weights required).</summary>
    NormalizedSum,
}

/// <summary>
/// Loss functions and metrics (Lasagne's <c>lasagne.objectives</c>). Each returns elementwise (per example)
/// values; reduce them with <see cref="Aggregate"/> or <c>.Mean()</c>.
/// </summary>
public static class Objectives
{
    /// <summary>Binary cross-entropy -(t·log p + (1 - t)·log(1 - p)), elementwise; predictions in (0, 1).</summary>
    public static Variable BinaryCrossentropy(Variable predictions, Variable targets)
    {
        var t = AsFloat(targets, predictions.DType);
        return -(t * T.Log(predictions) + (1.0 - t) * T.Log(1.0 - predictions));
    }

    /// <summary>Categorical cross-entropy per example: -log p[i, t[i]] for integer class targets (a vector), or
    /// -Σ_j t[i, j]·log p[i, j] for one-hot/probability targets (a matrix). Predictions are rows of probabilities.</summary>
    /// <exception cref="ArgumentException">When the target rank is neither the prediction rank nor one less.</exception>
    public static Variable CategoricalCrossentropy(Variable predictions, Variable targets)
    {
        if (targets.Rank == predictions.Rank)
            return -(AsFloat(targets, predictions.DType) * T.Log(predictions)).Sum(predictions.Rank - 1);
        if (targets.Rank == predictions.Rank - 1 && predictions.Rank == 2)
        {
            if (targets.DType.IsFloat()) throw new ArgumentException($"categorical_crossentropy: class targets must be int32, got {targets.DType.Name()}");
            // The autodiff op picks -log p[i, y[i]] directly and fuses with a preceding softmax.
            return T.CategoricalCrossentropy(predictions, targets);
        }
        throw new ArgumentException($"categorical_crossentropy: targets of rank {targets.Rank} do not fit predictions of rank {predictions.Rank} (give class indices of rank {predictions.Rank - 1} or one-hot rows of rank {predictions.Rank})");
    }

    /// <summary>Squared error (a - b)², elementwise.</summary>
    public static Variable SquaredError(Variable a, Variable b) => T.Square(a - AsFloat(b, a.DType));

    /// <summary>Binary hinge loss max(0, delta - p·t), elementwise, with predictions as log-odds (scores) and targets in
    /// {0, 1} (mapped to {-1, 1}) or, with <paramref name="binary"/> false, already in {-1, 1}.</summary>
    /// <param name="predictions">Scores (log-odds).</param>
    /// <param name="targets">Labels.</param>
    /// <param name="delta">The margin.</param>
    /// <param name="binary">True when targets are 0/1.</param>
    public static Variable BinaryHingeLoss(Variable predictions, Variable targets, double delta = 1.0, bool binary = true)
    {
        var t = AsFloat(targets, predictions.DType);
        if (binary) t = t * 2.0 - 1.0;
        return T.Relu(delta - predictions * t);
    }

    /// <summary>Multi-class hinge loss per example: max(0, max_{j≠t} p[j] - p[t] + delta), for integer class
    /// targets (a vector) or one-hot rows.</summary>
    public static Variable MulticlassHingeLoss(Variable predictions, Variable targets, double delta = 1.0)
    {
        if (predictions.Rank != 2) throw new ArgumentException($"multiclass_hinge_loss: predictions must be a matrix, got rank {predictions.Rank}");
        var oneHot = targets.Rank == 1 ? OneHot(targets, predictions) : AsFloat(targets, predictions.DType);
        var corrects = (predictions * oneHot).Sum(1);
        // The largest score among the wrong classes: push the correct class far below before the max.
        var rest = (predictions - oneHot * 1e30).Max(1);
        return T.Relu(rest - corrects + delta);
    }

    /// <summary>Binary accuracy per example: 1 where (p ≥ threshold) equals the 0/1 target, else 0 (in the prediction dtype).</summary>
    public static Variable BinaryAccuracy(Variable predictions, Variable targets, double threshold = 0.5)
    {
        var predicted = (predictions >= threshold).Cast(predictions.DType);
        return predicted.Eq(AsFloat(targets, predictions.DType)).Cast(predictions.DType);
    }

    /// <summary>Categorical accuracy per example: 1 where the arg-max of the prediction row is the target class
    /// (integer targets, or the arg-max of one-hot rows), else 0 (in the prediction dtype).</summary>
    public static Variable CategoricalAccuracy(Variable predictions, Variable targets)
    {
        var classes = targets.Rank == predictions.Rank ? targets.ArgMax(-1) : targets;
        return predictions.ArgMax(-1).Eq(classes).Cast(predictions.DType);
    }

    /// <summary>Reduces elementwise losses to a scalar (Lasagne's <c>aggregate</c>): the mean or sum of
    /// loss · weights, or with <see cref="AggregateMode.NormalizedSum"/> Σ loss·weights / Σ weights.</summary>
    /// <exception cref="ArgumentException">When NormalizedSum is asked without weights.</exception>
    public static Variable Aggregate(Variable loss, Variable? weights = null, AggregateMode mode = AggregateMode.Mean)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var weighted = weights is null ? loss : loss * AsFloat(weights, loss.DType);
        return mode switch
        {
            AggregateMode.Mean => weighted.Mean(),
            AggregateMode.Sum => weighted.Sum(),
            _ => weights is null
                ? throw new ArgumentException("aggregate: normalized_sum requires weights")
                : weighted.Sum() / AsFloat(weights, loss.DType).Sum(),
        };
    }

    /// <summary>Rows of one-hot vectors for integer targets, in the prediction dtype, shaped like the predictions.</summary>
    private static Variable OneHot(Variable targets, Variable predictions)
    {
        var range = T.Arange(Dim.Of(predictions, 1));
        return ShapeUtil.Shuffle(targets, 0, -1).Eq(ShapeUtil.Shuffle(range, -1, 0)).Cast(predictions.DType);
    }

    private static Variable AsFloat(Variable v, DType dtype) => v.DType == dtype ? v : v.Cast(dtype);
}
