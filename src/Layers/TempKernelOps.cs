using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

// TEMPORARY until NeuralCore.Autodiff has T.Conv2D / T.Pool2D.
internal static class TempKernelOps
{
    public static Variable Conv2D(Variable x, Variable w, Conv2DOptions o) => throw new NotImplementedException("T.Conv2D not yet available");
    public static Variable Pool2D(Variable x, Pool2DOptions o) => throw new NotImplementedException("T.Pool2D not yet available");
}
