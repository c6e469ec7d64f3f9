using ReflectiveAnalysis.Models;

namespace ReflectiveAnalysis.Training;

/// <summary>The category of one sentence, judged as one unit.</summary>
/// <param name="Category">The most probable category.</param>
/// <param name="Mode">The mode that follows from it.</param>
/// <param name="Confidence">Probability of <paramref name="Category"/>.</param>
/// <param name="Probabilities">Probability of every category.</param>
public sealed record SentencePrediction(ReflectiveCategory Category, ReflectiveMode Mode, double Confidence, CategoryProbabilities Probabilities);

/// <summary>
/// Classifies a sentence as exactly one unit, never split, optionally with the text around it as context (the
/// sentence is found in the context and its neighbours give the context features, as in training). For researchers
/// and pipelines: <c>reflect classify --unit sentence</c> and <c>reflect evaluate --predictions</c> use it.
/// </summary>
/// <remarks>Not thread-safe: it reuses working memory between calls. Use one per thread.</remarks>
public sealed class SentenceClassifier
{
    private readonly ReflectionModel _model;
    private readonly ExampleFeaturizer _featurizer;
    private readonly ISentenceEncoder? _encoder;

    /// <summary>Creates a classifier for a model with a trained category layer.</summary>
    /// <param name="model">The model.</param>
    /// <param name="encoder">The sentence encoder a model with a category head (the accurate tier) needs; ignored otherwise.</param>
    /// <exception cref="ArgumentException">The model has no trained category layer (the lexicon-only model), or needs an encoder that was not given.</exception>
    public SentenceClassifier(ReflectionModel model, ISentenceEncoder? encoder = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.CategoryLayer is null)
        {
            throw new ArgumentException($"Model '{model.Name}' has no trained category layer; sentence classification needs a trained model.", nameof(model));
        }
        if (model.CategoryHead is not null && (encoder is null || encoder.Name != model.SentenceEncoderName || encoder.Dimension != model.SentenceEncoderDimension))
        {
            throw new ArgumentException($"Model '{model.Name}' reads embeddings from sentence encoder '{model.SentenceEncoderName}'; pass that encoder.", nameof(encoder));
        }
        _model = model;
        _featurizer = new ExampleFeaturizer(model.Extractor);
        _encoder = model.CategoryHead is null ? null : encoder;
    }

    /// <summary>Classifies <paramref name="sentence"/>, found in <paramref name="context"/> when one is given.</summary>
    public SentencePrediction Classify(string sentence, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        if (string.IsNullOrWhiteSpace(sentence))
        {
            throw new ArgumentException("The sentence is empty.", nameof(sentence));
        }
        var record = new CeredRecord("", string.IsNullOrWhiteSpace(context) ? sentence : context, sentence, ReflectiveCategory.Other, [], false);
        SparseExample example = _featurizer.Cered(record, 1f);
        if (_encoder is not null)
        {
            example = DenseInputs.Attach([example], new EmbeddingCache(_encoder, null))[0];
        }
        float[] p = ModelEvaluator.PredictCategory(_model, example);
        int best = ReflectionAnalyzer.ArgMax(p);
        var category = (ReflectiveCategory)best;
        return new SentencePrediction(category, ReflectiveTaxonomy.ModeOf(category), Round(p[best]),
            new CategoryProbabilities(Round(p[0]), Round(p[1]), Round(p[2]), Round(p[3]), Round(p[4]), Round(p[5]), Round(p[6]), Round(p[7]), Round(p[8])));
    }

    private static double Round(float value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);
}
