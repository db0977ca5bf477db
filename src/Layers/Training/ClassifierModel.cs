using NeuralCore.Autodiff;
using NeuralCore.Tensors;

namespace NeuralCore.Layers.Training;

/// <summary>
/// A classification network (softmax output, integer labels) with its three compiled functions: the training
/// step (mean categorical cross-entropy plus optional L1/L2 penalties on the regularizable parameters; updates
/// including batch-norm running averages), deterministic evaluation (cross-entropy and accuracy) and prediction
/// (class probabilities). Calls reuse their argument arrays and the functions' output buffers, so a warm step
/// allocates nothing on this side.
/// </summary>
public sealed class ClassifierModel
{
    private readonly CompiledFunction _train;
    private readonly CompiledFunction _evaluate;
    private readonly CompiledFunction _predict;
    private readonly Tensor[] _pair = new Tensor[2];
    private readonly Tensor[] _single = new Tensor[1];

    private ClassifierModel(Layer network, Variable input, Variable target, CompiledFunction train, CompiledFunction evaluate, CompiledFunction predict, int classes,
        IReadOnlyList<SharedVariable> optimizerState)
    {
        OptimizerState = optimizerState;
        Network = network;
        Input = input;
        Target = target;
        _train = train;
        _evaluate = evaluate;
        _predict = predict;
        ClassCount = classes;
    }

    /// <summary>The network (its output layer).</summary>
    public Layer Network { get; }
    /// <summary>The network's input variable.</summary>
    public Variable Input { get; }
    /// <summary>The integer label vector variable.</summary>
    public Variable Target { get; }
    /// <summary>Number of classes (the output layer's last extent).</summary>
    public int ClassCount { get; }

    /// <summary>The shared variables the training step updates besides the network's parameters: the update rule's
    /// state (velocities, moment estimates, step counters), in update order. With the parameters they are what a
    /// training checkpoint must keep to resume.</summary>
    public IReadOnlyList<SharedVariable> OptimizerState { get; }

    /// <summary>The generators of the training step's random ops (dropout, noise), in execution order.</summary>
    public IReadOnlyList<RandomGenerator> TrainingRandomGenerators => _train.RandomGenerators;

    /// <summary>Compiles the functions of a classifier whose output layer produces probabilities (softmax).</summary>
    /// <param name="network">The output layer; its graph must have exactly one <see cref="InputLayer"/>.</param>
    /// <param name="updateRule">Builds the updates from the training loss and the trainable parameters.</param>
    /// <param name="l1">Weight of the L1 penalty (sum of |w|) on regularizable parameters; 0 for none.</param>
    /// <param name="l2">Weight of the L2 penalty (sum of w², no ½) on regularizable parameters; 0 for none.</param>
    /// <exception cref="ArgumentException">When the graph has no or several input layers, or the output's class
    /// count is not known.</exception>
    public static ClassifierModel Create(Layer network, UpdateRule updateRule, double l1 = 0, double l2 = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(updateRule);
        ArgumentOutOfRangeException.ThrowIfNegative(l1);
        ArgumentOutOfRangeException.ThrowIfNegative(l2);
        InputLayer? inputLayer = null;
        foreach (var layer in LayerGraph.GetAllLayers(network))
            if (layer is InputLayer il)
            {
                if (inputLayer is not null) throw new ArgumentException("ClassifierModel.Create: the network has several input layers", nameof(network));
                inputLayer = il;
            }
        if (inputLayer is null) throw new ArgumentException("ClassifierModel.Create: the network has no input layer", nameof(network));
        var outputShape = LayerGraph.GetOutputShape(network);
        if (outputShape.Count != 2 || outputShape[1] is not int classes)
            throw new ArgumentException($"ClassifierModel.Create: the output must be (batch, classes) with a known class count, not ({string.Join(", ", outputShape)})", nameof(network));

        var x = inputLayer.InputVariable;
        var y = T.IVector("y");
        var context = new OutputContext();
        var prediction = LayerGraph.GetOutput(network, context);
        var loss = Objectives.CategoricalCrossentropy(prediction, y).Mean();
        if (l1 > 0) loss += l1 * Regularization.RegularizeNetworkParams(network, Regularization.L1);
        if (l2 > 0) loss += l2 * Regularization.RegularizeNetworkParams(network, Regularization.L2);
        var accuracy = Objectives.CategoricalAccuracy(prediction, y).Mean();
        var parameters = LayerGraph.GetAllParams(network, trainable: true);
        var updates = new List<(SharedVariable, Variable)>(updateRule(loss, parameters));
        updates.AddRange(context.Updates);
        var train = Function.Compile([x, y], [loss, accuracy], updates);
        var networkParameters = new HashSet<SharedVariable>(LayerGraph.GetAllParams(network), ReferenceEqualityComparer.Instance);
        var optimizerState = new List<SharedVariable>();
        foreach (var (target, _) in updates)
            if (!networkParameters.Contains(target)) optimizerState.Add(target);

        var testPrediction = LayerGraph.GetOutput(network, deterministic: true);
        var testLoss = Objectives.CategoricalCrossentropy(testPrediction, y).Mean();
        var testAccuracy = Objectives.CategoricalAccuracy(testPrediction, y).Mean();
        var evaluate = Function.Compile([x, y], [testLoss, testAccuracy]);
        var predict = Function.Compile([x], testPrediction);
        return new ClassifierModel(network, x, y, train, evaluate, predict, classes, optimizerState);
    }

    /// <summary>One training step on a batch; returns the batch's loss and (noisy) accuracy.</summary>
    public (double Loss, double Accuracy) TrainBatch(Tensor<float> inputs, Tensor<int> labels)
    {
        _pair[0] = inputs;
        _pair[1] = labels;
        var outputs = _train.Invoke(_pair);
        return (outputs[0].GetDouble(0), outputs[1].GetDouble(0));
    }

    /// <summary>Deterministic loss and accuracy of a batch (dropout off, batch-norm averages).</summary>
    public (double Loss, double Accuracy) EvaluateBatch(Tensor<float> inputs, Tensor<int> labels)
    {
        _pair[0] = inputs;
        _pair[1] = labels;
        var outputs = _evaluate.Invoke(_pair);
        return (outputs[0].GetDouble(0), outputs[1].GetDouble(0));
    }

    /// <summary>Class probabilities of a batch, (batch, classes), deterministic. The tensor is owned by the
    /// compiled function and overwritten by the next call: copy what you keep.</summary>
    public Tensor<float> PredictBatch(Tensor<float> inputs)
    {
        _single[0] = inputs;
        var outputs = _predict.Invoke(_single);
        return outputs[0] as Tensor<float> ?? throw new InvalidOperationException($"ClassifierModel: the network outputs {outputs[0].DType}, expected float32");
    }
}
