using NeuralCore.Tensors;
using TorchSharp;

namespace NeuralCore.PeerBenchmarks;

/// <summary>Checks that libtorch loads and computes, and that both libraries agree on a product.</summary>
public static class Smoke
{
    /// <summary>Multiplies the same 3x3 matrices in both libraries and prints both results.</summary>
    public static void Run()
    {
        float[] a = [1, 2, 3, 4, 5, 6, 7, 8, 9], b = [9, 8, 7, 6, 5, 4, 3, 2, 1];
        using var ta = torch.tensor(a, new long[] { 3, 3 });
        using var tb = torch.tensor(b, new long[] { 3, 3 });
        using var tc = ta.mm(tb);
        float[] torchResult = tc.data<float>().ToArray();
        float[] ncResult = Gemm.MatMul(Tensor.FromArray(a, 3, 3), Tensor.FromArray(b, 3, 3)).ToArray();
        Console.WriteLine($"libtorch {torch.__version__}, threads {torch.get_num_threads()}, LD_PRELOAD={Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "(none)"}");
        Console.WriteLine($"torch.mm:       {string.Join(' ', torchResult)}");
        Console.WriteLine($"NeuralCore mm:  {string.Join(' ', ncResult)}");
        if (!torchResult.SequenceEqual(ncResult))
            throw new InvalidOperationException("TorchSharp and NeuralCore disagree on a 3x3 product");
    }
}
