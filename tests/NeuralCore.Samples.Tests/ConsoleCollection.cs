namespace NeuralCore.Samples.Tests;

/// <summary>Test classes that run the samples' command lines (which write to, and in some tests capture,
/// Console.Out) share this collection so they never run at the same time.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection
{
    public const string Name = "Console output";
}
