using NeuralCore.Autodiff;

namespace NeuralCore.Layers;

/// <summary>
/// Network-level helpers (Lasagne's <c>lasagne.layers.helper</c>): the one graph walker that
/// collects layers in topological order and builds symbolic outputs, output-shape queries, and
/// (in <c>LayerParams.cs</c>) parameter collection and values.
/// </summary>
public static partial class LayerGraph
{
    /// <summary>Every layer <paramref name="layer"/> depends on, and the layer itself, in topological
    /// order (each layer after all of its incoming layers), as Lasagne's <c>get_all_layers</c>.</summary>
    /// <param name="layer">The output layer.</param>
    /// <param name="treatAsInput">Layers whose incoming layers are not followed.</param>
    public static IReadOnlyList<Layer> GetAllLayers(Layer layer, IEnumerable<Layer>? treatAsInput = null) =>
        GetAllLayers([layer], treatAsInput);

    /// <summary>Every layer the given layers depend on, in topological order, without repetitions.</summary>
    public static IReadOnlyList<Layer> GetAllLayers(IReadOnlyList<Layer> layers, IEnumerable<Layer>? treatAsInput = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var stop = treatAsInput is null ? new HashSet<Layer>(ReferenceEqualityComparer.Instance) : new HashSet<Layer>(treatAsInput, ReferenceEqualityComparer.Instance);
        var done = new HashSet<Layer>(ReferenceEqualityComparer.Instance);
        var result = new List<Layer>();
        // Iterative depth-first post-order, so deep networks cannot overflow the stack.
        var stack = new Stack<(Layer Layer, int Next)>();
        foreach (var root in layers)
        {
            ArgumentNullException.ThrowIfNull(root, nameof(layers));
            if (done.Contains(root)) continue;
            stack.Push((root, 0));
            var onStack = new HashSet<Layer>(ReferenceEqualityComparer.Instance) { root };
            while (stack.Count > 0)
            {
                var (current, next) = stack.Pop();
                var incoming = stop.Contains(current) ? [] : current.IncomingLayers;
                if (next < incoming.Count)
                {
                    stack.Push((current, next + 1));
                    var child = incoming[next];
                    if (!done.Contains(child))
                    {
                        if (!onStack.Add(child)) throw new InvalidOperationException($"layer graph: cycle through {child.Describe()}");
                        stack.Push((child, 0));
                    }
                    continue;
                }
                onStack.Remove(current);
                if (done.Add(current)) result.Add(current);
            }
        }
        return result;
    }

    /// <summary>The symbolic output of <paramref name="layer"/> for the network's own input variables. A training pass
    /// (not <paramref name="deterministic"/>) carries the batch-norm running-average updates as default updates, so a
    /// function compiled from it applies them (as in Lasagne); a deterministic pass uses the averages and updates nothing.</summary>
    /// <param name="layer">The output layer.</param>
    /// <param name="deterministic">True for inference (dropout/noise off, batch-norm running averages).</param>
    public static Variable GetOutput(Layer layer, bool deterministic = false) =>
        GetOutput([layer], new OutputContext(deterministic), null)[0];

    /// <summary>The symbolic output of <paramref name="layer"/> with <paramref name="input"/> as the input of the
    /// network's single <see cref="InputLayer"/>.</summary>
    /// <exception cref="ArgumentException">When the network has more or fewer than one input layer.</exception>
    public static Variable GetOutput(Layer layer, Variable input, bool deterministic = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inputLayers = GetAllLayers(layer).OfType<InputLayer>().ToList();
        if (inputLayers.Count != 1)
            throw new ArgumentException($"get_output: a single input expression was given but the network has {inputLayers.Count} input layers; pass a dictionary from layers to expressions");
        return GetOutput([layer], new OutputContext(deterministic), new Dictionary<Layer, Variable> { [inputLayers[0]] = input })[0];
    }

    /// <summary>The symbolic output of <paramref name="layer"/>, where <paramref name="inputs"/> replaces the
    /// output of any layer (usually input layers) by a given expression.</summary>
    public static Variable GetOutput(Layer layer, IReadOnlyDictionary<Layer, Variable>? inputs, bool deterministic = false) =>
        GetOutput([layer], new OutputContext(deterministic), inputs)[0];

    /// <summary>The symbolic outputs of several layers from one pass (shared sub-networks are built once,
    /// so dropout masks are shared between the outputs).</summary>
    public static Variable[] GetOutput(IReadOnlyList<Layer> layers, IReadOnlyDictionary<Layer, Variable>? inputs = null, bool deterministic = false) =>
        GetOutput(layers, new OutputContext(deterministic), inputs);

    /// <summary>The symbolic output of <paramref name="layer"/> with full options; state updates that layers register
    /// explicitly are collected in <paramref name="context"/>.<see cref="OutputContext.Updates"/> (include them in the
    /// compiled function; the built-in layers need none: batch-norm running averages are default updates).</summary>
    public static Variable GetOutput(Layer layer, OutputContext context, IReadOnlyDictionary<Layer, Variable>? inputs = null) =>
        GetOutput([layer], context, inputs)[0];

    /// <summary>The symbolic outputs of several layers with full options; see <see cref="GetOutput(Layer, OutputContext, IReadOnlyDictionary{Layer, Variable})"/>.</summary>
    public static Variable[] GetOutput(IReadOnlyList<Layer> layers, OutputContext context, IReadOnlyDictionary<Layer, Variable>? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(context);
        var given = inputs ?? new Dictionary<Layer, Variable>();
        var all = GetAllLayers(layers, given.Keys);
        var outputs = new Dictionary<Layer, Variable>(ReferenceEqualityComparer.Instance);
        foreach (var (l, v) in given) outputs[l] = v ?? throw new ArgumentException($"get_output: the expression given for {l.Describe()} is null");
        foreach (var l in all)
        {
            if (outputs.ContainsKey(l)) continue;
            if (l is InputLayer input)
            {
                outputs[l] = input.InputVariable;
                continue;
            }
            var incoming = l.IncomingLayers;
            if (incoming.Count == 0)
                throw new InvalidOperationException($"get_output: {l.Describe()} has no incoming layer (it was built from a shape); give its input in the inputs dictionary");
            var args = new Variable[incoming.Count];
            for (int i = 0; i < args.Length; i++) args[i] = outputs[incoming[i]];
            outputs[l] = l.BuildOutput(args, context);
        }
        var result = new Variable[layers.Count];
        for (int i = 0; i < result.Length; i++) result[i] = outputs[layers[i]];
        return result;
    }

    /// <summary>The output shape of <paramref name="layer"/> (Lasagne's <c>get_output_shape</c>); with
    /// <paramref name="inputShapes"/> the shapes are recomputed as if those layers produced the given shapes.</summary>
    public static IReadOnlyList<int?> GetOutputShape(Layer layer, IReadOnlyDictionary<Layer, IReadOnlyList<int?>>? inputShapes = null) =>
        GetOutputShape([layer], inputShapes)[0];

    /// <summary>The output shapes of several layers; see <see cref="GetOutputShape(Layer, IReadOnlyDictionary{Layer, IReadOnlyList{int?}})"/>.</summary>
    public static IReadOnlyList<int?>[] GetOutputShape(IReadOnlyList<Layer> layers, IReadOnlyDictionary<Layer, IReadOnlyList<int?>>? inputShapes = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (inputShapes is null || inputShapes.Count == 0) return layers.Select(l => l.OutputShape).ToArray();
        var all = GetAllLayers(layers, inputShapes.Keys);
        var shapes = new Dictionary<Layer, IReadOnlyList<int?>>(ReferenceEqualityComparer.Instance);
        foreach (var (l, s) in inputShapes) shapes[l] = s;
        foreach (var l in all)
        {
            if (shapes.ContainsKey(l)) continue;
            var incoming = l.IncomingLayers;
            if (incoming.Count == 0) shapes[l] = l.OutputShape;
            else if (l is MergeLayer merge) shapes[l] = merge.GetOutputShapeFor(incoming.Select(i => shapes[i]).ToArray());
            else shapes[l] = l.GetOutputShapeFor(shapes[incoming[0]]);
        }
        return layers.Select(l => shapes[l]).ToArray();
    }
}
