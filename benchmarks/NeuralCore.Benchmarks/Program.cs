using BenchmarkDotNet.Running;
using NeuralCore.Benchmarks;

// Run with: dotnet run -c Release --project benchmarks/NeuralCore.Benchmarks -- --filter '*'
// FMA ceiling (Stopwatch harness, not BenchmarkDotNet): ... -- --fma-ceiling
if (args.Length > 0 && args[0] == "--fma-ceiling")
{
    FmaCeiling.Run();
    return;
}
// Per-kernel time of a CNN training step (Stopwatch harness): ... -- --cnn-profile [Tutorial|Lasagne]
if (args.Length > 0 && args[0] == "--cnn-profile")
{
    CnnStepProfile.Run(args[1..]);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
