using System.Globalization;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Init;

/// <summary>
/// A (semi-)orthogonal matrix times a gain (Lasagne's <c>Orthogonal(gain=1.0)</c>). The shape is
/// viewed as (shape[0], prod(shape[1:])); with m rows and n columns, the rows are orthonormal
/// when m ≤ n and the columns when m ≥ n, so Wᵀ·W = gain²·I (or W·Wᵀ). Lasagne takes the factor of
/// an SVD of a Gaussian matrix; here the Gaussian vectors are orthonormalised by modified
/// Gram–Schmidt (applied twice for accuracy) with the sign convention of a QR decomposition with
/// positive diagonal, which gives the same (Haar) distribution.
/// </summary>
public sealed class Orthogonal : Initializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="gain">Scale factor; <see cref="Init.Gain.Relu"/> (√2) for rectifier layers.</param>
    public Orthogonal(double gain = 1.0)
    {
        if (!(gain > 0)) throw new ArgumentOutOfRangeException(nameof(gain), gain, "Orthogonal: gain must be positive");
        Gain = gain;
    }

    /// <summary>The gain.</summary>
    public double Gain { get; }

    /// <inheritdoc/>
    protected override void Fill(Span<double> values, Shape shape, RandomGenerator rng)
    {
        if (shape.Rank < 2)
            throw new ArgumentException($"Orthogonal: only shapes of length 2 or more are supported, got {shape}");
        int m = shape[0], n = shape.Size / Math.Max(m, 1);
        if (m == 0 || n == 0) return;
        // Orthonormalise k vectors of length len: rows when m <= n, otherwise columns.
        int k = Math.Min(m, n), len = Math.Max(m, n);
        var vectors = new double[k * len];
        rng.Normal(vectors.AsSpan(), 0.0, 1.0);
        for (int i = 0; i < k; i++)
        {
            var vi = vectors.AsSpan(i * len, len);
            for (int pass = 0; pass < 2; pass++)
            {
                for (int j = 0; j < i; j++)
                {
                    var vj = vectors.AsSpan(j * len, len);
                    double dot = 0;
                    for (int t = 0; t < len; t++) dot += vi[t] * vj[t];
                    for (int t = 0; t < len; t++) vi[t] -= dot * vj[t];
                }
            }
            double norm = 0;
            for (int t = 0; t < len; t++) norm += vi[t] * vi[t];
            norm = Math.Sqrt(norm);
            // A Gaussian vector lies in the span of the previous ones with probability zero.
            if (norm < 1e-12) throw new InvalidOperationException("Orthogonal: degenerate random draw; sample again");
            for (int t = 0; t < len; t++) vi[t] /= norm;
        }
        if (m <= n)
        {
            for (int i = 0; i < values.Length; i++) values[i] = Gain * vectors[i];
        }
        else
        {
            // vectors holds the n columns (each of length m); write them column by column.
            for (int c = 0; c < n; c++)
                for (int r = 0; r < m; r++)
                    values[r * n + c] = Gain * vectors[c * m + r];
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Orthogonal(gain={Gain})");
}
