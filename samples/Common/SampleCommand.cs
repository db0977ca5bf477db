using System.CommandLine;
using NeuralCore.Layers.Data;

namespace NeuralCore.Samples.Common;

/// <summary>Wires a sample's run method to its root command.</summary>
public static class SampleCommand
{
    /// <summary>Sets <paramref name="run"/> as the action of <paramref name="root"/>. The user's mistakes and the
    /// environment's (a bad option value, a missing dataset, an unreadable file) end as one line on standard error
    /// and exit code 1 rather than a stack trace; anything else is a bug and propagates.</summary>
    public static void SetGuardedAction(RootCommand root, Func<ParseResult, int> run)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(run);
        root.SetAction(parse =>
        {
            try
            {
                return run(parse);
            }
            catch (Exception e) when (e is DatasetUnavailableException or ArgumentException or IOException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });
    }
}
