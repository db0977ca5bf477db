using System.Globalization;
using System.Text;

namespace NeuralCore.Tensors;

/// <summary>The scalar operations a <see cref="FusedLoopProgram"/> can chain (float32/float64 only).</summary>
public enum FusedOp : byte
{
    /// <summary>a + b</summary>
    Add,
    /// <summary>a - b</summary>
    Sub,
    /// <summary>a * b</summary>
    Mul,
    /// <summary>a / b</summary>
    Div,
    /// <summary>a ^ b</summary>
    Pow,
    /// <summary>max(a, b)</summary>
    Maximum,
    /// <summary>min(a, b)</summary>
    Minimum,
    /// <summary>-a</summary>
    Neg,
    /// <summary>e^a</summary>
    Exp,
    /// <summary>ln a</summary>
    Log,
    /// <summary>ln(1 + a)</summary>
    Log1p,
    /// <summary>√a</summary>
    Sqrt,
    /// <summary>|a|</summary>
    Abs,
    /// <summary>a²</summary>
    Square,
    /// <summary>sign(a) in {-1, 0, 1}</summary>
    Sign,
    /// <summary>tanh a</summary>
    Tanh,
    /// <summary>1 / (1 + e^-a)</summary>
    Sigmoid,
    /// <summary>ln(1 + e^a), computed stably</summary>
    Softplus,
    /// <summary>a &gt; 0 ? a : P0·a (leaky rectifier; P0 = 0 is ReLU)</summary>
    Relu,
    /// <summary>a &gt; 0 ? a : P0·(e^a - 1)</summary>
    Elu,
    /// <summary>scaled ELU with the standard constants</summary>
    Selu,
    /// <summary>min(max(a, P0), P1)</summary>
    Clip,
    /// <summary>1 where a == b else 0</summary>
    Equal,
    /// <summary>1 where a != b else 0</summary>
    NotEqual,
    /// <summary>1 where a &lt; b else 0</summary>
    Less,
    /// <summary>1 where a &lt;= b else 0</summary>
    LessEqual,
    /// <summary>1 where a &gt; b else 0</summary>
    Greater,
    /// <summary>1 where a &gt;= b else 0</summary>
    GreaterEqual,
    /// <summary>a != 0 ? b : c</summary>
    Where,
    /// <summary>b (a only contributes its shape: Theano's second/fill)</summary>
    Second,
    /// <summary>b · a · (1 - a): the sigmoid gradient given the sigmoid output a and the output gradient b</summary>
    SigmoidGrad,
    /// <summary>b · (1 - a²): the tanh gradient given the tanh output a and the output gradient b</summary>
    TanhGrad,
    /// <summary>a &gt; 0 ? b : P0·b: the (leaky) rectifier gradient given the rectifier input a and the output gradient b</summary>
    ReluGrad,
}

/// <summary>One step of a <see cref="FusedLoopProgram"/>: <see cref="Op"/> applied to registers
/// <see cref="A"/>, <see cref="B"/>, <see cref="C"/> (-1 when unused) with parameters <see cref="P0"/>, <see cref="P1"/>.</summary>
/// <param name="Op">The operation.</param>
/// <param name="A">First operand register.</param>
/// <param name="B">Second operand register, or -1.</param>
/// <param name="C">Third operand register, or -1.</param>
/// <param name="P0">First parameter (relu/elu alpha, clip minimum).</param>
/// <param name="P1">Second parameter (clip maximum).</param>
public readonly record struct FusedInstruction(FusedOp Op, int A, int B = -1, int C = -1, double P0 = 0, double P1 = 0);

/// <summary>
/// A straight-line scalar program evaluated by <see cref="FusedLoop"/> over blocks of elements.
/// Registers 0..<see cref="InputCount"/>-1 hold the inputs; instruction k writes register
/// InputCount + k; the last instruction's register is the result. Scratch slots for intermediate
/// registers are assigned once here from their liveness, so a block needs only as many scratch
/// rows as values alive at the same time.
/// </summary>
public sealed class FusedLoopProgram
{
    private readonly FusedInstruction[] _instructions;

    /// <summary>Creates a program and checks that every operand refers to an earlier register.</summary>
    /// <exception cref="ArgumentException">When there are no instructions or an operand is out of range.</exception>
    public FusedLoopProgram(int inputCount, IReadOnlyList<FusedInstruction> instructions)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        ArgumentOutOfRangeException.ThrowIfNegative(inputCount);
        if (instructions.Count == 0) throw new ArgumentException("fused loop: a program needs at least one instruction");
        InputCount = inputCount;
        _instructions = [.. instructions];
        int registers = inputCount + _instructions.Length;
        var lastUse = new int[registers];
        for (int k = 0; k < _instructions.Length; k++)
        {
            var ins = _instructions[k];
            int self = inputCount + k;
            int arity = Arity(ins.Op);
            Check(ins.A, self, k); if (arity > 1) Check(ins.B, self, k); if (arity > 2) Check(ins.C, self, k);
            lastUse[ins.A] = k;
            if (arity > 1) lastUse[ins.B] = k;
            if (arity > 2) lastUse[ins.C] = k;
        }

        // Every input has its own slot (used only when it must be broadcast); intermediate registers share slots.
        SlotOf = new int[registers];
        for (int i = 0; i < inputCount; i++) SlotOf[i] = i;
        var free = new Stack<int>();
        int next = inputCount;
        for (int k = 0; k < _instructions.Length - 1; k++)
        {
            var ins = _instructions[k];
            int arity = Arity(ins.Op);
            // Operands whose last use is this step free their slot first: the step may then write in place.
            Release(ins.A, k); if (arity > 1 && ins.B != ins.A) Release(ins.B, k); if (arity > 2 && ins.C != ins.A && ins.C != ins.B) Release(ins.C, k);
            SlotOf[inputCount + k] = free.Count > 0 ? free.Pop() : next++;
        }
        SlotOf[registers - 1] = -1; // the result goes straight to the output
        SlotCount = Math.Max(next, 1);

        void Release(int register, int step)
        {
            if (register >= inputCount && lastUse[register] == step) free.Push(SlotOf[register]);
        }
        static void Check(int operand, int self, int k)
        {
            if (operand < 0 || operand >= self)
                throw new ArgumentException($"fused loop: instruction {k} reads register {operand}, which is not defined before it");
        }
    }

    /// <summary>Number of inputs.</summary>
    public int InputCount { get; }

    /// <summary>The instructions.</summary>
    public IReadOnlyList<FusedInstruction> Instructions => _instructions;

    internal FusedInstruction[] InstructionArray => _instructions;

    /// <summary>Scratch slot of each register (-1 for the result).</summary>
    internal int[] SlotOf { get; }

    /// <summary>Number of block-sized scratch rows a thread needs.</summary>
    internal int SlotCount { get; }

    /// <summary>Number of operands of <paramref name="op"/>.</summary>
    public static int Arity(FusedOp op) => op switch
    {
        FusedOp.Add or FusedOp.Sub or FusedOp.Mul or FusedOp.Div or FusedOp.Pow or FusedOp.Maximum or FusedOp.Minimum
            or FusedOp.Equal or FusedOp.NotEqual or FusedOp.Less or FusedOp.LessEqual or FusedOp.Greater
            or FusedOp.GreaterEqual or FusedOp.Second or FusedOp.SigmoidGrad or FusedOp.TanhGrad or FusedOp.ReluGrad => 2,
        FusedOp.Where => 3,
        _ => 1,
    };

    /// <summary>The program as text, e.g. <c>r3 = mul(r0, r1); r4 = add(r3, r2); r5 = sigmoid(r4)</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int k = 0; k < _instructions.Length; k++)
        {
            var ins = _instructions[k];
            if (k > 0) sb.Append("; ");
            sb.Append('r').Append(InputCount + k).Append(" = ").Append(ins.Op.ToString().ToLowerInvariant()).Append("(r").Append(ins.A);
            if (Arity(ins.Op) > 1) sb.Append(", r").Append(ins.B);
            if (Arity(ins.Op) > 2) sb.Append(", r").Append(ins.C);
            if (ins.Op is FusedOp.Relu or FusedOp.Elu or FusedOp.ReluGrad) sb.Append(", ").Append(ins.P0.ToString("G4", CultureInfo.InvariantCulture));
            if (ins.Op is FusedOp.Clip) sb.Append(", ").Append(ins.P0.ToString("G4", CultureInfo.InvariantCulture)).Append(", ").Append(ins.P1.ToString("G4", CultureInfo.InvariantCulture));
            sb.Append(')');
        }
        return sb.ToString();
    }
}
