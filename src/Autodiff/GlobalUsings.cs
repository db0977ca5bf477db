global using NeuralCore.Tensors;
