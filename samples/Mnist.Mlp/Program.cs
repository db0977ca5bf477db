return await NeuralCore.Samples.MnistMlp.MnistMlpProgram.RunAsync(args);
