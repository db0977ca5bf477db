namespace NeuralCore.Samples.Tests;

/// <summary>Tests that redirect <see cref="Console.Out"/> run one at a time in this collection, so one test's
/// capture never swallows or swaps another's.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleOutputCollection
{
    public const string Name = "Console output";
}

/// <summary>Runs an action with <see cref="Console.Out"/> captured and returns what it wrote.</summary>
internal static class ConsoleCapture
{
    public static async Task<(T Result, string Output)> RunAsync<T>(Func<Task<T>> action)
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try { return (await action(), output.ToString()); }
        finally { Console.SetOut(previous); }
    }
}
