using NeuralCore.Tensors;

namespace NeuralCore.Autodiff;

/// <summary>
/// Thrown while an expression is being built when an op rejects its inputs (wrong dtype, rank or
/// static shape). The message names the op, the symbolic shapes involved and the user's call site,
/// e.g. <c>dot: inner dimensions differ: (?, 784) x (800, 10) [at Program.cs:12 in Main]</c>.
/// </summary>
public sealed class GraphBuildException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="op"/> with a description of the problem.</summary>
    public GraphBuildException(string op, string problem, SourceTrace? trace = null)
        : base(trace is null ? $"{op}: {problem}" : $"{op}: {problem} [at {trace}]")
    {
        Op = op;
        Trace = trace;
    }

    /// <summary>The name of the op that rejected its inputs.</summary>
    public string Op { get; }

    /// <summary>Where the offending expression was built, when known.</summary>
    public SourceTrace? Trace { get; }
}
