using System.Globalization;

namespace NeuralCore.Samples.PackageConsumer;

/// <summary>Prints one line per check and remembers whether any failed (the program's exit code).</summary>
internal sealed class Checks
{
    private int _failed;
    private int _passed;

    public bool AllPassed => _failed == 0;

    public void That(bool ok, string what)
    {
        if (ok) _passed++; else _failed++;
        Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    }

    public void Close(string what, double actual, double expected, double tolerance) =>
        That(Math.Abs(actual - expected) <= tolerance,
            string.Create(CultureInfo.InvariantCulture, $"{what}: {actual:G8} (expected {expected:G8} ± {tolerance:G2})"));

    public void Run(string what, Action action)
    {
        try { action(); }
        catch (Exception e) { That(false, $"{what} threw {e.GetType().Name}: {e.Message}"); }
    }

    public string Summary => $"PackageConsumer: {_passed} checks passed, {_failed} failed";
}
