using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Optimizers;

/// <summary>
/// A hyper-parameter of an update rule (learning rate, momentum, decay rates, epsilon, max norm): either a
/// number fixed at graph-building time or a symbolic scalar (usually a <see cref="SharedVariable"/>) whose value
/// can change between calls of the compiled function without recompiling, as Lasagne accepts for every rule.
/// Numbers and variables convert implicitly: <c>learningRate: 0.01f</c> or <c>learningRate: lrShared</c>.
/// </summary>
public readonly struct Hyperparameter
{
    private readonly double _value;

    /// <summary>A fixed numeric hyper-parameter.</summary>
    public Hyperparameter(double value)
    {
        if (double.IsNaN(value)) throw new ArgumentException("Hyperparameter: the value is NaN", nameof(value));
        _value = value;
        Symbol = null;
    }

    /// <summary>A symbolic hyper-parameter (any expression that broadcasts against the parameters; usually a
    /// scalar shared variable).</summary>
    public Hyperparameter(Variable symbol)
    {
        Symbol = symbol ?? throw new ArgumentNullException(nameof(symbol));
        _value = double.NaN;
    }

    /// <summary>The symbolic value, or null for a fixed number.</summary>
    public Variable? Symbol { get; }

    /// <summary>Whether the hyper-parameter is symbolic.</summary>
    public bool IsSymbolic => Symbol is not null;

    /// <summary>The fixed number.</summary>
    /// <exception cref="InvalidOperationException">When the hyper-parameter is symbolic.</exception>
    public double Value => Symbol is null ? _value : throw new InvalidOperationException("Hyperparameter.Value: the hyper-parameter is symbolic; read its shared variable instead");

    /// <summary>Converts a number.</summary>
    public static implicit operator Hyperparameter(double value) => new(value);

    /// <summary>Converts a symbolic variable (for example a shared learning rate).</summary>
    public static implicit operator Hyperparameter(Variable symbol) => new(symbol);

    /// <summary>The hyper-parameter as an expression of <paramref name="dtype"/>, so that a float32 shared learning
    /// rate can drive float64 parameters and vice versa without changing the parameters' dtype.</summary>
    public Variable ToVariable(DType dtype) => Symbol is null ? T.Constant(_value, dtype) : T.Cast(Symbol, dtype);

    /// <inheritdoc/>
    public override string ToString() => Symbol is null ? _value.ToString(System.Globalization.CultureInfo.InvariantCulture) : Symbol.ToString();

    /// <summary>Creates a scalar shared variable to use as a symbolic hyper-parameter, e.g.
    /// <c>var lr = Hyperparameter.CreateShared(0.01, "learning_rate")</c>; change it between epochs with
    /// <see cref="SetValue"/> or a <see cref="LearningRateSchedule"/>.</summary>
    /// <param name="value">The initial value.</param>
    /// <param name="name">The variable's name.</param>
    /// <param name="dtype">float32 (the default, Theano's floatX) or float64.</param>
    public static SharedVariable CreateShared(double value, string? name = "learning_rate", DType dtype = DType.Float32)
        => dtype switch
        {
            DType.Float32 => new SharedVariable(Tensor.Scalar((float)value), name),
            DType.Float64 => new SharedVariable(Tensor.Scalar(value), name),
            _ => throw new ArgumentException($"Hyperparameter.CreateShared: dtype must be float32 or float64, not {dtype}", nameof(dtype)),
        };

    /// <summary>Reads the value of a scalar float shared variable.</summary>
    /// <exception cref="ArgumentException">When the variable is not a float scalar.</exception>
    public static double GetValue(SharedVariable scalar)
    {
        CheckScalar(scalar, nameof(GetValue));
        return scalar.Value.GetDouble(0);
    }

    /// <summary>Writes the value of a scalar float shared variable; the next call of any compiled function that
    /// reads it sees the new value (no recompilation).</summary>
    /// <exception cref="ArgumentException">When the variable is not a float scalar.</exception>
    public static void SetValue(SharedVariable scalar, double value)
    {
        CheckScalar(scalar, nameof(SetValue));
        scalar.Value = scalar.DType == DType.Float32 ? Tensor.Scalar((float)value) : Tensor.Scalar(value);
    }

    internal static void CheckScalar(SharedVariable scalar, string operation)
    {
        ArgumentNullException.ThrowIfNull(scalar);
        if (scalar.Rank != 0 || (scalar.DType != DType.Float32 && scalar.DType != DType.Float64))
            throw new ArgumentException($"Hyperparameter.{operation}: '{scalar.Name ?? "?"}' must be a float32 or float64 scalar shared variable but is {scalar.Type}", nameof(scalar));
    }
}
