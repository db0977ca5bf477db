using NeuralCore.Autodiff.Ops;

namespace NeuralCore.Autodiff;

public static partial class T
{
    private static int Axis(Variable x, int axis, string op)
    {
        int a = axis < 0 ? axis + x.Rank : axis;
        if (a < 0 || a >= x.Rank) throw new GraphBuildException(op, $"axis {axis} is out of range for shape {x.Type.ShapeString}", SourceTrace.Capture());
        return a;
    }

    /// <summary>Softmax along <paramref name="axis"/> (default: the last axis).</summary>
    public static Variable Softmax(Variable x, int axis = -1) => new SoftmaxOp(Axis(x, axis, "softmax")).Apply1(FloatOnly(x));

    /// <summary>Log-softmax along <paramref name="axis"/> (default: the last axis), computed stably.</summary>
    public static Variable LogSoftmax(Variable x, int axis = -1) => new LogSoftmaxOp(Axis(x, axis, "log_softmax")).Apply1(FloatOnly(x));

    /// <summary>Categorical cross-entropy per row: with int32 labels -log p[i, y[i]] (fused with a preceding softmax
    /// by the optimizer); with a float target matrix (one-hot or soft) -sum(t * log p, axis=1).</summary>
    public static Variable CategoricalCrossentropy(Variable predictions, Variable targets)
    {
        if (targets.DType == Tensors.DType.Int32) return CategoricalCrossEntropyOp.Instance.Apply1(predictions, targets);
        return -Sum(targets * Log(predictions), [-1]);
    }

    /// <summary>Fused softmax + cross-entropy on int32 labels: logsumexp(x[i]) - x[i, y[i]].</summary>
    public static Variable CrossEntropySoftmax(Variable scores, Variable labels) => CrossEntropySoftmaxOp.Instance.Apply1(scores, labels);

    /// <summary>Binary cross-entropy -(t log p + (1 - t) log(1 - p)), elementwise.</summary>
    public static Variable BinaryCrossentropy(Variable predictions, Variable targets)
        => -(targets * Log(predictions) + (1.0 - targets) * Log(1.0 - predictions));
}
