namespace NeuralCore.Samples.Tests;

/// <summary>An <see cref="IProgress{T}"/> that reports synchronously on the caller's thread (Progress&lt;T&gt; posts to a
/// synchronization context, so the test would read its results before they arrive).</summary>
internal sealed class Sink<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
