using NeuralCore.Tensors;
using TorchSharp;

namespace NeuralCore.PeerBenchmarks;

/// <summary>
/// Checks that libtorch loads (the GLIBCXX patch) and that both libraries compute the same thing
/// for every benchmarked kernel on small shapes, so that the benchmarks compare like with like.
/// </summary>
public static class Smoke
{
    private const float Tolerance = 1e-4f;

    /// <summary>Runs the checks; throws when the libraries disagree by more than 1e-4 of the
    /// largest magnitude of the expected values.</summary>
    public static void Run()
    {
        Console.WriteLine($"libtorch {torch.__version__}, threads {torch.get_num_threads()}, LD_PRELOAD={Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "(none)"}");

        var (a, ta) = PeerSetup.Pair(1, 37, 23);
        var (b, tb) = PeerSetup.Pair(2, 23, 41);
        Compare("matmul 37x23 * 23x41", Gemm.MatMul(a, b), ta.mm(tb));
        var (c, tc) = PeerSetup.Pair(10, 256, 256);
        var (d, td) = PeerSetup.Pair(11, 256, 256);
        Compare("matmul 256", Gemm.MatMul(c, d), tc.mm(td));

        // A small odd shape, then every benchmarked layer with batch 2: the kernels choose their
        // algorithm by shape, so the checked path is the benchmarked one.
        CheckConv("conv2d 3->4 3x3 on 9x9", new ConvCase(2, 3, 4, 3, 9));
        foreach (var layer in ConvCase.Samples())
            CheckConv($"conv2d {layer with { Batch = 2 }}", layer with { Batch = 2 });

        var (p, tp) = PeerSetup.Pair(6, 2, 3, 8, 8);
        var (gp, tgp) = PeerSetup.Pair(7, 2, 3, 4, 4);
        var pool = new Pool2DOptions(2, 2, 2, 2);
        using (var scope = torch.NewDisposeScope())
        {
            var tpg = tp.detach().requires_grad_(true);
            var ty = torch.nn.functional.max_pool2d(tpg, 2);
            var grads = torch.autograd.grad([ty], [tpg], [tgp]);
            var y = Pool2D.Forward(p, pool);
            Compare("max pool forward", y, ty);
            Compare("max pool backward", Pool2D.Backward(p, y, gp, pool), grads[0]);
        }

        var (e, te) = PeerSetup.Pair(8, 1000);
        var (f, tf) = PeerSetup.Pair(9, 1000);
        Compare("add", Elementwise.Add(e, f), te.add(tf));
        Compare("sigmoid", Elementwise.Sigmoid(e), te.sigmoid());

    }


    private static void CheckConv(string what, ConvCase c)
    {
        var (x, tx) = PeerSetup.Pair(3, c.Batch, c.InChannels, c.Size, c.Size);
        var (w, tw) = PeerSetup.Pair(4, c.OutChannels, c.InChannels, c.Kernel, c.Kernel);
        var (gy, tgy) = PeerSetup.Pair(5, c.Batch, c.OutChannels, c.OutSize, c.OutSize);
        var valid = new Conv2DOptions();
        using var scope = torch.NewDisposeScope();
        var txg = tx.detach().requires_grad_(true);
        var twg = tw.detach().requires_grad_(true);
        var ty = torch.nn.functional.conv2d(txg, twg);
        var grads = torch.autograd.grad([ty], [txg, twg], [tgy]);
        Compare(what + " forward", Conv2D.Forward(x, w, valid), ty);
        Compare(what + " backward data", Conv2D.BackwardData(gy, w, x.Shape, valid), grads[0]);
        Compare(what + " backward filter", Conv2D.BackwardFilter(x, gy, w.Shape, valid), grads[1]);
        tx.Dispose(); tw.Dispose(); tgy.Dispose();
    }

    internal static void Compare(string what, NeuralCore.Tensors.Tensor<float> mine, torch.Tensor theirs)
    {
        float[] expected = theirs.detach().contiguous().data<float>().ToArray();
        float[] actual = mine.ToArray();
        if (actual.Length != expected.Length)
            throw new InvalidOperationException($"{what}: NeuralCore has {actual.Length} values, TorchSharp {expected.Length}");
        float worst = 0, scale = 1;
        for (int i = 0; i < actual.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        // Relative to the largest magnitude: long sums (backward filter) carry rounding of that size.
        Console.WriteLine($"{what,-52} max |NeuralCore - TorchSharp| = {worst:E2} (largest |value| {scale:0.0})");
        if (!(worst <= Tolerance * scale))
            throw new InvalidOperationException($"{what}: NeuralCore and TorchSharp differ by {worst}");
    }
}
