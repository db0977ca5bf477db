global using NeuralCore.Autodiff;
global using NeuralCore.Tensors;
