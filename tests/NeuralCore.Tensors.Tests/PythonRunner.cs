using System.Diagnostics;

namespace NeuralCore.TestSupport;

/// <summary>Runs a Python script with Debian's NumPy (/usr/bin/python3; the PATH python may lack numpy) for
/// the .npy/.npz interop tests. Shared by the Tensors and Layers test projects (linked source file).</summary>
internal static class PythonRunner
{
    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/> as sys.argv[1:] and returns standard output;
    /// fails the test when Python exits with an error.</summary>
    public static string Run(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderrTask = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = stderrTask.Result;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"python failed ({p.ExitCode}): {stderr}");
        return stdout;
    }
}
