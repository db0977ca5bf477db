using NeuralCore.Autodiff;
using NeuralCore.Layers.Init;
using NeuralCore.Tensors;

namespace NeuralCore.Layers;

/// <summary>
/// Batch normalization (Lasagne's <c>BatchNormLayer</c>, Ioffe and Szegedy 2015):
/// output = (x - mean) · (gamma · inv_std) + beta, where mean and inv_std = 1 / √(var + epsilon) are taken
/// over <see cref="Axes"/> of the mini-batch in training and are the running averages in deterministic
/// passes. In training passes the running averages are updated as
/// running ← (1 - alpha) · running + alpha · batch statistic, automatically, as in Lasagne: the pass uses an
/// alias of <see cref="Mean"/> and <see cref="InvStd"/> (<see cref="SharedVariable.CreateAlias"/>) that carries
/// the update as its <see cref="SharedVariable.DefaultUpdate"/>, so every function compiled from a training
/// output applies it with no extra code, and a function compiled from a deterministic output (which reads the
/// variables themselves) does not:
/// <code>
/// var prediction = LayerGraph.GetOutput(net);                   // training pass
/// var train = Function.Compile([X, y], loss, parameterUpdates);  // also updates the running averages
/// </code>
/// Compile with <see cref="CompileOptions.NoDefaultUpdates"/> to train without updating them, or set
/// <see cref="OutputContext.BatchNormUpdateAverages"/> to false for the pass.
/// /// Shape rule: the input shape. Parameters (shape: the input extents on the axes not normalized over,
/// default all but axis 1): beta (zeros, trainable), gamma (ones, trainable and regularizable), mean (zeros)
/// and inv_std (ones), the last two tagged <see cref="ParamTags.BatchNormStat"/> and not trainable.
/// </summary>
public sealed class BatchNormLayer : Layer
{
    private readonly int[] _axes;
    private readonly int[] _paramAxes;

    /// <summary>Creates the layer.</summary>
    /// <param name="incoming">The layer feeding this one.</param>
    /// <param name="axes">Axes to normalize over; null = Lasagne's 'auto' (all but axis 1: per channel for conv data, per unit for dense data).</param>
    /// <param name="epsilon">Added to the variance for stability; Lasagne's default 1e-4.</param>
    /// <param name="alpha">Weight of the new batch statistic in the running averages; Lasagne's default 0.1.</param>
    /// <param name="beta">Shift spec (zeros by default; <see cref="ParamSpec.None"/> for no shift).</param>
    /// <param name="gamma">Scale spec (ones by default; <see cref="ParamSpec.None"/> for no scale).</param>
    /// <param name="mean">Initial running mean (zeros).</param>
    /// <param name="invStd">Initial running inverse standard deviation (ones).</param>
    /// <param name="name">Optional layer name.</param>
    public BatchNormLayer(Layer incoming, IReadOnlyList<int>? axes = null, double epsilon = 1e-4, double alpha = 0.1,
        ParamSpec? beta = null, ParamSpec? gamma = null, ParamSpec? mean = null, ParamSpec? invStd = null, string? name = null)
        : base(incoming, name)
    {
        int rank = InputShape.Count;
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"{Describe()}: epsilon must be positive");
        if (!(alpha > 0 && alpha <= 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"{Describe()}: alpha must be in (0, 1]");
        (_paramAxes, var shape) = PerFeatureParameter(axes, "batch-normalization parameters (it is not normalized over)");
        _axes = Enumerable.Range(0, rank).Where(i => Array.IndexOf(_paramAxes, i) < 0).ToArray();
        Epsilon = epsilon;
        Alpha = alpha;
        Beta = AddParam(beta ?? new Init.Constant(0.0), shape, "beta", ParamTags.Trainable);
        Gamma = AddParam(gamma ?? new Init.Constant(1.0), shape, "gamma", ParamTags.Trainable | ParamTags.Regularizable);
        Mean = AddRequiredParam(mean ?? new Init.Constant(0.0), shape, "mean", ParamTags.BatchNormStat);
        InvStd = AddRequiredParam(invStd ?? new Init.Constant(1.0), shape, "inv_std", ParamTags.BatchNormStat);
        ValidateOutputShape();
    }

    /// <summary>The axes normalized over.</summary>
    public IReadOnlyList<int> Axes => _axes;

    /// <summary>Added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>Running-average weight of new statistics.</summary>
    public double Alpha { get; }

    /// <summary>The shift, or null.</summary>
    public SharedVariable? Beta { get; }

    /// <summary>The scale, or null.</summary>
    public SharedVariable? Gamma { get; }

    /// <summary>The running mean.</summary>
    public SharedVariable Mean { get; }

    /// <summary>The running inverse standard deviation.</summary>
    public SharedVariable InvStd { get; }

    /// <inheritdoc/>
    public override Variable GetOutputFor(Variable input, OutputContext context)
    {
        bool useAverages = context.BatchNormUseAverages ?? context.Deterministic;
        bool updateAverages = context.BatchNormUpdateAverages ?? !context.Deterministic;
        int rank = input.Rank;

        Variable mean, invStd;
        if (useAverages && !updateAverages)
        {
            mean = ShapeUtil.Broadcast(Mean, rank, _paramAxes);
            invStd = ShapeUtil.Broadcast(InvStd, rank, _paramAxes);
        }
        else
        {
            // Batch statistics with the normalized axes reduced away (parameter shape).
            var batchMean = input.Mean(_axes);
            var centered = input - ShapeUtil.Broadcast(batchMean, rank, _paramAxes);
            var batchVar = (centered * centered).Mean(_axes);
            var batchInvStd = 1.0 / T.Sqrt(batchVar + Epsilon);
            mean = ShapeUtil.Broadcast(useAverages ? Mean : batchMean, rank, _paramAxes);
            invStd = ShapeUtil.Broadcast(useAverages ? InvStd : batchInvStd, rank, _paramAxes);
            if (updateAverages)
            {
                // Lasagne's trick: aliases of the running averages carry the updates as default updates, and
                // "+ 0 · alias" puts them into this pass's graph (the optimizer removes the term again), so any
                // function compiled from this output updates the averages.
                var runningMean = Mean.CreateAlias();
                var runningInvStd = InvStd.CreateAlias();
                runningMean.DefaultUpdate = runningMean * (1 - Alpha) + batchMean * Alpha;
                runningInvStd.DefaultUpdate = runningInvStd * (1 - Alpha) + batchInvStd * Alpha;
                mean += 0.0 * ShapeUtil.Broadcast(runningMean, rank, _paramAxes);
                invStd += 0.0 * ShapeUtil.Broadcast(runningInvStd, rank, _paramAxes);
            }
        }
        var scale = Gamma is null ? invStd : ShapeUtil.Broadcast(Gamma, rank, _paramAxes) * invStd;
        var normalized = (input - mean) * scale;
        return Beta is null ? normalized : normalized + ShapeUtil.Broadcast(Beta, rank, _paramAxes);
    }
}
