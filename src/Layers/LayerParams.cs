using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

public static partial class LayerGraph
{
    /// <summary>The parameters of every layer of the network, each once, in layer order
    /// (Lasagne's <c>get_all_params(layer, **tags)</c>): true requires the tag, false excludes it,
    /// null ignores it. <c>GetAllParams(net, trainable: true)</c> gives what an optimizer updates.</summary>
    public static IReadOnlyList<SharedVariable> GetAllParams(Layer layer, bool? trainable = null, bool? regularizable = null, bool? batchNormStat = null)
    {
        var (include, exclude) = Layer.TagFilter(trainable, regularizable, batchNormStat);
        return GetAllParams(layer, include, exclude);
    }

    /// <summary>The parameters of every layer whose tags include all of <paramref name="include"/> and none of
    /// <paramref name="exclude"/>, each once, in layer order.</summary>
    public static IReadOnlyList<SharedVariable> GetAllParams(Layer layer, ParamTags include, ParamTags exclude = ParamTags.None)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var seen = new HashSet<SharedVariable>(ReferenceEqualityComparer.Instance);
        var result = new List<SharedVariable>();
        foreach (var l in GetAllLayers(layer))
            foreach (var p in l.GetParams(include, exclude))
                if (seen.Add(p)) result.Add(p);
        return result;
    }

    /// <summary>The number of scalar parameters in the network (Lasagne's <c>count_params</c>), with the same tag filters.</summary>
    public static long CountParams(Layer layer, bool? trainable = null, bool? regularizable = null, bool? batchNormStat = null)
    {
        long total = 0;
        foreach (var p in GetAllParams(layer, trainable, regularizable, batchNormStat)) total += p.Value.Length;
        return total;
    }

    /// <summary>Copies of the values of <see cref="GetAllParams(Layer, bool?, bool?, bool?)"/>, in the same order
    /// (Lasagne's <c>get_all_param_values</c>).</summary>
    public static Tensor[] GetAllParamValues(Layer layer, bool? trainable = null, bool? regularizable = null, bool? batchNormStat = null)
    {
        var ps = GetAllParams(layer, trainable, regularizable, batchNormStat);
        var values = new Tensor[ps.Count];
        for (int i = 0; i < values.Length; i++) values[i] = CloneTensor(ps[i].Value);
        return values;
    }

    /// <summary>Sets the values of <see cref="GetAllParams(Layer, bool?, bool?, bool?)"/> from copies of
    /// <paramref name="values"/>, in order (Lasagne's <c>set_all_param_values</c>). Everything is checked
    /// before anything is written, so on error the network keeps its values.</summary>
    /// <exception cref="ArgumentException">When the count differs, or a value's shape or dtype differs from its
    /// parameter (the message names the first mismatching parameter).</exception>
    public static void SetAllParamValues(Layer layer, IReadOnlyList<Tensor> values, bool? trainable = null, bool? regularizable = null, bool? batchNormStat = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var ps = GetAllParams(layer, trainable, regularizable, batchNormStat);
        CheckValues(ps, values, "set_all_param_values", "value");
        for (int i = 0; i < ps.Count; i++) ps[i].Value = CloneTensor(values[i]);
    }

    /// <summary>Checks that <paramref name="values"/> fit <paramref name="parameters"/> one to one.</summary>
    internal static void CheckValues(IReadOnlyList<SharedVariable> parameters, IReadOnlyList<Tensor> values, string operation, string what)
    {
        if (values.Count != parameters.Count)
            throw new ArgumentException($"{operation}: mismatch: got {values.Count} {what}s for {parameters.Count} parameters");
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i].Value;
            var v = values[i] ?? throw new ArgumentException($"{operation}: {what} {i} is null");
            if (v.Shape != p.Shape)
                throw new ShapeMismatchException(operation, $"mismatch at parameter {i} ('{parameters[i].Name}'): the parameter has shape {p.Shape} but the {what} has shape {v.Shape}", p.Shape, v.Shape);
            if (v.DType != p.DType)
                throw new ArgumentException($"{operation}: mismatch at parameter {i} ('{parameters[i].Name}'): the parameter has dtype {p.DType.Name()} but the {what} has dtype {v.DType.Name()}");
        }
    }

    internal static Tensor CloneTensor(Tensor t) => t switch
    {
        Tensor<float> f => f.Clone(),
        Tensor<double> d => d.Clone(),
        Tensor<int> i => i.Clone(),
        _ => throw new NotSupportedException($"tensor of dtype {t.DType.Name()}"),
    };
}
