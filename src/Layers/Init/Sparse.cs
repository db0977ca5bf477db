using System.Globalization;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Init;

/// <summary>
/// Sparse initialization (Lasagne's <c>Sparse(sparsity=0.1, std=0.01)</c>, Martens 2010) for a 2-D
/// weight (in, out): in every column, floor(sparsity · in) randomly chosen rows get N(0, std²) values
/// and the rest are zero.
/// </summary>
public sealed class Sparse : Initializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="sparsity">Fraction of non-zero entries per column, in [0, 1].</param>
    /// <param name="std">Standard deviation of the non-zero entries.</param>
    public Sparse(double sparsity = 0.1, double std = 0.01)
    {
        if (!(sparsity >= 0 && sparsity <= 1)) throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "Sparse: sparsity must be in [0, 1]");
        if (!(std >= 0)) throw new ArgumentOutOfRangeException(nameof(std), std, "Sparse: std must be zero or positive");
        Sparsity = sparsity;
        Std = std;
    }

    /// <summary>Fraction of non-zero entries per column.</summary>
    public double Sparsity { get; }

    /// <summary>Standard deviation of the non-zero entries.</summary>
    public double Std { get; }

    /// <summary>The number of non-zero entries per column for <paramref name="inputs"/> rows.</summary>
    public int NonZerosPerColumn(int inputs) => (int)(Sparsity * inputs);

    /// <inheritdoc/>
    protected override void Fill(Span<double> values, Shape shape, RandomGenerator rng)
    {
        if (shape.Rank != 2)
            throw new ArgumentException($"Sparse: only 2-D (in, out) shapes are supported, got {shape}");
        int inputs = shape[0], outputs = shape[1];
        int count = NonZerosPerColumn(inputs);
        values.Clear();
        Span<double> draws = count <= 256 ? stackalloc double[count] : new double[count];
        for (int col = 0; col < outputs; col++)
        {
            int[] rows = rng.Permutation(inputs);
            rng.Normal(draws, 0.0, Std);
            for (int i = 0; i < count; i++) values[rows[i] * outputs + col] = draws[i];
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Sparse(sparsity={Sparsity}, std={Std})");
}
