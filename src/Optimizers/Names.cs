using NeuralCore.Autodiff;

namespace NeuralCore.Optimizers;

/// <summary>How error messages and optimizer state name variables.</summary>
internal static class Names
{
    public static string Of(Variable v) => v.Name is null ? $"{v.Type}" : $"'{v.Name}' {v.Type}";

    // Lasagne leaves state unnamed; a name derived from the parameter makes debug prints and summaries readable.
    public static string? State(Variable parameter, string role) => parameter.Name is null ? role : $"{parameter.Name}.{role}";
}
