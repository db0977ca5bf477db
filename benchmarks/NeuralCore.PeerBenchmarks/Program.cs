using BenchmarkDotNet.Running;
using static TorchSharp.torch;
if (args.Length > 0 && args[0] == "--smoke")
{
    var x = ones(2, 2);
    System.Console.WriteLine((x + x).sum().item<float>());
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
