using System.Globalization;
using NeuralCore.Tensors;
using NeuralCore.Tensors.Io;

using NeuralCore.TestSupport;

namespace NeuralCore.Layers.Tests;

/// <summary>Parameter files: round trip, NumPy interop both ways, rejection of mismatching and corrupt files
/// without touching the network.</summary>
public sealed class ParamsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("params-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Layer Network(string? prefix = null)
    {
        var input = new InputLayer([null, 1, 6, 6]);
        var conv = new Conv2DLayer(input, 2, 3, name: prefix + "conv");
        return new DenseLayer(new MaxPool2DLayer(conv, 2), 3, Nonlinearities.Softmax, name: prefix + "out");
    }


    private static void AssertSameValues(Layer a, Layer b)
    {
        var va = LayerGraph.GetAllParamValues(a);
        var vb = LayerGraph.GetAllParamValues(b);
        Assert.Equal(va.Length, vb.Length);
        for (int i = 0; i < va.Length; i++) Assert.True(((Tensor<float>)va[i]).ValueEquals((Tensor<float>)vb[i]), $"parameter {i} differs");
    }

    [Fact]
    public void SaveThenLoadRestoresEveryParameter()
    {
        var a = Network();
        var b = Network();
        string path = Path.Combine(_dir, "model.npz");
        ParamsFile.Save(a, path);
        ParamsFile.Load(b, path);
        AssertSameValues(a, b);
    }

    [Fact]
    public void FileLoadsInNumPyAsArr0ToArrN()
    {
        var net = Network();
        string path = Path.Combine(_dir, "model.npz");
        ParamsFile.Save(net, path);
        string output = PythonRunner.Run("""
            import sys, numpy as np
            f = np.load(sys.argv[1])
            values = [f['arr_%d' % i] for i in range(len(f.files))]
            for v in values:
                print(v.dtype, 'x'.join(map(str, v.shape)), repr(float(v.astype(np.float64).sum())), repr(float(v.ravel()[-1])))
            """, path);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var values = LayerGraph.GetAllParamValues(net);
        Assert.Equal(values.Length, lines.Length);
        for (int i = 0; i < values.Length; i++)
        {
            var parts = lines[i].Split(' ');
            var t = (Tensor<float>)values[i];
            Assert.Equal("float32", parts[0]);
            Assert.Equal(string.Join("x", t.Shape.ToArray()), parts[1]);
            double sum = 0;
            foreach (var v in t.AsReadOnlySpan()) sum += v;
            Assert.Equal(sum, double.Parse(parts[2], CultureInfo.InvariantCulture), 9);
            Assert.Equal((double)t.AsReadOnlySpan()[^1], double.Parse(parts[3], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void FileWrittenByNumPySavezLoadsIntoTheNetwork()
    {
        var net = Network();
        string path = Path.Combine(_dir, "lasagne.npz");
        // What a Lasagne user writes: np.savez(path, *get_all_param_values(net)), here with known values.
        PythonRunner.Run("""
            import sys, numpy as np
            shapes = [(2, 1, 3, 3), (2,), (8, 3), (3,)]
            values = [(np.arange(np.prod(s), dtype=np.float32) * np.float32(0.5) + np.float32(k)).reshape(s) for k, s in enumerate(shapes)]
            np.savez(sys.argv[1], *values)
            """, path);
        ParamsFile.Load(net, path);
        var loaded = LayerGraph.GetAllParamValues(net);
        for (int k = 0; k < loaded.Length; k++)
        {
            var span = ((Tensor<float>)loaded[k]).AsReadOnlySpan();
            for (int i = 0; i < span.Length; i++) Assert.Equal(i * 0.5f + k, span[i]);
        }
    }

    [Fact]
    public void MismatchingFilesAreRejectedByParameterAndChangeNothing()
    {
        var net = Network("a_");
        var before = LayerGraph.GetAllParamValues(net);
        string path = Path.Combine(_dir, "bad.npz");

        // Wrong shape of the third parameter (the dense weights).
        var wrongShape = LayerGraph.GetAllParamValues(net);
        wrongShape[2] = Tensor.Zeros<float>(9, 3);
        Npz.Save(path, wrongShape);
        var ex = Assert.ThrowsAny<ArgumentException>(() => ParamsFile.Load(net, path));
        Assert.Contains("a_out.W", ex.Message);
        Assert.Contains("(9, 3)", ex.Message);
        Assert.Contains("(8, 3)", ex.Message);

        // Wrong count.
        Npz.Save(path, before.Take(3).ToArray());
        Assert.Contains("3", Assert.ThrowsAny<ArgumentException>(() => ParamsFile.Load(net, path)).Message);

        // Wrong dtype of the first parameter.
        var wrongType = LayerGraph.GetAllParamValues(net);
        wrongType[0] = ((Tensor<float>)wrongType[0]).Cast<double>();
        Npz.Save(path, wrongType);
        var ex2 = Assert.ThrowsAny<ArgumentException>(() => ParamsFile.Load(net, path));
        Assert.Contains("a_conv.W", ex2.Message);
        Assert.Contains("float64", ex2.Message);

        // Corrupt and truncated files.
        ParamsFile.Save(net, path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.Throws<NpyFormatException>(() => ParamsFile.Load(net, path));
        File.WriteAllText(path, "not a zip");
        Assert.Throws<NpyFormatException>(() => ParamsFile.Load(net, path));

        var after = LayerGraph.GetAllParamValues(net);
        for (int i = 0; i < before.Length; i++) Assert.True(((Tensor<float>)before[i]).ValueEquals((Tensor<float>)after[i]));
    }
}
