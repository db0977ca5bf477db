using NeuralCore.Tensors;
using TorchSharp;

namespace NeuralCore.PeerBenchmarks;

/// <summary>
/// Checks that libtorch loads (the GLIBCXX patch) and that both libraries compute the same thing
/// for every benchmarked kernel on small shapes, so that the benchmarks compare like with like.
/// </summary>
public static class Smoke
{
    private const float Tolerance = 1e-3f;

    /// <summary>Runs the checks; throws when the libraries disagree.</summary>
    public static void Run()
    {
        Console.WriteLine($"libtorch {torch.__version__}, threads {torch.get_num_threads()}, LD_PRELOAD={Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "(none)"}");

        var (a, ta) = PeerSetup.Pair(1, 37, 23);
        var (b, tb) = PeerSetup.Pair(2, 23, 41);
        Compare("matmul", Gemm.MatMul(a, b), ta.mm(tb));

        var (x, tx) = PeerSetup.Pair(3, 2, 3, 9, 9);
        var (w, tw) = PeerSetup.Pair(4, 4, 3, 3, 3);
        var (gy, tgy) = PeerSetup.Pair(5, 2, 4, 7, 7);
        var valid = new Conv2DOptions();
        using (var scope = torch.NewDisposeScope())
        {
            var txg = tx.detach().requires_grad_(true);
            var twg = tw.detach().requires_grad_(true);
            var ty = torch.nn.functional.conv2d(txg, twg);
            var grads = torch.autograd.grad([ty], [txg, twg], [tgy]);
            Compare("conv2d forward", Conv2D.Forward(x, w, valid), ty);
            Compare("conv2d backward data", Conv2D.BackwardData(gy, w, x.Shape, valid), grads[0]);
            Compare("conv2d backward filter", Conv2D.BackwardFilter(x, gy, w.Shape, valid), grads[1]);
        }

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


    internal static void Compare(string what, NeuralCore.Tensors.Tensor<float> mine, torch.Tensor theirs)
    {
        float[] expected = theirs.detach().contiguous().data<float>().ToArray();
        float[] actual = mine.ToArray();
        if (actual.Length != expected.Length)
            throw new InvalidOperationException($"{what}: NeuralCore has {actual.Length} values, TorchSharp {expected.Length}");
        float worst = 0;
        for (int i = 0; i < actual.Length; i++) worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        Console.WriteLine($"{what,-24} max |NeuralCore - TorchSharp| = {worst:E2}");
        if (!(worst <= Tolerance))
            throw new InvalidOperationException($"{what}: NeuralCore and TorchSharp differ by {worst}");
    }
}
