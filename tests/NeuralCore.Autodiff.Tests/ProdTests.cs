using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Tests;

/// <summary>The prod reduction: values and types against a plain loop, and gradients with inputs that are exactly 0.</summary>
public class ProdTests
{
    // Row 0: no zero; row 1: one zero; row 2: two zeros; row 3: all zeros.
    private static readonly double[,] s_rows =
    {
        { 1.5, -2.0, 0.5, 3.0 },
        { 2.0, 0.0, -1.5, 0.5 },
        { 0.0, 2.5, 0.0, -1.0 },
        { 0.0, 0.0, 0.0, 0.0 },
    };

    /// <summary>d prod(row) / d x[j] as the plain product of the other elements of the row.</summary>
    private static double[,] ProductOfOthers(double[,] x)
    {
        int rows = x.GetLength(0), cols = x.GetLength(1);
        var g = new double[rows, cols];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++)
            {
                double p = 1;
                for (int k = 0; k < cols; k++) if (k != j) p *= x[r, k];
                g[r, j] = p;
            }
        return g;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientWithZerosIsTheProductOfTheOtherElements(bool keepDims)
    {
        var x = T.Matrix("x", DType.Float64);
        var weights = T.Vector("w", DType.Float64);
        var p = x.Prod([1], keepDims);
        var cost = (keepDims ? p.Flatten(1) : p) * weights;
        var g = Grad.Of(cost.Sum(), x);
        var f = Function.Compile([x, weights], [p, g]);
        double[] w = [1.0, 2.0, -0.5, 3.0];
        var result = f.Invoke(Tensor.FromArray(s_rows), Tensor.FromArray(w));
        var others = ProductOfOthers(s_rows);
        var value = ((Tensor<double>)result[0]).ToArray();
        var grad = ((Tensor<double>)result[1]).ToArray();
        Assert.Equal(keepDims ? [4, 1] : new[] { 4 }, result[0].Shape.ToArray());
        for (int r = 0; r < 4; r++)
        {
            double rowProduct = 1;
            for (int j = 0; j < 4; j++) rowProduct *= s_rows[r, j];
            Assert.Equal(rowProduct, value[r], 12);
            for (int j = 0; j < 4; j++) Assert.Equal(w[r] * others[r, j], grad[r * 4 + j], 12);
        }
    }

    [Fact]
    public void GradientWithZerosMatchesFiniteDifferences()
    {
        // prod is linear in each element, so central differences are exact at zeros too.
        var point = Tensor.FromArray(s_rows);
        GradientChecker.Verify(v => v[0].Prod(1) * T.Constant(Tensor.FromArray([1.0, -2.0, 0.5, 1.5])), [point]);
        GradientChecker.Verify(v => v[0].Prod(0), [point]);
        GradientChecker.Verify(v => v[0].Prod(), [Tensor.FromArray(new[,] { { 1.5, 0.0 }, { -2.0, 0.5 } })]);
    }

    [Fact]
    public void ValuesAndTypesMatchAPlainLoopInFloat32()
    {
        var x = new Variable(new TensorType(DType.Float32, [2, null, 4]), "x");
        var p = x.Prod([0, 2], keepDims: true);
        Assert.Equal(new int?[] { 1, null, 1 }, p.Type.Shape.ToArray());
        Assert.Equal(new int?[] { null }, x.Prod(0, 2).Type.Shape.ToArray());
        var random = new Random(2);
        var values = new float[2 * 3 * 4];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(0.5 + random.NextDouble());
        var result = ((Tensor<float>)p.Eval((x, Tensor.FromArray(values, 2, 3, 4)))).ToArray();
        for (int j = 0; j < 3; j++)
        {
            double expected = 1;
            for (int a = 0; a < 2; a++) for (int c = 0; c < 4; c++) expected *= values[a * 12 + j * 4 + c];
            Assert.Equal(expected, result[j], 5);
        }
        var error = Assert.Throws<GraphBuildException>(() => x.Prod(3));
        Assert.Contains("prod", error.Message);
    }
}
