using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using ReflectiveAnalysis.Analysis;
using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Models;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Benchmarks;

/// <summary>
/// Model scoring alone: the core's <see cref="LinearLayer"/> against ML.NET's <see cref="PredictionEngine{TSrc, TDst}"/>
/// on the same trained model and the same features.
/// </summary>
/// <remarks>
/// The features are the core's own merged sparse vectors (2^18 hashed features, the shipped model's definitions) of
/// every corpus sentence, computed once in setup. The model is an ML.NET maximum-entropy model (the trainer the
/// training library uses for the category layer) trained in setup on those vectors, labelled with the shipped
/// model's categories, then exported to a core layer exactly as the training library exports it. Setup checks that
/// both give the same category for every sentence and prints the largest probability difference.
/// </remarks>
[MemoryDiagnoser]
public class ModelScoringBenchmarks
{
    private const int Classes = ReflectiveTaxonomy.CategoryCount;

    private int[][] _indices = [];
    private float[][] _values = [];
    private int _dimension;
    private LinearLayer _layer = null!;
    private PredictionEngine<MlNet.VectorRow, MlNet.Scores> _engine = null!;
    private readonly MlNet.VectorRow _row = new();
    private MlNet.Scores _scores = new();
    private readonly float[] _output = new float[Classes];

    [GlobalSetup]
    public void Setup()
    {
        ReflectionModel shipped = ReflectionModel.Default;
        FeatureExtractor extractor = shipped.Extractor;
        LinearLayer shippedLayer = shipped.CategoryLayer ?? throw new InvalidOperationException("The shipped model has no category layer.");
        _dimension = extractor.Dimension;

        // The core's features of every prose sentence of the corpus, merged as the training library hands them to ML.NET.
        string text = Corpora.Corpus;
        var scratch = new AnalysisScratch();
        scratch.Load(text, extractor.Lexicon);
        var indices = new List<int[]>();
        var values = new List<float[]>();
        var labels = new List<uint>();
        float[] probabilities = new float[Classes];
        for (int s = 0; s < scratch.Layout.Sentences.Length; s++)
        {
            if (scratch.Layout.Sentences[s].Kind == BlockKind.Heading)
            {
                continue;
            }
            int n = SpanFeaturizer.ExtractSentence(extractor, text, scratch, s);
            int[] idx = new int[n];
            float[] val = new float[n];
            FeatureExtractor.Split(scratch.Features.Span, idx, val);
            indices.Add(idx);
            values.Add(val);
            shippedLayer.Evaluate(indices[^1], values[^1], probabilities);
            labels.Add((uint)ArgMax(probabilities));
        }
        _indices = [.. indices];
        _values = [.. values];

        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(
            Enumerable.Range(0, _indices.Length).Select(i => new MlNet.VectorRow { Features = new VBuffer<float>(_dimension, _indices[i].Length, _values[i], _indices[i]), Label = labels[i] }),
            MlNet.VectorSchema(_dimension, Classes));
        var trainer = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = nameof(MlNet.VectorRow.Label),
            FeatureColumnName = nameof(MlNet.VectorRow.Features),
            L1Regularization = 0.1f,
            L2Regularization = 1f,
            MaximumNumberOfIterations = 60, // enough for a realistic weight matrix; setup stays a few seconds
            NumberOfThreads = 1,
        });
        MulticlassPredictionTransformer<MaximumEntropyModelParameters> trained = trainer.Fit(data);
        _layer = Export(trained.Model, _dimension);
        _engine = ml.Model.CreatePredictionEngine<MlNet.VectorRow, MlNet.Scores>(trained, inputSchemaDefinition: MlNet.VectorSchema(_dimension, Classes));

        int agree = 0;
        double largest = 0;
        for (int i = 0; i < _indices.Length; i++)
        {
            float[] mlnet = PredictMlNet(i);
            _layer.Evaluate(_indices[i], _values[i], _output);
            agree += ArgMax(mlnet) == ArgMax(_output) ? 1 : 0;
            for (int c = 0; c < Classes; c++)
            {
                largest = Math.Max(largest, Math.Abs(mlnet[c] - _output[c]));
            }
        }
        Console.WriteLine($"// Model scoring: {_indices.Length:N0} sentence vectors; core and ML.NET agree on the category of {agree:N0}; largest probability difference {largest:G3}");
        if (agree != _indices.Length)
        {
            throw new InvalidOperationException("The core and ML.NET disagree on a prediction.");
        }
    }

    /// <summary>The peer: ML.NET's PredictionEngine, one sentence vector at a time, reusing the input row and the output object.</summary>
    [Benchmark(Baseline = true, Description = "ML.NET PredictionEngine (reused row and output)")]
    [Input(Input.Corpus)]
    public int MlNetPredictionEngine()
    {
        int sum = 0;
        for (int i = 0; i < _indices.Length; i++)
        {
            sum += ArgMax(PredictMlNet(i));
        }
        return sum;
    }

    [Benchmark(Description = "LinearLayer.Evaluate (core)")]
    [Input(Input.Corpus)]
    public int CoreLinearLayer()
    {
        int sum = 0;
        for (int i = 0; i < _indices.Length; i++)
        {
            _layer.Evaluate(_indices[i], _values[i], _output);
            sum += ArgMax(_output);
        }
        return sum;
    }

    private float[] PredictMlNet(int i)
    {
        _row.Features = new VBuffer<float>(_dimension, _indices[i].Length, _values[i], _indices[i]);
        _engine.Predict(_row, ref _scores);
        return _scores.Score;
    }

    /// <summary>The multiclass model as a feature-major softmax layer, as the training library exports it.</summary>
    private static LinearLayer Export(MaximumEntropyModelParameters model, int dimension)
    {
        VBuffer<float>[] weights = [];
        model.GetWeights(ref weights, out int classes);
        float[] biases = [.. model.GetBiases()];
        var w = new float[dimension * classes];
        for (int c = 0; c < classes; c++)
        {
            foreach (KeyValuePair<int, float> pair in weights[c].Items())
            {
                w[(pair.Key * classes) + c] = pair.Value;
            }
        }
        return new LinearLayer("category", Activation.Softmax, [.. Enumerable.Range(0, classes).Select(c => "c" + c)], dimension, biases, w);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }
}
