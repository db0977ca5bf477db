using System.Diagnostics;
using System.Reflection;

namespace NeuralCore.Autodiff;

/// <summary>
/// Where an expression was built: the first stack frame outside the NeuralCore libraries (method,
/// and file:line when debug symbols are available). Captured when a node is created, inherited by
/// gradient nodes and copied by rewrites so that errors at run time still point at user code.
/// </summary>
public sealed class SourceTrace
{
    [ThreadStatic] private static SourceTrace? t_ambient;

    /// <summary>Creates a trace from its parts.</summary>
    public SourceTrace(string method, string? file, int line)
    {
        Method = method;
        File = file;
        Line = line;
    }

    /// <summary>Turns capturing on or off (on by default). Capturing costs a stack walk per node.</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>The user method, e.g. <c>Program.Main</c>.</summary>
    public string Method { get; }

    /// <summary>The source file, when symbols are available.</summary>
    public string? File { get; }

    /// <summary>The line in <see cref="File"/>, 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>"Program.cs:12 in Program.Main", or just the method when the file is unknown.</summary>
    public override string ToString() => File is null ? Method : $"{Path.GetFileName(File)}:{Line} in {Method}";

    /// <summary>The call site of the code that is building the graph right now (or the ambient trace set
    /// by <see cref="Use"/>); null when capturing is disabled or no user frame is found.</summary>
    public static SourceTrace? Capture()
    {
        if (t_ambient is not null) return t_ambient;
        if (!Enabled) return null;
        var frames = new StackTrace(1, fNeedFileInfo: true).GetFrames();
        foreach (var frame in frames)
        {
            var method = frame.GetMethod();
            var type = method?.DeclaringType;
            if (type is null || IsLibrary(type.Assembly)) continue;
            return new SourceTrace($"{type.Name}.{method!.Name}", frame.GetFileName(), frame.GetFileLineNumber());
        }
        return null;
    }

    /// <summary>Makes every node created on this thread until the returned scope is disposed carry
    /// <paramref name="trace"/> (used by gradients and rewrites: new nodes inherit the trace of the node they come from).</summary>
    public static Scope Use(SourceTrace? trace)
    {
        var previous = t_ambient;
        if (trace is not null) t_ambient = trace;
        return new Scope(previous);
    }

    /// <summary>Restores the previous ambient trace when disposed.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly SourceTrace? _previous;
        internal Scope(SourceTrace? previous) => _previous = previous;
        /// <summary>Restores the previous ambient trace.</summary>
        public void Dispose() => t_ambient = _previous;
    }

    private static bool IsLibrary(Assembly assembly)
    {
        var name = assembly.GetName().Name;
        return name is "NeuralCore.Tensors" or "NeuralCore.Autodiff" or "NeuralCore.Layers" or "NeuralCore.Optimizers"
            || (name is not null && (name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft", StringComparison.Ordinal)
                || name.StartsWith("xunit", StringComparison.Ordinal) || name.StartsWith("FsCheck", StringComparison.Ordinal) || name == "FSharp.Core"));
    }
}
