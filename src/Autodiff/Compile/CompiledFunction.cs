namespace NeuralCore.Autodiff;

/// <summary>
/// A compiled function: call <see cref="Invoke(ReadOnlySpan{Tensor})"/> with one tensor per input.
/// Each call checks the inputs against their symbolic types, runs the scheduled kernels, returns the
/// outputs and then applies the updates (all update expressions see the old values).
/// <para>Execution plans (the shape of every intermediate and its buffer) are cached per input-shape
/// signature, so once warmed up a call allocates nothing. <b>The returned tensors are owned by the
/// function and overwritten by the next call</b>; clone them to keep them, or compile with
/// <see cref="CompileOptions.CopyOutputs"/>. A compiled function may be called from one thread at a
/// time; concurrent calls throw <see cref="InvalidOperationException"/>.</para>
/// </summary>
public sealed class CompiledFunction
{
    private readonly FunctionGraph _graph;
    private readonly Variable[] _inputs;
    private readonly SharedVariable[] _shared;
    private readonly Constant[] _constants;
    private readonly Apply[] _schedule;
    private readonly Dictionary<Variable, int> _slotOf = [];
    private readonly int[] _inputSlots, _sharedSlots, _constantSlots;
    private readonly int[][] _nodeInputSlots, _nodeOutputSlots;
    private readonly int[] _outputSlots;
    private readonly SharedVariable[] _updateTargets;
    private readonly int[] _updateSlots;
    private readonly bool[] _updateSwapsDirectly;
    private readonly bool[] _isLeafSlot;
    private readonly CompileOptions _options;
    private readonly List<ExecutionPlan> _plans = [];
    private ExecutionPlan? _last;
    private int _busy;

    internal CompiledFunction(FunctionGraph graph, Variable[] inputs, int outputCount, SharedVariable[] updateTargets, CompileOptions options)
    {
        _graph = graph;
        _inputs = inputs;
        _options = options;
        _updateTargets = updateTargets;
        _schedule = [.. graph.Toposort()];
        var leaves = graph.Leaves();
        _shared = leaves.OfType<SharedVariable>().ToArray();
        _constants = leaves.OfType<Constant>().ToArray();

        int Slot(Variable v)
        {
            if (!_slotOf.TryGetValue(v, out int s)) _slotOf[v] = s = _slotOf.Count;
            return s;
        }
        _inputSlots = inputs.Select(Slot).ToArray();
        _sharedSlots = _shared.Select(Slot).ToArray();
        _constantSlots = _constants.Select(Slot).ToArray();
        _nodeInputSlots = new int[_schedule.Length][];
        _nodeOutputSlots = new int[_schedule.Length][];
        for (int n = 0; n < _schedule.Length; n++)
        {
            _nodeInputSlots[n] = _schedule[n].InputArray.Select(Slot).ToArray();
            _nodeOutputSlots[n] = _schedule[n].OutputArray.Select(Slot).ToArray();
        }
        var outs = graph.Outputs;
        _outputSlots = new int[outputCount];
        for (int k = 0; k < outputCount; k++) _outputSlots[k] = Slot(outs[k]);
        _updateSlots = new int[updateTargets.Length];
        for (int u = 0; u < updateTargets.Length; u++) _updateSlots[u] = Slot(outs[outputCount + u]);
        _isLeafSlot = new bool[_slotOf.Count];
        foreach (var (v, s) in _slotOf) _isLeafSlot[s] = v.Owner is null;
        // Double buffering: an update value computed into a buffer of its own is swapped with the shared variable's
        // storage after the call. Values that are leaves, also returned as outputs, or shared by two updates are
        // first copied into a staging buffer (which is then swapped), so no two owners ever hold one buffer.
        _updateSwapsDirectly = new bool[_updateSlots.Length];
        for (int u = 0; u < _updateSlots.Length; u++)
        {
            int slot = _updateSlots[u];
            bool direct = !_isLeafSlot[slot] && Array.IndexOf(_outputSlots, slot) < 0;
            for (int other = 0; other < _updateSlots.Length && direct; other++)
                if (other != u && _updateSlots[other] == slot) direct = false;
            _updateSwapsDirectly[u] = direct;
        }
    }

    /// <summary>The inputs, in call order.</summary>
    public IReadOnlyList<Variable> Inputs => _inputs;

    /// <summary>The optimized graph (outputs followed by update expressions).</summary>
    public FunctionGraph Graph => _graph;

    /// <summary>Number of outputs.</summary>
    public int OutputCount => _outputSlots.Length;

    /// <summary>Number of cached execution plans (one per input-shape signature seen).</summary>
    public int PlanCount => _plans.Count;

    /// <summary>The nodes in execution order.</summary>
    public IReadOnlyList<Apply> Schedule => _schedule;

    /// <summary>The generators of the random ops this function samples from (dropout masks, noise), in execution
    /// order: with the parameters and the optimizer state, their positions are what a call changes, so a training
    /// checkpoint records them to resume exactly. A new list on every call (not meant for hot paths).</summary>
    public IReadOnlyList<RandomGenerator> RandomGenerators
    {
        get
        {
            var generators = new List<RandomGenerator>();
            foreach (var node in _schedule)
                if (node.Op is Ops.RandomOp random) generators.Add(random.Generator);
            return generators;
        }
    }

    /// <summary>Calls a function without inputs (e.g. a pure update step).</summary>
    public IReadOnlyList<Tensor> Invoke() => Invoke(ReadOnlySpan<Tensor>.Empty);

    /// <summary>Calls the function with scalar float32 inputs (each becomes a rank-0 tensor; allocates).</summary>
    public IReadOnlyList<Tensor> Invoke(params float[] scalars) => Invoke(scalars.Select(s => (Tensor)Tensor.Scalar(s)).ToArray());

    /// <summary>Calls the function with scalar float64 inputs (each becomes a rank-0 tensor; allocates).</summary>
    public IReadOnlyList<Tensor> Invoke(params double[] scalars) => Invoke(scalars.Select(s => (Tensor)Tensor.Scalar(s)).ToArray());

    /// <summary>Calls the function: one tensor per input, checked against its symbolic type. Returns the outputs
    /// (function-owned buffers, overwritten by the next call unless <see cref="CompileOptions.CopyOutputs"/>).</summary>
    /// <exception cref="ArgumentException">When an input has the wrong count, dtype, rank or a shape that does not fit.</exception>
    /// <exception cref="InvalidOperationException">When called concurrently from two threads.</exception>
    public IReadOnlyList<Tensor> Invoke(params ReadOnlySpan<Tensor> inputs)
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
            throw new InvalidOperationException("CompiledFunction.Invoke: the function is already running on another thread; a compiled function may be called from one thread at a time (compile one per thread or synchronize the calls)");
        try
        {
            if (inputs.Length != _inputs.Length)
                throw new ArgumentException($"CompiledFunction.Invoke: expected {_inputs.Length} inputs ({string.Join(", ", _inputs.Select(v => v.Name ?? "?"))}) but got {inputs.Length}");
            for (int i = 0; i < inputs.Length; i++)
            {
                var value = inputs[i];
                if (value is null) throw new ArgumentNullException(nameof(inputs), $"CompiledFunction.Invoke: input {i} is null");
                var type = _inputs[i].Type;
                if (value.DType != type.DType || !type.Accepts(value.Shape)) type.Validate(value, $"input {i} ('{_inputs[i].Name ?? "?"}')");
            }
            var plan = FindPlan(inputs) ?? CreatePlan(inputs);
            _last = plan;
            return Run(plan, inputs);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private ExecutionPlan? FindPlan(ReadOnlySpan<Tensor> inputs)
    {
        if (_last is not null && _last.Matches(inputs, _shared)) return _last;
        foreach (var p in _plans) if (p.Matches(inputs, _shared)) return p;
        return null;
    }

    private ExecutionPlan CreatePlan(ReadOnlySpan<Tensor> inputs)
    {
        var shapes = new Dictionary<Variable, Shape>();
        for (int i = 0; i < _inputs.Length; i++) shapes[_inputs[i]] = inputs[i].Shape;
        foreach (var s in _shared) shapes[s] = s.Value.Shape;
        foreach (var c in _constants) shapes[c] = c.Value.Shape;
        foreach (var node in _schedule)
        {
            var inShapes = new Shape[node.InputArray.Length];
            for (int i = 0; i < inShapes.Length; i++) inShapes[i] = shapes[node.InputArray[i]];
            var outShapes = new Shape[node.OutputArray.Length];
            try
            {
                node.Op.InferShape(node, inShapes, outShapes);
            }
            catch (ArgumentException e)
            {
                throw new ShapeMismatchException(node.Op.Name, $"{e.Message} (input shapes {string.Join(", ", inShapes)}{Where(node)})", inShapes);
            }
            for (int o = 0; o < outShapes.Length; o++)
            {
                var v = node.OutputArray[o];
                if (!v.Type.Accepts(outShapes[o]))
                    throw new ShapeMismatchException(node.Op.Name, $"run-time shape {outShapes[o]} contradicts the static type {v.Type.ShapeString} (input shapes {string.Join(", ", inShapes)}{Where(node)})", inShapes);
                shapes[v] = outShapes[o];
            }
        }
        var keepAlive = new HashSet<Variable>();
        foreach (var o in _graph.Outputs) keepAlive.Add(o);
        var dedicated = new HashSet<Variable>();
        for (int u = 0; u < _updateSlots.Length; u++)
            if (_updateSwapsDirectly[u]) dedicated.Add(_graph.Outputs[_outputSlots.Length + u]);
        var buffers = MemoryPlanner.Plan(new MemoryPlanRequest(_schedule, shapes, keepAlive)
        {
            AllowInPlace = !_options.ExcludedRewrites.Contains(RewriteRegistry.InPlace),
            Dedicated = dedicated,
        });

        var plan = new ExecutionPlan(_slotOf.Count, _schedule.Length, _outputSlots.Length, _updateSlots.Length);
        for (int i = 0; i < _inputs.Length; i++) plan.InputShapes.Add(inputs[i].Shape);
        foreach (var s in _shared) plan.SharedShapes.Add(s.Value.Shape);
        for (int c = 0; c < _constants.Length; c++) plan.Slots[_constantSlots[c]] = _constants[c].Value;
        foreach (var (v, t) in buffers) plan.Slots[_slotOf[v]] = t;
        for (int n = 0; n < _schedule.Length; n++)
        {
            plan.NodeInputs[n] = new Tensor[_nodeInputSlots[n].Length];
            plan.NodeOutputs[n] = new Tensor[_nodeOutputSlots[n].Length];
            for (int o = 0; o < _nodeOutputSlots[n].Length; o++) plan.NodeOutputs[n][o] = plan.Slots[_nodeOutputSlots[n][o]]!;
        }
        // Outputs that are leaves alias caller or shared storage: they get private copies. Update values that cannot be
        // swapped directly (see the constructor) get a staging buffer.
        for (int k = 0; k < _outputSlots.Length; k++)
            if (_isLeafSlot[_outputSlots[k]])
                plan.OutputCopies[k] = TensorCopy.Allocate(_graph.Outputs[k].DType, shapes[_graph.Outputs[k]]);
        for (int u = 0; u < _updateSlots.Length; u++)
            if (!_updateSwapsDirectly[u])
            {
                var v = _graph.Outputs[_outputSlots.Length + u];
                plan.UpdateStaging[u] = TensorCopy.Allocate(v.DType, shapes[v]);
            }
        _plans.Add(plan);
        return plan;
    }

    private static string Where(Apply node) => node.Output.Trace is { } t ? $"; built at {t}" : "";

    private IReadOnlyList<Tensor> Run(ExecutionPlan plan, ReadOnlySpan<Tensor> inputs)
    {
        var slots = plan.Slots;
        for (int i = 0; i < _inputSlots.Length; i++) slots[_inputSlots[i]] = inputs[i];
        for (int s = 0; s < _sharedSlots.Length; s++) slots[_sharedSlots[s]] = _shared[s].Value;
        for (int n = 0; n < _schedule.Length; n++)
        {
            var ins = plan.NodeInputs[n];
            var inSlots = _nodeInputSlots[n];
            for (int j = 0; j < ins.Length; j++) ins[j] = slots[inSlots[j]]!;
            var node = _schedule[n];
            try
            {
                node.Op.Perform(ins, plan.NodeOutputs[n]);
            }
            catch (Exception e) when (e is not NanGuardException)
            {
                throw new InvalidOperationException($"CompiledFunction: {node.Op} failed{Where(node)}: {e.Message}", e);
            }
            if (_options.NanGuard) CheckFinite(node, plan.NodeOutputs[n], ins);
        }

        // With CopyOutputs the caller keeps what it got, so the list itself must be new too (not the plan's).
        var results = _options.CopyOutputs ? new Tensor[_outputSlots.Length] : plan.Results;
        for (int k = 0; k < _outputSlots.Length; k++)
        {
            var value = slots[_outputSlots[k]]!;
            if (plan.OutputCopies[k] is { } copy) { TensorCopy.Copy(value, copy); value = copy; }
            results[k] = _options.CopyOutputs ? TensorCopy.Clone(value) : value;
        }
        // Updates: every new value is computed (or staged) before any shared variable changes.
        var newValues = plan.UpdateValues;
        for (int u = 0; u < _updateSlots.Length; u++)
        {
            var value = slots[_updateSlots[u]]!;
            if (plan.UpdateStaging[u] is { } staging) { TensorCopy.Copy(value, staging); value = staging; }
            newValues[u] = value;
        }
        // Then each shared variable takes its new value by swapping storage with the buffer that holds it (the buffer
        // gets the old storage, overwritten next call); a copy only when the shape changed or a tensor is a view.
        for (int u = 0; u < _updateTargets.Length; u++)
            if (!_updateTargets[u].TrySwapIn(newValues[u])) _updateTargets[u].Assign(newValues[u]);
        for (int i = 0; i < _inputSlots.Length; i++) slots[_inputSlots[i]] = null; // do not keep caller tensors alive
        return results;
    }

    private static void CheckFinite(Apply node, Tensor[] outputs, Tensor[] inputs)
    {
        for (int o = 0; o < outputs.Length; o++)
        {
            int bad = TensorCopy.FirstNonFinite(outputs[o]);
            if (bad < 0) continue;
            double value = outputs[o].GetDouble(bad);
            bool inputsFinite = true;
            foreach (var i in inputs) if (TensorCopy.FirstNonFinite(i) >= 0) { inputsFinite = false; break; }
            string what = double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
            throw new NanGuardException(node, o, bad, value,
                $"NaN guard: {node.Op} produced {what} at flat index {bad} of output {o} (shape {outputs[o].Shape})"
                + (inputsFinite ? " from finite inputs" : " (an input was already non-finite)")
                + $"; input shapes {string.Join(", ", inputs.Select(i => i.Shape))}{Where(node)}");
        }
    }

    /// <summary>The debug print of the optimized graph.</summary>
    public override string ToString() => Print.Debug(_graph.Outputs);

    private sealed class ExecutionPlan
    {
        public ExecutionPlan(int slots, int nodes, int outputs, int updates)
        {
            Slots = new Tensor?[slots];
            NodeInputs = new Tensor[nodes][];
            NodeOutputs = new Tensor[nodes][];
            Results = new Tensor[outputs];
            OutputCopies = new Tensor?[outputs];
            UpdateStaging = new Tensor?[updates];
            UpdateValues = new Tensor[updates];
        }

        public List<Shape> InputShapes { get; } = [];
        public List<Shape> SharedShapes { get; } = [];
        public Tensor?[] Slots { get; }
        public Tensor[][] NodeInputs { get; }
        public Tensor[][] NodeOutputs { get; }
        public Tensor[] Results { get; }
        public Tensor?[] OutputCopies { get; }
        public Tensor?[] UpdateStaging { get; }
        public Tensor[] UpdateValues { get; }

        public bool Matches(ReadOnlySpan<Tensor> inputs, SharedVariable[] shared)
        {
            for (int i = 0; i < inputs.Length; i++) if (inputs[i].Shape != InputShapes[i]) return false;
            for (int s = 0; s < shared.Length; s++) if (shared[s].Value.Shape != SharedShapes[s]) return false;
            return true;
        }
    }
}
