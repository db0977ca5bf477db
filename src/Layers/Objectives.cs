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

    /// <summary>Huber loss, elementwise (Lasagne's <c>huber_loss</c>): ½·d² where |d| ≤ delta, delta·(|d| - delta/2)
    /// elsewhere, with d = predictions - targets.</summary>
    public static Variable HuberLoss(Variable predictions, Variable targets, double delta = 1.0)
    {
        if (!(delta > 0)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "huber_loss: delta must be positive");
        var absDiff = T.Abs(predictions - AsFloat(targets, predictions.DType));
        return T.Switch(absDiff <= delta, 0.5 * T.Square(absDiff), delta * (absDiff - delta / 2));
    }

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

    /// <summary>Categorical accuracy per example: 1 where the target class (integer targets, or the arg-max of one-hot
    /// rows) is among the <paramref name="topK"/> highest predictions of the row, else 0 (in the prediction dtype).
    /// With topK = 1 this is arg-max equality (Lasagne's <c>categorical_accuracy(top_k=1)</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When topK is below 1.</exception>
    public static Variable CategoricalAccuracy(Variable predictions, Variable targets, int topK = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        var classes = targets.Rank == predictions.Rank ? targets.ArgMax(-1) : targets;
        if (topK == 1) return predictions.ArgMax(-1).Eq(classes).Cast(predictions.DType);
        // The target is in the top k when fewer than k classes score strictly higher than it.
        var targetScore = (predictions * OneHot(classes, predictions)).Sum([1], keepDims: true);
        var higher = (predictions > targetScore).Cast(predictions.DType).Sum(1);
        return (higher < (double)topK).Cast(predictions.DType);
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
