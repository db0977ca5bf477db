using BenchmarkDotNet.Running;
using NeuralCore.PeerBenchmarks;

// Run: benchmarks/NeuralCore.PeerBenchmarks/run.sh (or dotnet run -c Release -- --filter '*').
// --smoke: one torch call and one NeuralCore call, to check that libtorch loads (GLIBCXX patch).
if (args.Length > 0 && args[0] == "--smoke")
{
    Smoke.Run();
    return 0;
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
if (summaries.Count > 0)
{
    string table = PeerSummary.ToMarkdown(summaries);
    string path = Path.Combine(summaries[0].ResultsDirectoryPath, "peer-comparison.md");
    File.WriteAllText(path, table);
    Console.WriteLine();
    Console.WriteLine(table);
    Console.WriteLine($"Peer comparison table written to {path}");
}
return 0;
