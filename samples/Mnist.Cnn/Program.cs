return await NeuralCore.Samples.MnistCnn.MnistCnnProgram.RunAsync(args);
