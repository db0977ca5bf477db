using NeuralCore.Autodiff;

namespace NeuralCore.Optimizers;

public static partial class Updates
{
    /// <summary>Adam (Lasagne's <c>adam</c>, Kingma and Ba 2014, with the bias correction folded into the step size):
    /// a shared scalar step count <c>t ← t + 1</c>, <c>a_t = learningRate · √(1 − beta2^t) / (1 − beta1^t)</c>, and per
    /// parameter <c>m ← beta1 · m + (1 − beta1) · grad</c>, <c>v ← beta2 · v + (1 − beta2) · grad²</c>,
    /// <c>param ← param − a_t · m / (√v + epsilon)</c> (epsilon outside the root, unlike RMSProp).</summary>
    /// <param name="lossOrGradients">The scalar loss, or one gradient expression per parameter.</param>
    /// <param name="parameters">The shared variables to update.</param>
    /// <param name="learningRate">The step size (default 0.001).</param>
    /// <param name="beta1">The decay of the first-moment average (default 0.9).</param>
    /// <param name="beta2">The decay of the second-moment average (default 0.999).</param>
    /// <param name="epsilon">Added to √v for stability (default 1e-8).</param>
    /// <exception cref="ArgumentException">When the gradients do not match the parameters.</exception>
    public static UpdateDictionary Adam(LossOrGradients lossOrGradients, IReadOnlyList<SharedVariable> parameters,
        Hyperparameter? learningRate = null, Hyperparameter? beta1 = null, Hyperparameter? beta2 = null, Hyperparameter? epsilon = null)
        => AdamFamily(nameof(Adam), lossOrGradients, parameters, learningRate ?? 0.001, beta1, beta2, epsilon, AdamVariant.Adam);

    private enum AdamVariant { Adam, Adamax, AmsGrad }

    // Adam, Adamax and AMSGrad share the step count, the bias correction and the first moment.
    private static UpdateDictionary AdamFamily(string operation, LossOrGradients lossOrGradients, IReadOnlyList<SharedVariable> parameters,
        Hyperparameter learningRate, Hyperparameter? beta1, Hyperparameter? beta2, Hyperparameter? epsilon, AdamVariant variant)
    {
        var grads = lossOrGradients.GetOrComputeGradients(parameters, operation);
        var tPrev = ScalarState(parameters, "t");
        var t = tPrev + 1.0;
        var updates = new UpdateDictionary();
        for (int i = 0; i < grads.Length; i++)
        {
            var (p, g) = (parameters[i], grads[i]);
            var dtype = p.DType;
            var b1 = Of(beta1, 0.9, dtype);
            var b2 = Of(beta2, 0.999, dtype);
            var eps = Of(epsilon, 1e-8, dtype);
            var lr = learningRate.ToVariable(dtype);
            var tp = T.Cast(t, dtype);
            var mPrev = StateLike(p, "m");
            var mT = b1 * mPrev + (1.0 - b1) * g;
            updates[mPrev] = mT;
            Variable step;
            if (variant == AdamVariant.Adamax)
            {
                var aT = lr / (1.0 - T.Pow(b1, tp));
                var uPrev = StateLike(p, "u");
                var uT = T.Maximum(b2 * uPrev, T.Abs(g));
                updates[uPrev] = uT;
                step = aT * mT / (uT + eps);
            }
            else
            {
                var aT = lr * T.Sqrt(1.0 - T.Pow(b2, tp)) / (1.0 - T.Pow(b1, tp));
                var vPrev = StateLike(p, "v");
                var vT = b2 * vPrev + (1.0 - b2) * T.Square(g);
                updates[vPrev] = vT;
                if (variant == AdamVariant.AmsGrad)
                {
                    var vHatPrev = StateLike(p, "v_hat");
                    var vHatT = T.Maximum(vHatPrev, vT);
                    updates[vHatPrev] = vHatT;
                    step = aT * mT / (T.Sqrt(vHatT) + eps);
                }
                else
                {
                    step = aT * mT / (T.Sqrt(vT) + eps);
                }
            }
            updates[p] = p - step;
        }
        updates[tPrev] = t;
        return updates;
    }
}
