return await NeuralCore.Samples.NotMnist.NotMnistProgram.RunAsync(args);
