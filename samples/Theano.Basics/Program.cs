return await NeuralCore.Samples.TheanoBasics.TheanoBasicsProgram.RunAsync(args);
