using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using ReflectiveAnalysis.Analysis;
using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Models;

namespace ReflectiveAnalysis.Benchmarks;

/// <summary>
/// Sentence feature vectors for the whole corpus: ML.NET's <c>FeaturizeText</c> (word and character n-grams,
/// normalised; transform only, no prediction) against the core's hashed extractor (word uni/bi/trigrams, character
/// 3/4-grams, cue families, shape, neighbour context; sorted, merged and L2-normalised).
/// </summary>
[MemoryDiagnoser]
public class FeatureExtractionBenchmarks
{
    private string _text = "";
    private FeatureExtractor _extractor = null!;
    private AnalysisScratch _loaded = null!;
    private AnalysisScratch _fresh = null!;
    private IDataView _sentences = null!;
    private ITransformer _featurizeText = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = Corpora.Corpus;
        _extractor = ReflectionModel.Default.Extractor;
        _loaded = new AnalysisScratch();
        _loaded.Load(_text, _extractor.Lexicon);
        _fresh = new AnalysisScratch();
        _fresh.Load(_text, _extractor.Lexicon);

        var ml = new MLContext(seed: 1);
        string[] sentences = [.. Enumerable.Range(0, _loaded.Layout.Sentences.Length).Select(s => _text.Substring(_loaded.Layout.Sentences[s].Start, _loaded.Layout.Sentences[s].Length))];
        _sentences = ml.Data.LoadFromEnumerable(sentences.Select(s => new MlNet.TextRow { Text = s }));
        _featurizeText = ml.Transforms.Text.FeaturizeText("Features", nameof(MlNet.TextRow.Text)).Fit(_sentences);
    }

    [Benchmark(Baseline = true, Description = "ML.NET FeaturizeText (transform, read every vector)")]
    [Input(Input.Corpus)]
    public long MlNetFeaturizeText() => MlNet.Drain<float>(_featurizeText.Transform(_sentences), "Features");

    [Benchmark(Description = "FeatureExtractor per sentence (text loaded)")]
    [Input(Input.Corpus)]
    public long CoreSentences()
    {
        long features = 0;
        for (int s = 0; s < _loaded.Layout.Sentences.Length; s++)
        {
            features += SpanFeaturizer.ExtractSentence(_extractor, _text, _loaded, s);
        }
        return features;
    }

    [Benchmark(Description = "Load + FeatureExtractor per sentence")]
    [Input(Input.Corpus)]
    public long CoreLoadAndSentences()
    {
        _fresh.Load(_text, _extractor.Lexicon);
        long features = 0;
        for (int s = 0; s < _fresh.Layout.Sentences.Length; s++)
        {
            features += SpanFeaturizer.ExtractSentence(_extractor, _text, _fresh, s);
        }
        return features;
    }
}
