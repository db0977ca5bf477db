using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Optimizers;

/// <summary>
/// Lasagne's update rules (<c>lasagne.updates</c>): each takes the loss or precomputed gradients and the
/// parameters, and returns an <see cref="UpdateDictionary"/> of (shared variable, new value) pairs to pass to
/// <see cref="Function.Compile(IReadOnlyList{Variable}, Variable, IEnumerable{ValueTuple{SharedVariable, Variable}}?, IEnumerable{ValueTuple{Variable, Variable}}?, CompileOptions?)"/>.
/// Formulas and defaults are Lasagne's exactly; hyper-parameters may be numbers or symbolic
/// (<see cref="Hyperparameter"/>); optimizer state lives in new zero-initialised shared variables of each
/// parameter's shape and dtype, updated by the same compiled call.
/// </summary>
public static partial class Updates
{
    // A new zero-initialised shared variable shaped like the parameter's current value (Lasagne's
    // theano.shared(np.zeros(value.shape, dtype=value.dtype), broadcastable=param.broadcastable)).
    private static SharedVariable StateLike(SharedVariable parameter, string role)
    {
        var value = parameter.Value;
        Tensor zeros = parameter.DType switch
        {
            DType.Float32 => Tensor.Zeros<float>(value.Shape),
            DType.Float64 => Tensor.Zeros<double>(value.Shape),
            _ => throw new ArgumentException($"Updates: parameter {Names.Of(parameter)} is {parameter.DType.Name()}; only float parameters can be trained"),
        };
        return new SharedVariable(zeros, Names.State(parameter, role));
    }

    // A scalar zero state (Adam's time step): float64 when any parameter is float64, else float32 (floatX).
    private static SharedVariable ScalarState(IReadOnlyList<SharedVariable> parameters, string name)
    {
        bool wide = false;
        foreach (var p in parameters) wide |= p.DType == DType.Float64;
        return wide ? new SharedVariable(Tensor.Scalar(0.0), name) : new SharedVariable(Tensor.Scalar(0f), name);
    }

    private static Variable Of(Hyperparameter? h, double fallback, DType dtype) => (h ?? fallback).ToVariable(dtype);
}
