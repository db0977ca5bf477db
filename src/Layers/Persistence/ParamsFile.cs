using NeuralCore.Tensors;
using NeuralCore.Tensors.Io;

namespace NeuralCore.Layers;

/// <summary>
/// Saves and loads all parameter values of a network as a NumPy <c>.npz</c> file with entries
/// <c>arr_0</c>, <c>arr_1</c>, ... in <see cref="LayerGraph.GetAllParamValues"/> order, which is what
/// Lasagne users write with <c>np.savez(path, *lasagne.layers.get_all_param_values(net))</c> and read
/// back with <c>set_all_param_values(net, [f['arr_%d' % i] for i in range(len(f.files))])</c>.
/// Values keep the network's dtype (float32 for ordinary networks), little-endian.
/// </summary>
public static class ParamsFile
{
    /// <summary>Writes every parameter value of <paramref name="network"/> to <paramref name="path"/>. The write
    /// is atomic: a temporary file in the same directory replaces the target only once complete, so a crash
    /// never destroys the previous file.</summary>
    public static void Save(Layer network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        Npz.Save(path, LayerGraph.GetAllParamValues(network));
    }

    /// <summary>Loads the values in <paramref name="path"/> into the parameters of <paramref name="network"/>.
    /// The whole file is read and checked first (entry names, count, then each parameter's shape and dtype in
    /// order); on any problem nothing is changed and the exception names the first mismatching parameter.</summary>
    /// <exception cref="NpyFormatException">When the file is not a readable positional .npz archive.</exception>
    /// <exception cref="ArgumentException">When the count, a shape or a dtype does not match the network.</exception>
    public static void Load(Layer network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        var values = Npz.LoadPositional(path);
        var parameters = LayerGraph.GetAllParams(network);
        try
        {
            LayerGraph.CheckValues(parameters, values, $"load parameters from '{path}'", "stored array");
        }
        catch (ShapeMismatchException e)
        {
            throw new ArgumentException(e.Message, nameof(path), e);
        }
        LayerGraph.SetAllParamValues(network, values);
    }
}
