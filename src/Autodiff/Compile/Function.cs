namespace NeuralCore.Autodiff;

/// <summary>
/// Compiles symbolic expressions into callables (Theano's <c>theano.function</c>):
/// <c>var f = Function.Compile([a, b], a * b); f.Invoke(6f, 7f)</c>.
/// </summary>
public static class Function
{
    /// <summary>Compiles a function of <paramref name="inputs"/> returning one output.</summary>
    /// <exception cref="ArgumentException">When an input is not a graph input, the output depends on a variable
    /// that is neither an input nor shared, or an update or given does not fit.</exception>
    public static CompiledFunction Compile(IReadOnlyList<Variable> inputs, Variable output,
        IEnumerable<(SharedVariable Target, Variable NewValue)>? updates = null,
        IEnumerable<(Variable Variable, Variable Replacement)>? givens = null, CompileOptions? options = null)
        => Compile(inputs, [output], updates, givens, options);

    /// <summary>Compiles a function of <paramref name="inputs"/> returning <paramref name="outputs"/> and, after the
    /// outputs are computed, writing each update's new value into its shared variable. All update expressions
    /// see the values from before the call (Theano semantics). <paramref name="givens"/> substitute variables
    /// (e.g. an input by a slice of a shared dataset) before compilation.</summary>
    /// <exception cref="ArgumentException">When an input is not a graph input, an output depends on a variable
    /// that is neither an input nor shared, or an update or given does not fit.</exception>
    public static CompiledFunction Compile(IReadOnlyList<Variable> inputs, IReadOnlyList<Variable> outputs,
        IEnumerable<(SharedVariable Target, Variable NewValue)>? updates = null,
        IEnumerable<(Variable Variable, Variable Replacement)>? givens = null, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        options ??= CompileOptions.Default;
        var inputSet = new HashSet<Variable>();
        for (int i = 0; i < inputs.Count; i++)
        {
            var v = inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"Function.Compile: input {i} is null");
            if (v is SharedVariable) throw new ArgumentException($"Function.Compile: input {i} ({v.Describe()}) is a shared variable; shared variables are read implicitly, remove it from the inputs");
            if (v is Constant) throw new ArgumentException($"Function.Compile: input {i} is a constant");
            if (v.Owner is not null) throw new ArgumentException($"Function.Compile: input {i} ({v.Describe()}) is computed by {v.Owner.Op}; inputs must be symbolic variables (use givens to substitute an expression)");
            if (!inputSet.Add(v)) throw new ArgumentException($"Function.Compile: input {i} ({v.Describe()}) is listed twice");
        }
        for (int i = 0; i < outputs.Count; i++)
            if (outputs[i] is null) throw new ArgumentNullException(nameof(outputs), $"Function.Compile: output {i} is null");

        var updateList = new List<(SharedVariable Target, Variable NewValue)>();
        var targets = new HashSet<SharedVariable>();
        foreach (var (target, value) in updates ?? [])
        {
            ArgumentNullException.ThrowIfNull(target);
            ArgumentNullException.ThrowIfNull(value);
            // Aliases (SharedVariable.CreateAlias) share one value, so they count as one target.
            if (!targets.Add(target.Storage)) throw new ArgumentException($"Function.Compile: shared variable {target.Describe()} has two updates"
                + (ReferenceEquals(target, target.Storage) ? "" : " (through an alias of the same value)"));
            if (value.DType != target.DType || value.Rank != target.Rank)
                throw new ArgumentException($"Function.Compile: the update of {target.Describe()} has type {value.Type}; dtype and rank must match (cast or reshape the expression)");
            for (int i = 0; i < value.Rank; i++)
                if (target.Type.Shape[i] is int a && value.Type.Shape[i] is int b && a != b)
                    throw new ArgumentException($"Function.Compile: the update of {target.Describe()} has shape {value.Type.ShapeString}");
            updateList.Add((target, value));
        }

        if (!options.NoDefaultUpdates) AddDefaultUpdates(outputs, updateList, targets);

        Dictionary<Variable, Variable>? givenMap = null;
        foreach (var (variable, replacement) in givens ?? [])
        {
            givenMap ??= [];
            ArgumentNullException.ThrowIfNull(variable);
            ArgumentNullException.ThrowIfNull(replacement);
            if (!givenMap.TryAdd(variable, replacement)) throw new ArgumentException($"Function.Compile: {variable.Describe()} is given twice");
        }

        var roots = new List<Variable>(outputs);
        foreach (var (_, value) in updateList) roots.Add(value);
        var cloned = GraphTraversal.Clone(roots, givenMap);
        CheckMissingInputs(cloned, outputs.Count, inputSet, updateList);

        var graph = new FunctionGraph(inputs, cloned);
        options.GraphLog?.WriteLine("=== graph before optimization ===\n" + Print.Debug(graph.Outputs));
        if (options.Optimize) GraphOptimizer.Optimize(graph, options);
        options.GraphLog?.WriteLine("=== graph after optimization ===\n" + Print.Debug(graph.Outputs));
        return new CompiledFunction(graph, inputs.ToArray(), outputs.Count, updateList.Select(u => u.Target).ToArray(), options);
    }

    // Theano's default_update: every shared variable used by the graph (or by another update) brings its default update
    // along, to a fixpoint, unless its value (possibly through an alias) already has an explicit update: the
    // explicit one wins. Two aliases of one value that both have default updates: the first found is applied.
    private static void AddDefaultUpdates(IReadOnlyList<Variable> outputs, List<(SharedVariable Target, Variable NewValue)> updates, HashSet<SharedVariable> targets)
    {
        bool added = true;
        while (added)
        {
            added = false;
            var roots = new List<Variable>(outputs);
            foreach (var (_, value) in updates) roots.Add(value);
            foreach (var leaf in GraphTraversal.Leaves(roots))
            {
                if (leaf is not SharedVariable { DefaultUpdate: { } value } shared || targets.Contains(shared.Storage)) continue;
                if (value.DType != shared.DType || value.Rank != shared.Rank)
                    throw new ArgumentException($"Function.Compile: the default update of {shared.Describe()} has type {value.Type}");
                targets.Add(shared.Storage);
                updates.Add((shared, value));
                added = true;
            }
        }
    }

    /// <summary>Compiles with updates given as a dictionary (e.g. the output of an update rule): keys are the shared
    /// variables, values their new values (every update expression sees the values from before the call).</summary>
    /// <exception cref="ArgumentException">As for the other overloads.</exception>
    public static CompiledFunction Compile(IReadOnlyList<Variable> inputs, IReadOnlyList<Variable> outputs,
        IEnumerable<KeyValuePair<SharedVariable, Variable>> updates, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(updates);
        return Compile(inputs, outputs, updates.Select(kv => (kv.Key, kv.Value)).ToList(), null, options);
    }

    private static void CheckMissingInputs(Variable[] roots, int outputCount, HashSet<Variable> inputs, List<(SharedVariable Target, Variable NewValue)> updates)
    {
        for (int r = 0; r < roots.Length; r++)
            foreach (var leaf in GraphTraversal.Leaves([roots[r]]))
            {
                if (!leaf.IsInput || inputs.Contains(leaf)) continue;
                string what = r < outputCount ? $"output {r}" : $"the update of {updates[r - outputCount].Target.Describe()}";
                throw new ArgumentException($"Function.Compile: {what} depends on the input variable {leaf.Describe()}"
                    + (leaf.Trace is { } t ? $" (created at {t})" : "") + ", which is not in the inputs list; add it to the inputs or replace it with givens");
            }
    }
}
