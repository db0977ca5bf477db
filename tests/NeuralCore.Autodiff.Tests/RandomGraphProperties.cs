using FsCheck.Xunit;
using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests;

/// <summary>
/// FsCheck builds random expression graphs: a random matrix shape and a random program (bytes decoded
/// three at a time into an op and two operands from the values built so far), over a smooth op set
/// with broadcasting, reductions, dot, softmax, slicing and concatenation. Every gradient of the final
/// scalar is checked against float64 central differences.
/// </summary>
public class RandomGraphProperties
{
    private delegate Variable Step(Variable a, Variable b);

    private static readonly (string Name, Step Build)[] Steps =
    [
        ("add", (a, b) => a + b),
        ("sub", (a, b) => a - b),
        ("mul", (a, b) => a * b),
        ("div", (a, b) => a / (1.5 + T.Square(b))),
        ("tanh", (a, _) => T.Tanh(a)),
        ("sigmoid", (a, _) => T.Sigmoid(a)),
        ("softplus", (a, _) => T.Softplus(a)),
        ("exp_tanh", (a, _) => T.Exp(T.Tanh(a))),
        ("log1p_sq", (a, _) => T.Log(1.0 + T.Square(a))),
        ("sqrt", (a, _) => T.Sqrt(1.0 + T.Square(a))),
        ("row_sum_bcast", (a, b) => a.Sum([1], keepDims: true) * b),
        ("col_mean_bcast", (a, b) => b - a.Mean([0], keepDims: true)),
        ("row_bias", (a, b) => a + b.Sum([0])),
        ("softmax", (a, _) => T.Softmax(a)),
        ("log_softmax", (a, _) => T.LogSoftmax(a) * 0.5),
        ("dot_gram", (a, b) => T.Dot(T.Dot(a, b, transposeB: true), b) * 0.3),
        ("transpose_dot", (a, b) => T.Dot(a, T.Dot(a, b, transposeA: true)) * 0.3),
        ("scalar_scale", (a, b) => a * T.Mean(b)),
        ("var", (a, b) => a * a.Var([1], keepDims: true) + b),
        ("concat_slice", (a, b) => T.Concatenate([a, b * 2.0], axis: 1)[.., 1..]),
        ("reversed_rows", (a, b) => a[Slice.Range(null, null, -1)] * b),
        ("reshape_roundtrip", (a, _) => a.Flatten(1).Reshape(a.Shape[0], a.Shape[1])),
        ("pow", (a, b) => T.Pow(1.0 + T.Square(a), T.Sigmoid(b))),
    ];

    [Property(MaxTest = 40)]
    public void GradientsOfRandomGraphsMatchFiniteDifferences(byte rows, byte cols, byte[] program)
    {
        int r = 1 + rows % 3, c = 1 + cols % 4;
        program ??= [];
        int length = Math.Min(program.Length / 3, 8);
        GradientChecker.Verify(inputs =>
        {
            var values = new List<Variable>(inputs);
            for (int k = 0; k < length; k++)
            {
                var step = Steps[program[3 * k] % Steps.Length];
                var a = values[program[3 * k + 1] % values.Count];
                var b = values[program[3 * k + 2] % values.Count];
                var result = step.Build(a, b);
                // Keep the pool rectangular (r, c); concatenation widens, so cut back to c columns.
                if (result.Rank == 2 && result.Type.Shape[1] != c) result = result[.., ..c];
                values.Add(result);
            }
            var total = T.Sum(values[^1] * values[^1]);
            return total + 0.1 * T.Sum(values[Math.Max(values.Count - 2, 0)]);
        }, [new Shape(r, c), new Shape(r, c), new Shape(r, c)], seed: (program.Length * 31 + rows) * 17 + cols,
           absoluteTolerance: 1e-5, relativeTolerance: 1e-5);
    }
}
