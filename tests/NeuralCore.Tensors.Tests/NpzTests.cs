using System.Globalization;
using System.IO.Compression;
using NeuralCore.Tensors.Io;

using NeuralCore.TestSupport;

namespace NeuralCore.Tensors.Tests;

/// <summary>.npy/.npz round trips, interop both ways with real NumPy (Debian's python3-numpy at
/// /usr/bin/python3), and rejection of corrupt, truncated and unsupported files.</summary>
public sealed class NpzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("npz-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);


    private static Tensor<float> Ramp(params int[] dims)
    {
        var t = Tensor.Zeros<float>(dims);
        var s = t.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = i * 0.37f - 2.5f;
        return t;
    }

    [Fact]
    public void NpyRoundTripKeepsDTypeShapeAndValues()
    {
        var cases = new Tensor[]
        {
            Ramp(3, 4),
            Tensor.FromArray(new[] { 1.5, -2.25, double.MaxValue, double.Epsilon }, 2, 2),
            Tensor.FromArray(new[] { int.MinValue, -1, 0, 7, int.MaxValue }),
            Tensor.Scalar(3.5f),
            Tensor.Zeros<float>(0, 3),
            Ramp(2, 1, 3, 2),
        };
        foreach (var t in cases)
        {
            string path = PathOf("x.npy");
            Npy.Save(path, t);
            var back = Npy.Load(path);
            Assert.Equal(t.DType, back.DType);
            Assert.Equal(t.Shape, back.Shape);
            for (int i = 0; i < t.Length; i++) Assert.Equal(t.GetDouble(i), back.GetDouble(i));
        }
    }

    [Fact]
    public void HeaderIsVersion1PaddedTo64Bytes()
    {
        var header = Npy.BuildHeader(DType.Float32, new Shape(10));
        Assert.Equal(0, header.Length % 64);
        Assert.Equal(1, header[6]);
        Assert.Equal(0, header[7]);
        string text = System.Text.Encoding.ASCII.GetString(header, 10, header.Length - 10);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (10,), }", text);
        Assert.EndsWith("\n", text);
    }

    [Fact]
    public void FileWrittenHereLoadsInNumPyWithTheSameValues()
    {
        string path = PathOf("params.npz");
        var w = Ramp(3, 5);
        var b = Tensor.FromArray(new[] { 0.1, -0.2, 1e-300 });
        var labels = Tensor.FromArray(new[] { 3, -4, 5, 6 }, 2, 2);
        Npz.Save(path, [w, b, labels]);

        // Python prints name, dtype, shape, compression method and every value as a Python float.
        string output = PythonRunner.Run("""
            import sys, zipfile, numpy as np
            z = np.load(sys.argv[1])
            methods = {i.filename: i.compress_type for i in zipfile.ZipFile(sys.argv[1]).infolist()}
            for k in sorted(z.files):
                a = z[k]
                print(k, a.dtype, 'x'.join(map(str, a.shape)), methods[k + '.npy'], ' '.join(repr(float(v)) for v in a.ravel()))
            """, path);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        CheckLine(lines[0], "arr_0", "float32", "3x5", w);
        CheckLine(lines[1], "arr_1", "float64", "3", b);
        CheckLine(lines[2], "arr_2", "int32", "2x2", labels);

        static void CheckLine(string line, string name, string dtype, string shape, Tensor expected)
        {
            var parts = line.Split(' ');
            Assert.Equal(name, parts[0]);
            Assert.Equal(dtype, parts[1]);
            Assert.Equal(shape, parts[2]);
            Assert.Equal("0", parts[3]); // ZIP_STORED, as numpy.savez writes
            Assert.Equal(expected.Length, parts.Length - 4);
            for (int i = 0; i < expected.Length; i++)
                Assert.Equal(expected.GetDouble(i), double.Parse(parts[4 + i], CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("savez")]
    [InlineData("savez_compressed")]
    public void FileWrittenByNumPyLoadsHere(string function)
    {
        string path = PathOf(function + ".npz");
        PythonRunner.Run($$"""
            import sys, numpy as np
            w = (np.arange(24, dtype=np.float32) * np.float32(0.37) - np.float32(2.5)).reshape(2, 3, 4)
            b = np.array([0.1, -0.2, 1e-300])
            y = np.array([[3, -4], [5, 6]], dtype=np.int32)
            s = np.float32(7.25)
            np.{{function}}(sys.argv[1], w, b, y, s)
            """, path);

        var arrays = Npz.LoadPositional(path);
        Assert.Equal(4, arrays.Length);
        var w = Assert.IsType<Tensor<float>>(arrays[0]);
        Assert.Equal(new Shape(2, 3, 4), w.Shape);
        var wSpan = w.AsReadOnlySpan();
        for (int i = 0; i < 24; i++) Assert.Equal(i * 0.37f - 2.5f, wSpan[i]);
        var b = Assert.IsType<Tensor<double>>(arrays[1]);
        Assert.Equal(new[] { 0.1, -0.2, 1e-300 }, b.ToArray());
        var y = Assert.IsType<Tensor<int>>(arrays[2]);
        Assert.Equal(new Shape(2, 2), y.Shape);
        Assert.Equal(new[] { 3, -4, 5, 6 }, y.ToArray());
        var s = Assert.IsType<Tensor<float>>(arrays[3]);
        Assert.Equal(0, s.Rank);
        Assert.Equal(7.25f, s.ToScalar());
    }

    [Fact]
    public void CompressedArchiveWrittenHereLoadsInNumPy()
    {
        string path = PathOf("c.npz");
        var x = Ramp(4, 4);
        Npz.Save(path, [new KeyValuePair<string, Tensor>("weights", x)], compressed: true);
        string output = PythonRunner.Run("""
            import sys, zipfile, numpy as np
            print(zipfile.ZipFile(sys.argv[1]).infolist()[0].compress_type, float(np.load(sys.argv[1])['weights'].sum()))
            """, path);
        var parts = output.Trim().Split(' ');
        Assert.Equal("8", parts[0]); // ZIP_DEFLATED
        double expected = 0;
        foreach (var v in x.AsReadOnlySpan()) expected += v;
        Assert.Equal(expected, double.Parse(parts[1], CultureInfo.InvariantCulture), 4);
    }

    [Fact]
    public void UnsupportedDTypeIsRejectedByName()
    {
        string path = PathOf("i64.npz");
        PythonRunner.Run("import sys, numpy as np; np.savez(sys.argv[1], np.arange(3, dtype=np.int64))", path);
        var ex = Assert.Throws<NpyFormatException>(() => Npz.Load(path));
        Assert.Contains("int64", ex.Message);
        Assert.Contains("'<i8'", ex.Message);
        Assert.Contains("arr_0.npy", ex.Message);

        string be = PathOf("be.npy");
        PythonRunner.Run("import sys, numpy as np; np.save(sys.argv[1], np.arange(3, dtype='>f4'))", be);
        var ex2 = Assert.Throws<NpyFormatException>(() => Npy.Load(be));
        Assert.Contains("big-endian float32", ex2.Message);
    }

    [Fact]
    public void FortranOrderIsRejected()
    {
        string path = PathOf("f.npy");
        PythonRunner.Run("import sys, numpy as np; np.save(sys.argv[1], np.asfortranarray(np.ones((2, 3), dtype=np.float32)))", path);
        var ex = Assert.Throws<NpyFormatException>(() => Npy.Load(path));
        Assert.Contains("Fortran order", ex.Message);
    }

    [Fact]
    public void TruncatedAndCorruptFilesAreRejectedClearly()
    {
        string npy = PathOf("t.npy");
        Npy.Save(npy, Ramp(10, 10));
        var bytes = File.ReadAllBytes(npy);
        File.WriteAllBytes(npy, bytes[..(bytes.Length - 7)]);
        var ex = Assert.Throws<NpyFormatException>(() => Npy.Load(npy));
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("(10, 10)", ex.Message);

        File.WriteAllBytes(npy, bytes[..20]);
        Assert.Contains("truncated", Assert.Throws<NpyFormatException>(() => Npy.Load(npy)).Message);

        File.WriteAllText(npy, "hello, not numpy");
        Assert.Contains("magic", Assert.Throws<NpyFormatException>(() => Npy.Load(npy)).Message);

        string npz = PathOf("t.npz");
        Npz.Save(npz, [Ramp(10, 10)]);
        var zbytes = File.ReadAllBytes(npz);
        File.WriteAllBytes(npz, zbytes[..(zbytes.Length / 2)]);
        var zex = Assert.Throws<NpyFormatException>(() => Npz.Load(npz));
        Assert.Contains("not a valid .npz", zex.Message);

        // Damage the stored data of the entry: the zip CRC check or the npy parser must object.
        Npz.Save(npz, [Ramp(10, 10)]);
        zbytes = File.ReadAllBytes(npz);
        zbytes[200] ^= 0xFF;
        File.WriteAllBytes(npz, zbytes);
        Assert.Throws<NpyFormatException>(() => Npz.Load(npz));
    }

    [Fact]
    public void PositionalLoadRejectsOtherNames()
    {
        string path = PathOf("named.npz");
        Npz.Save(path, [new KeyValuePair<string, Tensor>("W", Ramp(2))]);
        var ex = Assert.Throws<NpyFormatException>(() => Npz.LoadPositional(path));
        Assert.Contains("'W'", ex.Message);
    }

    [Fact]
    public void FailedWriteLeavesThePreviousFileAndNoTemporaryFile()
    {
        string path = PathOf("keep.npz");
        Npz.Save(path, [Ramp(3)]);
        var before = File.ReadAllBytes(path);
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[1000]);
            throw new InvalidOperationException("simulated crash mid-write");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));

        // A successful save replaces the content.
        Npz.Save(path, [Ramp(4)]);
        Assert.Equal(new Shape(4), Npz.LoadPositional(path)[0].Shape);
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void ZipEntriesAreNamedLikeNumPy()
    {
        string path = PathOf("names.npz");
        Npz.Save(path, [Ramp(1), Ramp(2)]);
        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(new[] { "arr_0.npy", "arr_1.npy" }, zip.Entries.Select(e => e.FullName).ToArray());
    }
}
