namespace NeuralCore.Layers.Data;

/// <summary>How the 60,000 MNIST training examples are divided into training and validation sets.</summary>
public enum MnistSplit
{
    /// <summary>The Lasagne/Theano tutorials' convention: the first 50,000 for training, the last 10,000 for validation.</summary>
    Lasagne,
    /// <summary>Keras' convention: all 60,000 for training and no validation set, or with
    /// <see cref="MnistOptions.ValidationFraction"/> the last fraction held out (as <c>validation_split</c> does).</summary>
    Keras,
}
