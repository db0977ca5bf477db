namespace NeuralCore.PeerBenchmarks;

/// <summary>A benchmark parameter that knows how many floating-point operations one call of a
/// category costs, so that the summary can print GFLOP/s.</summary>
public interface IFlopCount
{
    /// <summary>Floating-point operations of one call in <paramref name="category"/>, or 0 when not meaningful.</summary>
    double Flops(string category);
}
