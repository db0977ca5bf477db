namespace NeuralCore.Layers;

/// <summary>
/// Tags attached to a layer parameter (Lasagne's <c>add_param(..., **tags)</c>): queries such as
/// <see cref="LayerGraph.GetAllParams(Layer, bool?, bool?, bool?)"/> filter on them, which is how
/// regularization, freezing and batch-norm statistics are told apart.
/// </summary>
[Flags]
public enum ParamTags
{
    /// <summary>No tags.</summary>
    None = 0,
    /// <summary>Updated by training (Lasagne's <c>trainable</c>).</summary>
    Trainable = 1,
    /// <summary>Included in weight penalties (Lasagne's <c>regularizable</c>; weights yes, biases no).</summary>
    Regularizable = 2,
    /// <summary>A batch-normalization running statistic (Lasagne's <c>batch_norm_stat</c>).</summary>
    BatchNormStat = 4,
    /// <summary>The default for weights: trainable and regularizable.</summary>
    Default = Trainable | Regularizable,
}
