using System.Numerics;

namespace NeuralCore.Tensors;

/// <summary>
/// Evaluates a <see cref="FusedLoopProgram"/> (a chain of elementwise operations) in one pass over
/// memory: the output is processed in blocks of <see cref="BlockSize"/> elements, each instruction
/// runs as a SIMD loop (Vector512/256, float exp/tanh/sigmoid from <see cref="FloatMath"/>) over the block on
/// per-thread scratch rows that stay in cache, and only the final instruction writes the output. No full-size temporary is ever created. Inputs broadcast
/// NumPy-style against the output (scalars, rows, columns, any stretched axes); the output may be
/// one of the full-size inputs (in-place). Large outputs are split over <see cref="Parallelism.MaxThreads"/>
/// threads. Nothing is allocated per call after a thread's first call.
/// </summary>
public static class FusedLoop
{
    /// <summary>Elements per block: large enough to amortize the per-instruction dispatch, small enough that
    /// a program's live rows stay in L1/L2.</summary>
    public const int BlockSize = 4096;

    private const int BlocksPerChunk = 4;

    [ThreadStatic] private static Tensor[]? t_inputs;
    [ThreadStatic] private static int[]? t_kinds;
    [ThreadStatic] private static int[]? t_strides;

    private const int KindFull = 0, KindScalar = 1, KindBroadcast = 2;

    /// <summary>Runs <paramref name="program"/> on <paramref name="inputs"/> (float32 or float64, all of the output's
    /// dtype, each broadcastable to the output's shape) into <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">When the input count or a dtype differs.</exception>
    /// <exception cref="ShapeMismatchException">When an input cannot be broadcast to the output's shape.</exception>
    public static void Run(FusedLoopProgram program, ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(output);
        if (inputs.Length != program.InputCount)
            throw new ArgumentException($"fused loop: the program takes {program.InputCount} inputs but got {inputs.Length}");
        switch (output.DType)
        {
            case DType.Float32: Run<float>(program, inputs, (Tensor<float>)output); break;
            case DType.Float64: Run<double>(program, inputs, (Tensor<double>)output); break;
            default: throw new ArgumentException($"fused loop: dtype {output.DType} is not supported (float32 and float64 only)");
        }
    }

    /// <summary>Allocating overload: the output has the broadcast shape of the inputs.</summary>
    /// <exception cref="ShapeMismatchException">When the inputs cannot be broadcast together.</exception>
    public static Tensor<T> Run<T>(FusedLoopProgram program, params Tensor<T>[] inputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0) throw new ArgumentException("fused loop: at least one input is needed");
        var shape = inputs[0].Shape;
        for (int i = 1; i < inputs.Length; i++) shape = Broadcasting.BroadcastShapes("fused loop", shape, inputs[i].Shape);
        var result = new Tensor<T>(shape);
        Run(program, inputs, result);
        return result;
    }

    private static void Run<T>(FusedLoopProgram program, ReadOnlySpan<Tensor> inputs, Tensor<T> output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = output.Length;
        int count = inputs.Length, rank = output.Rank;
        var inputArray = t_inputs is { } a && a.Length >= count ? a : t_inputs = new Tensor[Math.Max(count, 8)];
        var kinds = t_kinds is { } k && k.Length >= count ? k : t_kinds = new int[Math.Max(count, 8)];
        int strideCount = count * Math.Max(rank, 1);
        var strides = t_strides is { } s && s.Length >= strideCount ? s : t_strides = new int[Math.Max(strideCount, 64)];
        for (int i = 0; i < count; i++)
        {
            var input = inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"fused loop: input {i} is null");
            if (input.DType != output.DType)
                throw new ArgumentException($"fused loop: input {i} is {input.DType} but the output is {output.DType}");
            CheckBroadcast(input.Shape, output.Shape, i);
            inputArray[i] = input;
            kinds[i] = input.Length == n ? KindFull : input.Length == 1 ? KindScalar : KindBroadcast;
            if (kinds[i] == KindBroadcast) AlignedStrides(input.Shape, output.Shape, strides.AsSpan(i * rank, rank));
        }
        if (n == 0) return;
        try
        {
            int blocks = (n + BlockSize - 1) / BlockSize;
            int chunks = (blocks + BlocksPerChunk - 1) / BlocksPerChunk;
            var work = new Work<T>(program, inputArray, kinds, strides, output, n);
            if (n < ParallelChunks.MinParallelElements) for (int c = 0; c < chunks; c++) work.Run(c);
            else ParallelChunks.Run(work, chunks);
        }
        finally
        {
            Array.Clear(inputArray, 0, count); // do not keep the caller's tensors alive
        }
    }

    private static void CheckBroadcast(Shape input, Shape output, int index)
    {
        bool ok = input.Rank <= output.Rank;
        for (int i = 0; ok && i < input.Rank; i++)
        {
            int d = input[input.Rank - 1 - i], o = output[output.Rank - 1 - i];
            ok = d == o || d == 1;
        }
        if (!ok) throw new ShapeMismatchException("fused loop", $"input {index} of shape {input} cannot be broadcast to the output shape {output}", input, output);
    }

    /// <summary>Strides of <paramref name="input"/> aligned to the axes of <paramref name="output"/> (0 on stretched axes).</summary>
    private static void AlignedStrides(Shape input, Shape output, Span<int> strides)
    {
        int rank = output.Rank, pad = rank - input.Rank, s = 1;
        for (int i = rank - 1; i >= 0; i--)
        {
            int a = i - pad;
            if (a < 0) { strides[i] = 0; continue; }
            int d = input[a];
            strides[i] = d == 1 && output[i] != 1 ? 0 : s;
            s *= d;
        }
    }

    private static class Scratch<T>
    {
        [ThreadStatic] public static T[]? Rows;
    }

    private readonly struct Work<T>(FusedLoopProgram program, Tensor[] inputs, int[] kinds, int[] strides, Tensor<T> output, int length) : IChunkWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int chunk)
        {
            int rowsNeeded = program.SlotCount * BlockSize;
            var rows = Scratch<T>.Rows is { } r && r.Length >= rowsNeeded ? r : Scratch<T>.Rows = new T[Math.Max(rowsNeeded, 8 * BlockSize)];
            int inputCount = program.InputCount;
            // Scalar inputs fill their row once per chunk (their rows are never overwritten).
            for (int i = 0; i < inputCount; i++)
                if (kinds[i] == KindScalar)
                    rows.AsSpan(program.SlotOf[i] * BlockSize, BlockSize).Fill(((Tensor<T>)inputs[i]).AsReadOnlySpan()[0]);
            int first = chunk * BlocksPerChunk * BlockSize;
            int end = Math.Min(length, first + BlocksPerChunk * BlockSize);
            for (int start = first; start < end; start += BlockSize)
                RunBlock(rows, start, Math.Min(BlockSize, end - start));
        }

        private void RunBlock(T[] rows, int start, int len)
        {
            int inputCount = program.InputCount;
            for (int i = 0; i < inputCount; i++)
                if (kinds[i] == KindBroadcast) Gather((Tensor<T>)inputs[i], i, start, rows.AsSpan(program.SlotOf[i] * BlockSize, len));
            var instructions = program.InstructionArray;
            for (int k = 0; k < instructions.Length; k++)
            {
                var ins = instructions[k];
                var d = k == instructions.Length - 1 ? output.AsSpan().Slice(start, len) : rows.AsSpan(program.SlotOf[inputCount + k] * BlockSize, len);
                var x = Register(rows, ins.A, start, len);
                var y = ins.B >= 0 ? Register(rows, ins.B, start, len) : default;
                var z = ins.C >= 0 ? Register(rows, ins.C, start, len) : default;
                FusedKernels.Execute(ins, x, y, z, d);
            }
        }

        private ReadOnlySpan<T> Register(T[] rows, int register, int start, int len)
        {
            if (register < program.InputCount && kinds[register] == KindFull)
                return ((Tensor<T>)inputs[register]).AsReadOnlySpan().Slice(start, len);
            return rows.AsSpan(program.SlotOf[register] * BlockSize, len);
        }

        // Copies the input elements that output elements [start, start + len) read, one innermost run at a time.
        private void Gather(Tensor<T> input, int index, int start, Span<T> destination)
        {
            var src = input.AsReadOnlySpan();
            var shape = output.Shape;
            int rank = shape.Rank;
            var stride = strides.AsSpan(index * rank, rank);
            Span<int> coord = stackalloc int[rank];
            int rest = start, offset = 0;
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                coord[axis] = rest % shape[axis];
                rest /= shape[axis];
                offset += coord[axis] * stride[axis];
            }
            int inner = shape[rank - 1], innerStride = stride[rank - 1];
            int done = 0;
            while (done < destination.Length)
            {
                int run = Math.Min(inner - coord[rank - 1], destination.Length - done);
                var target = destination.Slice(done, run);
                if (innerStride == 0) target.Fill(src[offset]);
                else src.Slice(offset, run).CopyTo(target);
                done += run;
                offset += run * innerStride;
                coord[rank - 1] += run;
                for (int axis = rank - 1; axis > 0 && coord[axis] == shape[axis]; axis--)
                {
                    offset -= coord[axis] * stride[axis];
                    coord[axis] = 0;
                    coord[axis - 1]++;
                    offset += stride[axis - 1];
                }
            }
        }
    }
}
