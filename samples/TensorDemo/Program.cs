using NeuralCore.Tensors;

// A first look at NeuralCore.Tensors: creation, views, permutation and printing.
var x = Tensor.Arange<float>(12).Reshape(3, 4);
Console.WriteLine($"x = {x}");
Console.WriteLine($"x.T = {x.Transpose()}");
Console.WriteLine($"minibatch x[1:3] = {x.Slice(1, 2)}");
Console.WriteLine($"kernels use up to {Parallelism.MaxThreads} threads");
