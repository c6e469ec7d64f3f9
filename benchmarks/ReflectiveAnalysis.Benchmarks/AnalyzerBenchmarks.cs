using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Benchmarks;

/// <summary>
/// The whole pipeline, as users call it: <see cref="ReflectionAnalyzer.Analyze(string)"/>, against the pipeline a user
/// would otherwise build with ML.NET for the statement: split it into sentences and classify each with
/// <c>FeaturizeText</c> + a maximum-entropy model through a <see cref="PredictionEngine{TSrc, TDst}"/>.
/// </summary>
/// <remarks>
/// The peer does much less than <c>Analyze</c> (one category per sentence: no modes, criteria, depth, drivers or
/// feedback) and gets our sentence split for free. Its model is trained in setup on the corpus sentences labelled with
/// the shipped model's categories, so it classifies the same kind of text into the same nine categories.
/// </remarks>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private ReflectionAnalyzer _analyzer = null!;
    private string _statement = "";
    private string _corpus = "";
    private string[] _statementSentences = [];
    private PredictionEngine<MlNet.TextRow, MlNet.Scores> _engine = null!;
    private readonly MlNet.TextRow _row = new();
    private MlNet.Scores _scores = new();

    [GlobalSetup(Targets = [nameof(AnalyzeStatement), nameof(AnalyzeCorpus)])]
    public void Setup()
    {
        _analyzer = ReflectionAnalyzer.CreateDefault();
        _statement = Corpora.Statement;
        _corpus = Corpora.Corpus;
        _analyzer.Analyze(_statement); // load the embedded model outside the measurement
    }

    [GlobalSetup(Target = nameof(MlNetPipelineStatement))]
    public void SetupMlNet()
    {
        _statement = Corpora.Statement;
        _statementSentences = Sentences(_statement);

        // Training data: the corpus sentences with the shipped model's categories.
        ReflectionReport labelled = ReflectionAnalyzer.CreateDefault().Analyze(Corpora.Corpus);
        var rows = labelled.Sentences.Select(s => new LabelledText { Text = s.Text, Label = (uint)s.Category }).ToList();
        var ml = new MLContext(seed: 1);
        SchemaDefinition schema = SchemaDefinition.Create(typeof(LabelledText));
        schema[nameof(LabelledText.Label)].ColumnType = new KeyDataViewType(typeof(uint), ReflectiveTaxonomy.CategoryCount);
        IDataView data = ml.Data.LoadFromEnumerable(rows, schema);
        var pipeline = ml.Transforms.Text.FeaturizeText("Features", nameof(LabelledText.Text))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = nameof(LabelledText.Label),
                FeatureColumnName = "Features",
                MaximumNumberOfIterations = 60,
                NumberOfThreads = 1,
            }));
        ITransformer model = pipeline.Fit(data);
        _engine = ml.Model.CreatePredictionEngine<MlNet.TextRow, MlNet.Scores>(model);
        MlNetPipelineStatement(); // warm up
    }

    /// <summary>The peer: every sentence of the statement through ML.NET FeaturizeText + maximum entropy (PredictionEngine).</summary>
    [Benchmark(Baseline = true, Description = "ML.NET FeaturizeText + MaxEnt per sentence (statement)")]
    [BenchmarkCategory("Statement")]
    [Input(Input.Statement)]
    public int MlNetPipelineStatement()
    {
        int sum = 0;
        foreach (string sentence in _statementSentences)
        {
            _row.Text = sentence;
            _engine.Predict(_row, ref _scores);
            sum += _scores.Score.Length;
        }
        return sum;
    }

    [Benchmark(Description = "Analyze (1,000-word statement)")]
    [BenchmarkCategory("Statement")]
    [Input(Input.Statement)]
    public int AnalyzeStatement() => _analyzer.Analyze(_statement).SentenceCount;

    [Benchmark(Description = "Analyze (whole corpus)")]
    [BenchmarkCategory("Corpus")]
    [Input(Input.Corpus)]
    public int AnalyzeCorpus() => _analyzer.Analyze(_corpus).SentenceCount;

    private static string[] Sentences(string text)
    {
        SegmentedText segmented = TextSegmenter.Segment(text);
        return [.. segmented.Sentences.Select(s => segmented.GetText(s))];
    }

    /// <summary>A training row for the peer.</summary>
    public sealed class LabelledText
    {
        public string Text { get; set; } = "";
        public uint Label { get; set; }
    }
}
