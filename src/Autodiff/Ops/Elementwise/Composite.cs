using NeuralCore.Tensors;

namespace NeuralCore.Autodiff.Ops;

/// <summary>One scalar operation inside a <see cref="CompositeOp"/>: <see cref="Scalar"/> applied to registers
/// <see cref="Args"/> (registers 0..n-1 are the composite's inputs, step k writes register n + k).</summary>
/// <param name="Scalar">The scalar function.</param>
/// <param name="Args">Operand registers, one per input of the scalar function.</param>
public sealed record CompositeStep(ScalarOp Scalar, int[] Args);

/// <summary>
/// A chain (or tree) of elementwise operations fused into one op (Theano's <c>Composite</c>), created
/// by the elementwise fusion rewrite at compile time. It evaluates all steps in one pass over memory
/// with <see cref="FusedLoop"/> (blocks of elements on per-thread scratch, no full-size temporaries).
/// Inputs broadcast as for <see cref="ElementwiseOp"/>. Its gradient expands the steps back into
/// elementwise ops, so differentiating a fused graph still works.
/// </summary>
public sealed class CompositeOp : Op
{
    private readonly CompositeStep[] _steps;

    /// <summary>Creates a composite of <paramref name="steps"/> over <paramref name="inputCount"/> inputs.</summary>
    /// <exception cref="ArgumentException">When a step uses a scalar op that cannot be fused or an invalid register.</exception>
    public CompositeOp(int inputCount, IReadOnlyList<CompositeStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        InputCount = inputCount;
        _steps = [.. steps];
        var instructions = new FusedInstruction[_steps.Length];
        for (int k = 0; k < _steps.Length; k++)
        {
            var step = _steps[k];
            if (step.Args.Length != step.Scalar.Arity)
                throw new ArgumentException($"composite: step {k} ({step.Scalar}) has {step.Args.Length} operands but needs {step.Scalar.Arity}");
            instructions[k] = ToInstruction(step.Scalar, step.Args)
                ?? throw new ArgumentException($"composite: the scalar op {step.Scalar} cannot be fused");
        }
        Program = new FusedLoopProgram(inputCount, instructions);
    }

    /// <summary>Number of inputs.</summary>
    public int InputCount { get; }

    /// <summary>The steps, in evaluation order; the last one is the result.</summary>
    public IReadOnlyList<CompositeStep> Steps => _steps;

    /// <summary>The compiled loop program.</summary>
    public FusedLoopProgram Program { get; }

    /// <inheritdoc/>
    public override string Name => "composite";

    /// <inheritdoc/>
    public override bool IsElementwise => true;

    /// <summary>Any full-size input may be the output: the fused loop writes each block only after reading it.</summary>
    public override bool CanRunInPlace(int inputIndex) => true;

    /// <summary>True when <paramref name="scalar"/> has a fused-loop implementation (float dtypes only; casts are not fused).</summary>
    public static bool CanFuse(ScalarOp scalar) => ToInstruction(scalar, [0, 0, 0]) is not null;

    private static FusedInstruction? ToInstruction(ScalarOp scalar, int[] a)
    {
        FusedOp? op = scalar switch
        {
            Add => FusedOp.Add,
            Sub => FusedOp.Sub,
            Mul => FusedOp.Mul,
            Div => FusedOp.Div,
            Pow => FusedOp.Pow,
            Maximum => FusedOp.Maximum,
            Minimum => FusedOp.Minimum,
            Neg => FusedOp.Neg,
            Exp => FusedOp.Exp,
            Log => FusedOp.Log,
            Log1p => FusedOp.Log1p,
            Sqrt => FusedOp.Sqrt,
            Abs => FusedOp.Abs,
            Square => FusedOp.Square,
            Sign => FusedOp.Sign,
            Tanh => FusedOp.Tanh,
            Sigmoid => FusedOp.Sigmoid,
            Softplus => FusedOp.Softplus,
            Relu => FusedOp.Relu,
            Elu => FusedOp.Elu,
            Selu => FusedOp.Selu,
            Clip => FusedOp.Clip,
            Switch => FusedOp.Where,
            Second => FusedOp.Second,
            SigmoidGrad => FusedOp.SigmoidGrad,
            TanhGrad => FusedOp.TanhGrad,
            ReluGrad => FusedOp.ReluGrad,
            Comparison c => c.Kind switch
            {
                ComparisonKind.Equal => FusedOp.Equal,
                ComparisonKind.NotEqual => FusedOp.NotEqual,
                ComparisonKind.Less => FusedOp.Less,
                ComparisonKind.LessEqual => FusedOp.LessEqual,
                ComparisonKind.Greater => FusedOp.Greater,
                _ => FusedOp.GreaterEqual,
            },
            _ => null,
        };
        if (op is not { } o) return null;
        double p0 = scalar switch { Relu r => r.Alpha, ReluGrad g => g.Alpha, Elu e => e.Alpha, Clip c => c.Min, _ => 0 };
        double p1 = scalar is Clip clip ? clip.Max : 0;
        return new FusedInstruction(o, a[0], a.Length > 1 ? a[1] : -1, a.Length > 2 ? a[2] : -1, p0, p1);
    }

    /// <inheritdoc/>
    public override TensorType[] InferTypes(IReadOnlyList<Variable> inputs)
    {
        if (inputs.Count != InputCount) throw Fail($"expects {InputCount} inputs but got {inputs.Count}");
        var dtype = inputs[0].DType;
        if (!dtype.IsFloat()) throw Fail($"needs float inputs, got {dtype.Name()}");
        int rank = 0;
        foreach (var v in inputs)
        {
            if (v.DType != dtype) throw Fail($"inputs have different dtypes ({string.Join(", ", inputs.Select(i => i.DType.Name()))})");
            rank = Math.Max(rank, v.Rank);
        }
        var shape = new int?[rank];
        for (int axis = 0; axis < rank; axis++)
        {
            int? known = null;
            bool allOne = true;
            foreach (var v in inputs)
            {
                int a = axis - (rank - v.Rank);
                if (a < 0 || v.Type.Shape[a] == 1) continue;
                allOne = false;
                if (v.Type.Shape[a] is not int d) continue;
                if (known is not null && known != d) throw Fail($"shapes {Shapes(inputs)} cannot be broadcast together (axis {axis})");
                known = d;
            }
            shape[axis] = known ?? (allOne ? 1 : null);
        }
        return [new TensorType(dtype, shape)];
    }

    /// <inheritdoc/>
    public override void InferShape(Apply node, ReadOnlySpan<Shape> inputShapes, Span<Shape> outputShapes)
    {
        int rank = node.Output.Rank;
        var dims = new int[rank];
        for (int axis = 0; axis < rank; axis++)
        {
            int extent = -1;
            for (int i = 0; i < inputShapes.Length; i++)
            {
                int a = axis - (rank - inputShapes[i].Rank);
                if (a < 0 || node.InputArray[i].Type.IsBroadcastable(a)) continue;
                int d = inputShapes[i][a];
                if (extent >= 0 && d != extent)
                    throw new ShapeMismatchException(ToString(), $"input dimension mismatch on axis {axis}: shapes {string.Join(" and ", inputShapes.ToArray())}", inputShapes.ToArray());
                extent = d;
            }
            dims[axis] = extent < 0 ? 1 : extent;
        }
        outputShapes[0] = new Shape(dims);
    }

    /// <inheritdoc/>
    public override void Perform(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs) => FusedLoop.Run(Program, inputs, outputs[0]);

    /// <summary>The steps rebuilt as elementwise ops on <paramref name="inputs"/> (the unfused expression).</summary>
    public Variable Expand(IReadOnlyList<Variable> inputs)
    {
        var registers = new List<Variable>(inputs);
        foreach (var step in _steps)
        {
            var args = new Variable[step.Args.Length];
            for (int i = 0; i < args.Length; i++) args[i] = registers[step.Args[i]];
            registers.Add(new ElementwiseOp(step.Scalar).Apply1(args));
        }
        return registers[^1];
    }

    /// <inheritdoc/>
    public override Variable?[] Grad(Apply node, IReadOnlyList<Variable?> outputGradients)
    {
        var gz = outputGradients[0];
        if (gz is null) return new Variable?[node.InputArray.Length];
        var expanded = Expand(node.InputArray);
        return Autodiff.Grad.Lop([expanded], node.InputArray, [gz], DisconnectedInputs.Zeros);
    }

    /// <summary>The fused expression with the printed inputs substituted, so pretty printing is the same as before fusion.</summary>
    public override string Format(IReadOnlyList<string> inputs)
    {
        var text = new List<string>(inputs);
        foreach (var step in _steps)
        {
            var args = new string[step.Args.Length];
            for (int i = 0; i < args.Length; i++) args[i] = text[step.Args[i]];
            text.Add(step.Scalar.Format(args));
        }
        return text[^1];
    }

    /// <summary>Composites with more steps than this print as a summary in <see cref="ToString"/>: the expression of a
    /// fused DAG repeats shared subexpressions, so its text can grow exponentially with the step count.</summary>
    public const int MaxPrintedSteps = 24;

    /// <summary>E.g. <c>composite{sigmoid(((i0 * i1) + i2))}</c>; for more than <see cref="MaxPrintedSteps"/> steps
    /// <c>composite{4096 steps over 3 inputs, last: tanh}</c>.</summary>
    public override string ToString()
    {
        if (_steps.Length > MaxPrintedSteps)
            return $"composite{{{_steps.Length} steps over {InputCount} inputs, last: {_steps[^1].Scalar}}}";
        var names = new string[InputCount];
        for (int i = 0; i < names.Length; i++) names[i] = $"i{i}";
        return $"composite{{{Format(names)}}}";
    }

    /// <inheritdoc/>
    protected override bool PropsEqual(Op other)
    {
        var o = (CompositeOp)other;
        if (o.InputCount != InputCount || o._steps.Length != _steps.Length) return false;
        for (int k = 0; k < _steps.Length; k++)
            if (!o._steps[k].Scalar.Equals(_steps[k].Scalar) || !o._steps[k].Args.AsSpan().SequenceEqual(_steps[k].Args)) return false;
        return true;
    }

    /// <inheritdoc/>
    protected override int PropsHash()
    {
        var h = new HashCode();
        h.Add(InputCount);
        foreach (var s in _steps) { h.Add(s.Scalar); foreach (var a in s.Args) h.Add(a); }
        return h.ToHashCode();
    }
}
