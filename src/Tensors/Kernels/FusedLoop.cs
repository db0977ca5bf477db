using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralCore.Tensors;

/// <summary>
/// Evaluates a <see cref="FusedLoopProgram"/> (a chain of elementwise operations) in one pass over
/// memory; no full-size temporary is ever created and only the final instruction writes the output. Where
/// Vector512 is accelerated, every group of 256 floats (128 doubles) runs all instructions back to back on
/// L1-resident group rows (<see cref="FusedGroupKernels"/>), reading full-size inputs and bias-like broadcast
/// rows in place; outputs beyond the cache are written with non-temporal stores while the inputs are
/// prefetched. Elsewhere the output is processed in blocks of <see cref="BlockSize"/> elements, each
/// instruction one SIMD pass (Vector256) over per-thread scratch rows. Float exp/tanh/sigmoid come from
/// <see cref="FloatMath"/>. Inputs broadcast NumPy-style against the output (scalars, rows, columns, any
/// stretched axes); the output may be one of the full-size inputs (in-place). Large outputs are split over
/// <see cref="Parallelism.MaxThreads"/> threads. Nothing is allocated per call after a thread's first call.
/// </summary>
public static class FusedLoop
{
    /// <summary>Elements per block (the unit of gathering broadcast inputs, and of the block interpreter's passes):
    /// large enough to amortize the per-instruction dispatch, small enough that a program's live rows stay in L1/L2.</summary>
    public const int BlockSize = 4096;

    private const int BlocksPerChunk = 4;

    [ThreadStatic] private static Tensor[]? t_inputs;
    [ThreadStatic] private static int[]? t_kinds;
    [ThreadStatic] private static int[]? t_strides;

    // KindPeriodic (group evaluator only): the input repeats the output's trailing axes (a bias row, a
    // per-channel plane), so output element e reads input element e % input.Length and needs no gather.
    private const int KindFull = 0, KindScalar = 1, KindBroadcast = 2, KindPeriodic = 3;

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
        bool groups = !ForceBlockInterpreter && Vector512.IsHardwareAccelerated;
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
            kinds[i] = input.Length == n ? KindFull : input.Length == 1 ? KindScalar
                : groups && IsPeriodic(input.Shape, output.Shape) ? KindPeriodic : KindBroadcast;
            if (kinds[i] == KindBroadcast) AlignedStrides(input.Shape, output.Shape, strides.AsSpan(i * rank, rank));
        }
        if (n == 0) return;
        try
        {
            if (groups) RunGroups(program, inputArray, kinds, strides, output, n);
            else
            {
                int blocks = (n + BlockSize - 1) / BlockSize;
                int chunks = (blocks + BlocksPerChunk - 1) / BlocksPerChunk;
                var work = new Work<T>(program, inputArray, kinds, strides, output, n);
                if (n < ParallelChunks.MinParallelElements) for (int c = 0; c < chunks; c++) work.Run(c);
                else ParallelChunks.Run(work, chunks);
            }
        }
        finally
        {
            Array.Clear(inputArray, 0, count); // do not keep the caller's tensors alive
        }
    }

    /// <summary>Where Vector512 is accelerated programs are evaluated group by group (<see cref="FusedGroupKernels"/>);
    /// elsewhere, or when a test sets this on its own thread, by the block interpreter (one SIMD pass per step over
    /// 4096-element scratch rows).</summary>
    [ThreadStatic] internal static bool ForceBlockInterpreter;

    private static unsafe void RunGroups<T>(FusedLoopProgram program, Tensor[] inputs, int[] kinds, int[] strides, Tensor<T> output, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Outputs far larger than the cache are written with non-temporal stores (no read-for-ownership, and
        // the result does not evict the inputs still to be read), like TensorPrimitives does for one large call.
        long bytes = (long)n * sizeof(T);
        for (int i = 0; i < program.InputCount; i++)
            if (kinds[i] == KindFull && !ReferenceEquals(((Tensor<T>)inputs[i]).Array, output.Array)) bytes += (long)n * sizeof(T);
        bool streaming = !ElementwiseBlocking.KeepsInCache(bytes);
        fixed (T* target = &output.Array[output.Offset])
        {
            // Groups are laid out from the first 64-byte aligned output element, so full groups can use aligned stores.
            if ((nuint)target % (nuint)sizeof(T) != 0) streaming = false;
            int lead = streaming ? (int)((64 - (nuint)target % 64) % 64 / (nuint)sizeof(T)) : 0;
            if (lead >= n) { lead = 0; streaming = false; }
            int blocks = (n - lead + BlockSize - 1) / BlockSize;
            int chunks = (blocks + BlocksPerChunk - 1) / BlocksPerChunk;
            var work = new GroupWork<T>(program, inputs, kinds, strides, output, n, lead, streaming ? (nint)target : 0);
            if (n < ParallelChunks.MinParallelElements) for (int c = 0; c < chunks; c++) work.Run(c);
            else ParallelChunks.Run(work, chunks);
        }
    }

    /// <summary>True when <paramref name="input"/> (already checked to broadcast) is 1 on every leading axis and equal
    /// to <paramref name="output"/> on every trailing axis from its first non-1 axis on.</summary>
    private static bool IsPeriodic(Shape input, Shape output)
    {
        int pad = output.Rank - input.Rank, first = 0;
        while (first < input.Rank && input[first] == 1) first++;
        for (int a = first; a < input.Rank; a++)
            if (input[a] != output[a + pad]) return false;
        return true;
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
                if (kinds[i] == KindBroadcast) Gather((Tensor<T>)inputs[i], strides, output.Shape, i, start, rows.AsSpan(program.SlotOf[i] * BlockSize, len));
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
    }

    // Copies the input elements that output elements [start, start + len) read, one innermost run at a time.
    private static void Gather<T>(Tensor<T> input, int[] strides, Shape shape, int index, int start, Span<T> destination) where T : unmanaged, INumber<T>
    {
        var src = input.AsReadOnlySpan();
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

    /// <summary>Distance between group rows: one group plus a cache line, so rows do not sit at multiples of 4 KB
    /// from each other or from the streams (4K aliasing).</summary>
    private static int RowStride<T>() where T : unmanaged => FusedGroupKernels.GroupSize<T>() + RowPadding / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    /// <summary>How many groups ahead streaming inputs are prefetched (measured: 2-4 about equal, 0 slower for chains).</summary>
    private const int PrefetchGroups = 3;

    private const int RowPadding = 64;

    // Per-thread group scratch is sized for large programs up front (about 70 KB of float rows): a worker thread may
    // meet a program's chunks for the first time long after warm-up, and growing then would allocate mid-run.
    private const int MinRegisters = 512, MinGroupRows = 64;

    /// <summary>Where a register's current group lives: element <see cref="Offset"/> + position · <see cref="Step"/> of
    /// <see cref="Array"/> (step 1 for data that advances with the output, 0 for group rows and in-place periodic rows).</summary>
    private struct GroupRegister<T>(T[] array, int offset, int step)
    {
        public T[]? Array = array;
        public int Offset = offset;
        public int Step = step;
    }

    private static class GroupScratch<T> where T : unmanaged
    {
        /// <summary>Pinned group rows (one per scratch slot plus the result row), 64-byte aligned from <see cref="Base"/>.</summary>
        [ThreadStatic] public static T[]? Rows;
        [ThreadStatic] public static int Base;
        [ThreadStatic] public static GroupRegister<T>[]? Registers;
    }

    /// <summary>
    /// One chunk of the register-level evaluation: for every group of <see cref="FusedGroupKernels.GroupSize{T}"/>
    /// output elements all steps run back to back (<see cref="FusedGroupKernels.Execute{T, TStore}"/>), reading full-size
    /// inputs in place, scalars and intermediates from per-thread group rows in L1, and broadcast inputs from
    /// rows gathered once per block. Every register is an (array, offset, step) triple, so a contiguous input
    /// costs no index arithmetic beyond offset + position.
    /// </summary>
    private readonly unsafe struct GroupWork<T>(FusedLoopProgram program, Tensor[] inputs, int[] kinds, int[] strides, Tensor<T> output,
        int length, int lead, nint streamTarget) : IChunkWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int chunk)
        {
            int group = FusedGroupKernels.GroupSize<T>();
            int inputCount = program.InputCount, registers = inputCount + program.InstructionArray.Length;
            // Block rows only for gathered inputs (slot i of input i); full, periodic and scalar inputs need none.
            int rowsNeeded = 0;
            for (int i = 0; i < inputCount; i++)
                if (kinds[i] == KindBroadcast) rowsNeeded = inputCount * BlockSize;
            var rows = rowsNeeded == 0 ? [] : Scratch<T>.Rows is { } r && r.Length >= rowsNeeded ? r : Scratch<T>.Rows = new T[Math.Max(rowsNeeded, 8 * BlockSize)];
            int groupRows = program.SlotCount + 1;
            int alignElements = 64 / sizeof(T);
            if (GroupScratch<T>.Rows is not { } existing || existing.Length < groupRows * RowStride<T>() + alignElements)
            {
                var fresh = GC.AllocateUninitializedArray<T>(Math.Max(groupRows, MinGroupRows) * RowStride<T>() + alignElements, pinned: true);
                nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(fresh));
                GroupScratch<T>.Base = (int)((64 - address % 64) % 64 / sizeof(T));
                GroupScratch<T>.Rows = fresh;
            }
            var mini = GroupScratch<T>.Rows!;
            int miniBase = GroupScratch<T>.Base;
            var regs = GroupScratch<T>.Registers is { } existingRegs && existingRegs.Length >= registers
                ? existingRegs : GroupScratch<T>.Registers = new GroupRegister<T>[Math.Max(registers, MinRegisters)];
            try
            {
                // Intermediates live in group rows; scalar inputs fill theirs once per chunk (never overwritten).
                for (int reg = inputCount; reg < registers; reg++)
                {
                    regs[reg] = new(mini, miniBase + Math.Max(program.SlotOf[reg], 0) * RowStride<T>(), 0);
                }
                for (int i = 0; i < inputCount; i++)
                    if (kinds[i] == KindScalar)
                        mini.AsSpan(miniBase + program.SlotOf[i] * RowStride<T>(), group).Fill(((Tensor<T>)inputs[i]).AsReadOnlySpan()[0]);
                int first = lead + chunk * BlocksPerChunk * BlockSize;
                int end = Math.Min(length, first + BlocksPerChunk * BlockSize);
                if (chunk == 0 && lead > 0) RunBlock(rows, mini, miniBase, regs, 0, lead);
                for (int start = first; start < end; start += BlockSize)
                    RunBlock(rows, mini, miniBase, regs, start, Math.Min(BlockSize, end - start));
            }
            finally
            {
                Array.Clear(regs, 0, registers); // do not keep the caller's tensors alive
            }
        }

        private void RunBlock(T[] rows, T[] mini, int miniBase, GroupRegister<T>[] regs, int start, int len)
        {
            int group = FusedGroupKernels.GroupSize<T>();
            int inputCount = program.InputCount;
            bool hasPeriodic = false;
            for (int i = 0; i < inputCount; i++)
            {
                switch (kinds[i])
                {
                    case KindFull:
                        var tensor = (Tensor<T>)inputs[i];
                        regs[i] = new(tensor.Array, tensor.Offset + start, 1);
                        break;
                    case KindBroadcast:
                        Gather((Tensor<T>)inputs[i], strides, output.Shape, i, start, rows.AsSpan(program.SlotOf[i] * BlockSize, len));
                        regs[i] = new(rows, program.SlotOf[i] * BlockSize, 1);
                        break;
                    case KindPeriodic:
                        hasPeriodic = true; // set per group below
                        break;
                    default:
                        regs[i] = new(mini, miniBase + program.SlotOf[i] * RowStride<T>(), 0);
                        break;
                }
            }
            int full = len - len % group;
            ref T target = ref output.Array[output.Offset + start];
            // Full groups of a streaming output start 64-byte aligned (see RunGroups), and the output is pinned there.
            if (streamTarget != 0)
            {
                for (int p = 0; p < full; p += group)
                {
                    if (hasPeriodic) SetPeriodic(mini, miniBase, regs, start, p);
                    RunGroup<FusedGroupKernels.NonTemporalStore>(regs, p, ref Unsafe.Add(ref target, p));
                }
            }
            else
            {
                for (int p = 0; p < full; p += group)
                {
                    if (hasPeriodic) SetPeriodic(mini, miniBase, regs, start, p);
                    RunGroup<FusedGroupKernels.RegularStore>(regs, p, ref Unsafe.Add(ref target, p));
                }
            }
            if (full == len) return;
            // The tail: full-size inputs are copied into their group rows so no read passes the end of an input.
            int tail = len - full;
            for (int i = 0; i < inputCount; i++)
            {
                if (kinds[i] != KindFull) continue;
                int row = miniBase + program.SlotOf[i] * RowStride<T>();
                regs[i].Array!.AsSpan(regs[i].Offset + full, tail).CopyTo(mini.AsSpan(row, tail));
                regs[i] = new(mini, row - full, 1);
            }
            if (hasPeriodic) SetPeriodic(mini, miniBase, regs, start, full);
            ref T result = ref mini[miniBase + program.SlotCount * RowStride<T>()];
            RunGroup<FusedGroupKernels.RegularStore>(regs, full, ref result);
            MemoryMarshal.CreateSpan(ref result, tail).CopyTo(output.AsSpan().Slice(start + full, tail));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void RunGroup<TStore>(GroupRegister<T>[] regs, int position, ref T destination) where TStore : IGroupStore
        {
            var instructions = program.InstructionArray;
            int inputCount = program.InputCount, last = instructions.Length - 1;
            // Only streaming (beyond-cache) outputs prefetch: for cache-resident data the prefetches are wasted work.
            bool prefetch = streamTarget != 0;
            int lines = FusedGroupKernels.GroupSize<T>() * sizeof(T) / 64, ahead = position + PrefetchGroups * FusedGroupKernels.GroupSize<T>();
            for (int k = 0; k < last; k++)
            {
                if (prefetch) Prefetch(regs, ahead, k * lines / (last + 1), (k + 1) * lines / (last + 1));
                ref readonly var ins = ref instructions[k];
                ref T a = ref Register(regs, ins.A, position);
                ref T b = ref ins.B >= 0 ? ref Register(regs, ins.B, position) : ref a;
                ref T c = ref ins.C >= 0 ? ref Register(regs, ins.C, position) : ref a;
                FusedGroupKernels.Execute<T, FusedGroupKernels.RegularStore>(ins, ref a, ref b, ref c, ref Register(regs, inputCount + k, position));
            }
            if (prefetch) Prefetch(regs, ahead, last * lines / (last + 1), lines);
            ref readonly var final = ref instructions[last];
            ref T fa = ref Register(regs, final.A, position);
            ref T fb = ref final.B >= 0 ? ref Register(regs, final.B, position) : ref fa;
            ref T fc = ref final.C >= 0 ? ref Register(regs, final.C, position) : ref fa;
            FusedGroupKernels.Execute<T, TStore>(final, ref fa, ref fb, ref fc, ref destination);
        }

        /// <summary>Points every periodic input at the group starting at output element <paramref name="start"/> +
        /// <paramref name="position"/>: straight into the input when the group does not wrap around its end, else
        /// into the input's group row holding the wrapped copy. (Registers add position · step; step is 0 here.)</summary>
        private void SetPeriodic(T[] mini, int miniBase, GroupRegister<T>[] regs, int start, int position)
        {
            int group = FusedGroupKernels.GroupSize<T>();
            for (int i = 0; i < program.InputCount; i++)
            {
                if (kinds[i] != KindPeriodic) continue;
                var input = (Tensor<T>)inputs[i];
                int period = input.Length, phase = (start + position) % period;
                if (phase + group <= period)
                {
                    regs[i] = new(input.Array, input.Offset + phase, 0);
                    continue;
                }
                int row = miniBase + program.SlotOf[i] * RowStride<T>();
                var source = input.AsReadOnlySpan();
                for (int done = 0; done < group; phase = 0)
                {
                    int run = Math.Min(period - phase, group - done);
                    source.Slice(phase, run).CopyTo(mini.AsSpan(row + done, run));
                    done += run;
                }
                regs[i] = new(mini, row, 0);
            }
        }

        /// <summary>Software prefetch of cache lines [<paramref name="from"/>, <paramref name="to"/>) of a later group of
        /// every full-size input, spread over the steps so memory stays busy while the steps compute.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Prefetch(GroupRegister<T>[] regs, int position, int from, int to)
        {
            if (!Sse.IsSupported || from >= to) return;
            for (int i = 0; i < program.InputCount; i++)
            {
                if (kinds[i] != KindFull) continue;
                byte* address = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(regs[i].Array!)) + (nint)(regs[i].Offset + position) * sizeof(T);
                for (int line = from; line < to; line++) Sse.Prefetch0(address + line * 64);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ref T Register(GroupRegister<T>[] regs, int register, int position)
        {
            // register < regs.Length: operands precede their instruction (checked by FusedLoopProgram) and regs is sized for the program.
            ref GroupRegister<T> r = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(regs), register);
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(r.Array!), r.Offset + position * r.Step);
        }
    }
}
