namespace NeuralCore.Optimizers.Tests;

/// <summary>
/// Hand-written update rules in plain doubles, written from the formulas of Lasagne's documentation (not by
/// calling the library): each step takes the parameters and their gradients and updates the parameters in place.
/// </summary>
internal abstract class ReferenceRule
{
    public abstract void Step(double[][] parameters, double[][] gradients);

    protected static double[][] ZerosLike(double[][] parameters)
    {
        var z = new double[parameters.Length][];
        for (int i = 0; i < z.Length; i++) z[i] = new double[parameters[i].Length];
        return z;
    }

    public static ReferenceRule Create(string rule, Func<double>? learningRate = null) => rule switch
    {
        "Sgd" => new SgdRef(learningRate ?? (() => 0.1)),
        "Momentum" => new MomentumRef(learningRate ?? (() => 0.1), 0.9),
        "NesterovMomentum" => new NesterovRef(learningRate ?? (() => 0.1), 0.9),
        "Adagrad" => new AdagradRef(learningRate ?? (() => 1.0), 1e-6),
        "RmsProp" => new RmsPropRef(learningRate ?? (() => 1.0), 0.9, 1e-6),
        "AdaDelta" => new AdaDeltaRef(learningRate ?? (() => 1.0), 0.95, 1e-6),
        "Adam" => new AdamRef(learningRate ?? (() => 0.001), 0.9, 0.999, 1e-8, AdamKind.Adam),
        "Adamax" => new AdamRef(learningRate ?? (() => 0.002), 0.9, 0.999, 1e-8, AdamKind.Adamax),
        "AmsGrad" => new AdamRef(learningRate ?? (() => 0.001), 0.9, 0.999, 1e-8, AdamKind.AmsGrad),
        "AdamCustom" => new AdamRef(learningRate ?? (() => 0.05), 0.8, 0.99, 1e-4, AdamKind.Adam),
        "RmsPropCustom" => new RmsPropRef(learningRate ?? (() => 0.01), 0.5, 1e-3),
        _ => throw new ArgumentException(rule),
    };

    private sealed class SgdRef(Func<double> lr) : ReferenceRule
    {
        public override void Step(double[][] p, double[][] g)
        {
            for (int k = 0; k < p.Length; k++)
                for (int i = 0; i < p[k].Length; i++) p[k][i] -= lr() * g[k][i];
        }
    }

    // Classical momentum: v = m v - lr g; p += v.
    private sealed class MomentumRef(Func<double> lr, double m) : ReferenceRule
    {
        private double[][]? _v;
        public override void Step(double[][] p, double[][] g)
        {
            _v ??= ZerosLike(p);
            for (int k = 0; k < p.Length; k++)
                for (int i = 0; i < p[k].Length; i++)
                {
                    _v[k][i] = m * _v[k][i] - lr() * g[k][i];
                    p[k][i] += _v[k][i];
                }
        }
    }

    // Nesterov in the Sutskever form: v = m v - lr g; p += m v - lr g.
    private sealed class NesterovRef(Func<double> lr, double m) : ReferenceRule
    {
        private double[][]? _v;
        public override void Step(double[][] p, double[][] g)
        {
            _v ??= ZerosLike(p);
            for (int k = 0; k < p.Length; k++)
                for (int i = 0; i < p[k].Length; i++)
                {
                    _v[k][i] = m * _v[k][i] - lr() * g[k][i];
                    p[k][i] += m * _v[k][i] - lr() * g[k][i];
                }
        }
    }

    private sealed class AdagradRef(Func<double> lr, double eps) : ReferenceRule
    {
        private double[][]? _a;
        public override void Step(double[][] p, double[][] g)
        {
            _a ??= ZerosLike(p);
            for (int k = 0; k < p.Length; k++)
                for (int i = 0; i < p[k].Length; i++)
                {
                    _a[k][i] += g[k][i] * g[k][i];
                    p[k][i] -= lr() * g[k][i] / Math.Sqrt(_a[k][i] + eps);
                }
        }
    }

    private sealed class RmsPropRef(Func<double> lr, double rho, double eps) : ReferenceRule
    {
        private double[][]? _a;
        public override void Step(double[][] p, double[][] g)
        {
            _a ??= ZerosLike(p);
            for (int k = 0; k < p.Length; k++)
                for (int i = 0; i < p[k].Length; i++)
                {
                    _a[k][i] = rho * _a[k][i] + (1 - rho) * g[k][i] * g[k][i];
                    p[k][i] -= lr() * g[k][i] / Math.Sqrt(_a[k][i] + eps);
                }
        }
    }

    private sealed class AdaDeltaRef(Func<double> lr, double rho, double eps) : ReferenceRule
    {
        private double[][]? _a, _d;
        public override void Step(double[][] p, double[][] g)
        {
            _a ??= ZerosLike(p);
            _d ??= ZerosLike(p);
            for (int k = 0; k < p.Length; k++)
                for (int i = 0; i < p[k].Length; i++)
                {
                    _a[k][i] = rho * _a[k][i] + (1 - rho) * g[k][i] * g[k][i];
                    double u = g[k][i] * Math.Sqrt(_d[k][i] + eps) / Math.Sqrt(_a[k][i] + eps);
                    p[k][i] -= lr() * u;
                    _d[k][i] = rho * _d[k][i] + (1 - rho) * u * u;
                }
        }
    }

    internal enum AdamKind { Adam, Adamax, AmsGrad }

    private sealed class AdamRef(Func<double> lr, double b1, double b2, double eps, AdamKind kind) : ReferenceRule
    {
        private double[][]? _m, _v, _vHat;
        private int _t;
        public override void Step(double[][] p, double[][] g)
        {
            _m ??= ZerosLike(p);
            _v ??= ZerosLike(p);
            _vHat ??= ZerosLike(p);
            _t++;
            double aT = kind == AdamKind.Adamax
                ? lr() / (1 - Math.Pow(b1, _t))
                : lr() * Math.Sqrt(1 - Math.Pow(b2, _t)) / (1 - Math.Pow(b1, _t));
            for (int k = 0; k < p.Length; k++)
                for (int i = 0; i < p[k].Length; i++)
                {
                    double gi = g[k][i];
                    _m[k][i] = b1 * _m[k][i] + (1 - b1) * gi;
                    double denominator;
                    if (kind == AdamKind.Adamax)
                    {
                        _v[k][i] = Math.Max(b2 * _v[k][i], Math.Abs(gi));
                        denominator = _v[k][i] + eps;
                    }
                    else
                    {
                        _v[k][i] = b2 * _v[k][i] + (1 - b2) * gi * gi;
                        _vHat[k][i] = Math.Max(_vHat[k][i], _v[k][i]);
                        denominator = Math.Sqrt(kind == AdamKind.AmsGrad ? _vHat[k][i] : _v[k][i]) + eps;
                    }
                    p[k][i] -= aT * _m[k][i] / denominator;
                }
        }
    }
}
