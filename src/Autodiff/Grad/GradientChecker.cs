using System.Globalization;

namespace NeuralCore.Autodiff;

/// <summary>The outcome of a gradient check: the worst entry found.</summary>
/// <param name="Input">Index of the input holding the worst entry.</param>
/// <param name="FlatIndex">Row-major index of the worst entry within that input.</param>
/// <param name="Shape">Shape of that input.</param>
/// <param name="Analytic">The symbolic gradient there.</param>
/// <param name="Numeric">The central finite difference there.</param>
/// <param name="AbsoluteError">|analytic - numeric|.</param>
/// <param name="RelativeError">|analytic - numeric| / max(|analytic| + |numeric|, 1e-8).</param>
public sealed record GradientCheckReport(int Input, int FlatIndex, Shape Shape, double Analytic, double Numeric, double AbsoluteError, double RelativeError)
{
    /// <summary>One-line description of the worst entry.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"worst entry: input {Input} {Shape} index {FlatIndex}: analytic {Analytic:G10}, numeric {Numeric:G10}, abs error {AbsoluteError:G3}, rel error {RelativeError:G3}");
}

/// <summary>Thrown by <see cref="GradientChecker"/> when the symbolic gradient disagrees with finite differences.</summary>
public sealed class GradientCheckException : Exception
{
    /// <summary>Creates the exception with the worst entry and the tolerances.</summary>
    public GradientCheckException(GradientCheckReport report, double absoluteTolerance, double relativeTolerance)
        : base(string.Create(CultureInfo.InvariantCulture, $"GradientChecker: gradient mismatch, {report} (tolerances: abs {absoluteTolerance:G3}, rel {relativeTolerance:G3})"))
    {
        Report = report;
    }

    /// <summary>The worst entry.</summary>
    public GradientCheckReport Report { get; }
}

/// <summary>
/// Verifies symbolic gradients against finite differences (Theano's verify_grad): the function's output
/// is projected onto a random tensor u ~ U[0.5, 1.5) to get a scalar cost, its gradient is compared with
/// central differences computed in float64, and the check fails only where both the absolute and the
/// relative error exceed their tolerances.
/// </summary>
public static class GradientChecker
{
    /// <summary>Checks the gradient of <paramref name="function"/> at <paramref name="points"/> (float inputs are checked
    /// in float64; int32 inputs such as labels are passed through). Returns the worst entry.</summary>
    /// <exception cref="GradientCheckException">When some entry exceeds both tolerances.</exception>
    public static GradientCheckReport Verify(Func<Variable[], Variable> function, IReadOnlyList<Tensor> points, int seed = 666,
        double epsilon = 1e-6, double absoluteTolerance = 1e-5, double relativeTolerance = 1e-5, int tests = 2)
    {
        ArgumentNullException.ThrowIfNull(function);
        var values = points.Select(p => p.DType.IsFloat() ? (Tensor)p.Cast<double>() : p).ToArray();
        var inputs = values.Select((v, i) => new Variable(TensorType.Of(v), $"in{i}")).ToArray();
        var output = function(inputs);
        if (!output.DType.IsFloat()) throw new ArgumentException($"GradientChecker: the function output must be float, got {output.Type}");
        output = T.Cast(output, DType.Float64);
        var floatInputs = Enumerable.Range(0, inputs.Length).Where(i => values[i].DType.IsFloat()).ToArray();
        var shape = Function.Compile(inputs, output).Invoke(values)[0].Shape;

        var rng = new Random(seed);
        GradientCheckReport? worst = null;
        double worstScore = -1;
        for (int test = 0; test < tests; test++)
        {
            var u = new Tensor<double>(shape);
            var us = u.AsSpan();
            for (int i = 0; i < us.Length; i++) us[i] = 0.5 + rng.NextDouble();
            var cost = T.Sum(output * T.Constant(u));
            var grads = Grad.Of(cost, floatInputs.Select(i => inputs[i]).ToArray(), DisconnectedInputs.Zeros);
            var costFn = Function.Compile(inputs, cost);
            var gradFn = Function.Compile(inputs, grads, options: new CompileOptions { CopyOutputs = true });
            var analytic = gradFn.Invoke(values);
            for (int k = 0; k < floatInputs.Length; k++)
            {
                var x = ((Tensor<double>)values[floatInputs[k]]).AsSpan();
                var a = (Tensor<double>)analytic[k];
                for (int e = 0; e < x.Length; e++)
                {
                    double saved = x[e];
                    x[e] = saved + epsilon;
                    double plus = ((Tensor<double>)costFn.Invoke(values)[0]).ToScalar();
                    x[e] = saved - epsilon;
                    double minus = ((Tensor<double>)costFn.Invoke(values)[0]).ToScalar();
                    x[e] = saved;
                    double numeric = (plus - minus) / (2 * epsilon);
                    double an = a.AsReadOnlySpan()[e];
                    double abs = Math.Abs(an - numeric);
                    double rel = abs / Math.Max(Math.Abs(an) + Math.Abs(numeric), 1e-8);
                    if (!double.IsFinite(abs))
                        throw new GradientCheckException(new GradientCheckReport(floatInputs[k], e, values[floatInputs[k]].Shape, an, numeric, abs, rel), absoluteTolerance, relativeTolerance);
                    double score = Math.Min(abs / absoluteTolerance, rel / relativeTolerance);
                    if (score > worstScore)
                    {
                        worstScore = score;
                        worst = new GradientCheckReport(floatInputs[k], e, values[floatInputs[k]].Shape, an, numeric, abs, rel);
                    }
                }
            }
        }
        worst ??= new GradientCheckReport(-1, -1, Shape.Scalar, 0, 0, 0, 0);
        if (worst.AbsoluteError > absoluteTolerance && worst.RelativeError > relativeTolerance)
            throw new GradientCheckException(worst, absoluteTolerance, relativeTolerance);
        return worst;
    }

    /// <summary>Checks the gradient at random inputs of the given shapes, drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>).</summary>
    /// <exception cref="GradientCheckException">When some entry exceeds both tolerances.</exception>
    public static GradientCheckReport Verify(Func<Variable[], Variable> function, IReadOnlyList<Shape> shapes, int seed = 666,
        double low = -1, double high = 1, double epsilon = 1e-6, double absoluteTolerance = 1e-5, double relativeTolerance = 1e-5)
    {
        var rng = new Random(seed);
        var points = new Tensor[shapes.Count];
        for (int i = 0; i < points.Length; i++)
        {
            var t = new Tensor<double>(shapes[i]);
            var s = t.AsSpan();
            for (int e = 0; e < s.Length; e++) s[e] = low + (high - low) * rng.NextDouble();
            points[i] = t;
        }
        return Verify(function, points, seed, epsilon, absoluteTolerance, relativeTolerance);
    }
}
