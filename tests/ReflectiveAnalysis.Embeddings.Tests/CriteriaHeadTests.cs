using Microsoft.ML;
using ReflectiveAnalysis.Embeddings;
using ReflectiveAnalysis.Models;
using ReflectiveAnalysis.Testing;
using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Embeddings.Tests;

/// <summary>The accurate tier's optional criteria head: the core computes what ML.NET computes, and models without it behave as before.</summary>
public sealed class CriteriaHeadTests
{
    // Measured with `reflect evaluate --tier accurate --data data/corpus` for the shipped accurate.ramodel (docs/model-card.md).
    private const double MeasuredCorpusTestCriteriaMacroF1 = 0.868;

    private static IReadOnlyList<CorpusDocument> Corpus { get; } = CorpusReader.ReadFolder(TestPaths.InRepository("data", "corpus", "documents"));

    /// <summary>A head trained on a slice of corpus train (the shipped fast layer's probabilities stand in for out-of-fold ones: this checks arithmetic, not quality).</summary>
    private static (LinearLayer Head, List<ITransformer> Models, MLContext Ml, List<SparseExample> Rows, List<SparseExample> Paragraphs, float[][] Fast) TrainSmallHead()
    {
        ReflectionModel fast = ReflectionModel.Default;
        List<SparseExample> paragraphs = CriteriaHeadTrainer.Paragraphs(fast.Lexicon, fast.Contents.HashBits,
            Corpus.Where(d => !d.IsTest).Take(12), new EmbeddingCache(MiniLmSentenceEncoder.Shared, null));
        float[][] probabilities = [.. paragraphs.Select(p => ModelEvaluator.PredictCriteria(fast, p))];
        List<SparseExample> rows = CriteriaHeadTrainer.HeadRows(paragraphs, probabilities);
        var ml = new MLContext(1);
        (LinearLayer head, List<ITransformer> models) = CriteriaHeadTrainer.TrainHead(ml, rows, 1f);
        return (head, models, ml, rows, paragraphs, probabilities);
    }

    private static ReflectionModel WithHead(LinearLayer criteriaHead) =>
        AccurateTrainer.Build(ReflectionModel.Default, MiniLmSentenceEncoder.Shared, AccurateTier.Model.CategoryHead!, "test", "", criteriaHead);

    [Fact]
    public void CoreCriteriaHeadProbabilitiesEqualMlNetPredictions()
    {
        (LinearLayer head, List<ITransformer> models, MLContext ml, List<SparseExample> rows, List<SparseExample> paragraphs, float[][] fast) = TrainSmallHead();
        ReflectionModel model = WithHead(head);
        int inputs = rows[0].Values.Length;
        Assert.Equal(ReflectionModel.CriteriaHeadInputCount(MiniLmSentenceEncoder.Shared.Dimension), inputs);
        var engines = models.Select(m => ml.Model.CreatePredictionEngine<MlNetLayers.BinaryRow, MlNetLayers.BinaryPrediction>(m, inputSchemaDefinition: MlNetLayers.BinarySchema(inputs))).ToList();
        Assert.True(paragraphs.Count >= 30, $"paragraphs {paragraphs.Count}");
        int differentFromFast = 0;
        for (int i = 0; i < paragraphs.Count; i++)
        {
            float[] core = ModelEvaluator.PredictCriteria(model, paragraphs[i]);
            var row = new MlNetLayers.BinaryRow { Features = new Microsoft.ML.Data.VBuffer<float>(inputs, rows[i].Values) };
            for (int k = 0; k < ReflectiveTaxonomy.CriterionCount; k++)
            {
                float mlnet = engines[k].Predict(row).Probability;
                Assert.True(Math.Abs(core[k] - mlnet) <= 1e-4, $"{paragraphs[i].Source} criterion {k}: core {core[k]} vs ML.NET {mlnet}");
                differentFromFast += Math.Abs(core[k] - fast[i][k]) > 1e-3 ? 1 : 0;
            }
        }
        Assert.True(differentFromFast > 0, "the head changed no probability: it was not applied");
    }

    [Fact]
    public void AnalyzerAppliesTheCriteriaHeadAsTheEvaluatorDoes()
    {
        (LinearLayer head, _, _, _, _, _) = TrainSmallHead();
        ReflectionModel model = WithHead(head);
        ReflectionAnalyzer analyzer = new(new ReflectionAnalyzerOptions { Model = model, SentenceEncoder = MiniLmSentenceEncoder.Shared });
        int compared = 0;
        foreach (CorpusDocument document in Corpus.Where(d => d.IsTest).Take(3))
        {
            ReflectionReport report = analyzer.Analyze(document.Text);
            List<SparseExample> paragraphs = CriteriaHeadTrainer.AttachMeans(new ExampleFeaturizer(model.Extractor).CorpusParagraphs([document]), new EmbeddingCache(MiniLmSentenceEncoder.Shared, null));
            foreach ((SparseExample example, CorpusParagraph gold) in paragraphs.Zip(document.Paragraphs.Where(p => p.Sentences.Count > 0)))
            {
                ParagraphReport? paragraph = report.Paragraphs.FirstOrDefault(p => p.Start == gold.Start && p.Length == gold.Length);
                if (paragraph is null)
                {
                    continue; // split differently by the core: the evaluator then uses the gold span
                }
                float[] expected = ModelEvaluator.PredictCriteria(model, example);
                foreach (Criterion c in Enum.GetValues<Criterion>())
                {
                    if (paragraph.Criteria[c] != 1) // 1: assigned by a heading, which wins
                    {
                        Assert.True(Math.Abs(expected[(int)c] - paragraph.Criteria[c]) <= 1e-3, $"{example.Source} {c}: evaluator {expected[(int)c]} vs analyzer {paragraph.Criteria[c]}");
                    }
                }
                compared++;
            }
        }
        Assert.True(compared >= 5, $"compared {compared}");
    }

    [Fact]
    public void AccurateModelWithoutCriteriaHeadLoadsAndGivesTheFastCriteria()
    {
        // The shipped model has no criteria head (it did not beat the fast layer in CV); a file written before the head
        // existed is the same shape: it must load and give exactly the fast tier's paragraph criteria.
        var buffer = new MemoryStream();
        AccurateTier.Model.Save(buffer);
        buffer.Position = 0;
        ReflectionModel reloaded = ReflectionModel.Load(buffer);
        Assert.Null(reloaded.CriteriaHead);
        Assert.NotNull(reloaded.CategoryHead);
        ReflectionAnalyzer accurate = new(new ReflectionAnalyzerOptions { Model = reloaded, SentenceEncoder = AccurateTier.Encoder });
        ReflectionAnalyzer fast = new(new ReflectionAnalyzerOptions { Model = ReflectionModel.Default });
        CorpusDocument document = Corpus.First(d => d.IsTest);
        ReflectionReport a = accurate.Analyze(document.Text);
        ReflectionReport f = fast.Analyze(document.Text);
        Assert.Equal(f.Paragraphs.Length, a.Paragraphs.Length);
        for (int p = 0; p < a.Paragraphs.Length; p++)
        {
            Assert.Equal(f.Paragraphs[p].Criteria, a.Paragraphs[p].Criteria);
        }
    }

    [Fact]
    public void ShippedAccurateModelKeepsItsCorpusTestCriteriaQuality()
    {
        ReflectionModel model = AccurateTier.Model;
        List<SparseExample> paragraphs = new ExampleFeaturizer(model.Extractor).CorpusParagraphs(Corpus.Where(d => d.IsTest));
        if (model.CriteriaHead is not null)
        {
            paragraphs = CriteriaHeadTrainer.AttachMeans(paragraphs, new EmbeddingCache(AccurateTier.Encoder, null));
        }
        var metrics = new CriteriaMetrics([.. paragraphs.Select(p => p.Criteria)], [.. paragraphs.Select(p => ModelEvaluator.PredictCriteria(model, p))]);
        Assert.True(metrics.MacroF1 >= MeasuredCorpusTestCriteriaMacroF1 - 0.01, $"criteria macro-F1 {metrics.MacroF1:F3}; floor {MeasuredCorpusTestCriteriaMacroF1 - 0.01:F3}\n{metrics.Format()}");
        Assert.All(metrics.Criteria, c => Assert.True(c.F1 >= 0.75, $"criterion F1 {c.F1:F3} below 0.75"));
    }
}
