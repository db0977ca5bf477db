namespace NeuralCore.Layers.Init;

/// <summary>The distribution a variance-scaling initializer draws from once it has computed its standard deviation.</summary>
public enum Distribution
{
    /// <summary>Normal with mean 0 and the computed standard deviation.</summary>
    Normal,
    /// <summary>Uniform on [-√3·std, √3·std], which has the computed standard deviation.</summary>
    Uniform,
}
