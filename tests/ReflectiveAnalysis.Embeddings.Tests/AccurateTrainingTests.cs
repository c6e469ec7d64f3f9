using Microsoft.ML;
using ReflectiveAnalysis.Embeddings;
using ReflectiveAnalysis.Models;
using ReflectiveAnalysis.Testing;
using ReflectiveAnalysis.Training;

namespace ReflectiveAnalysis.Embeddings.Tests;

/// <summary>The core's combined sparse + embedding layer computes what ML.NET computes, and the shipped model keeps its quality.</summary>
public sealed class AccurateTrainingTests
{
    // Measured for the shipped accurate.ramodel with `reflect evaluate --tier accurate` (see docs/model-card.md).
    private const double MeasuredCeredValAccuracy = MeasuredAccuracy.CeredVal;
    private const double MeasuredCeredValMacroF1 = MeasuredAccuracy.CeredValMacroF1;

    private static string Cered => Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "datasets", "cered-en"));

    [Fact]
    public void CoreHeadProbabilitiesEqualMlNetPredictionEngineOnValidationSentences()
    {
        // A head trained on a small slice (the shipped fast layer's own probabilities stand in for out-of-fold ones:
        // this checks the arithmetic, not the quality) compared on 60 val sentences through the core's prediction path.
        MiniLmSentenceEncoder encoder = MiniLmSentenceEncoder.Shared;
        ReflectionModel fast = ReflectionModel.Default;
        var cache = new EmbeddingCache(encoder, null);
        IReadOnlyList<CorpusDocument> corpus = CorpusReader.ReadFolder(TestPaths.InRepository("data", "corpus", "documents"));
        AccurateTrainer.Data data = AccurateTrainer.Featurise(fast.Lexicon, fast.Contents.HashBits,
            [.. CeredReader.ReadSplit(Cered, "train").Take(300)], [.. CeredReader.ReadSplit(Cered, "val").Take(60)],
            [.. corpus.Where(d => !d.IsTest).Take(2)], 0.3f, cache, null);
        float[][] trainFast = [.. data.Train.Select(e => AccurateTrainer.FastProbabilities(fast, e))];
        float[][] valFast = [.. data.Val.Select(e => AccurateTrainer.FastProbabilities(fast, e))];
        var stacked = new AccurateTrainer.Stacked(data.Train, trainFast, data.Val, valFast);
        var h = new AccurateHyperParameters(2f, 0f, 1f, 0);
        var ml = new MLContext(1);
        LinearLayer head = AccurateTrainer.TrainHead(ml, stacked, encoder.Dimension, h, out var trained);
        ReflectionModel model = AccurateTrainer.Build(fast, encoder, head, "test", "");

        var engine = ml.Model.CreatePredictionEngine<MlNetLayers.CategoryRow, MlNetLayers.CategoryPrediction>(trained, inputSchemaDefinition: MlNetLayers.CategorySchema(ReflectionModel.HeadInputCount(encoder.Dimension)));
        int compared = 0;
        for (int i = 0; i < data.Val.Count; i++)
        {
            SparseExample example = data.Val[i];
            if (example.IsHeading)
            {
                continue;
            }
            float[] core = ModelEvaluator.PredictCategory(model, example);
            float[] mlnet = engine.Predict(AccurateTrainer.ToRow(example, valFast[i], h.EmbeddingScale)).Score;
            for (int c = 0; c < core.Length; c++)
            {
                Assert.True(Math.Abs(core[c] - mlnet[c]) <= 1e-4, $"{example.Source} class {c}: core {core[c]} vs ML.NET {mlnet[c]}");
            }
            compared++;
        }
        Assert.True(compared >= 55, $"compared {compared}");
    }

    [Fact]
    public void AnalyzerProbabilitiesEqualTheEvaluatorsForCorpusSentences()
    {
        // The analyzer (one encoder call per text, neighbours from the layout) and the trainer's path (texts from the
        // featurizer, embeddings per sentence) must agree, or training and run time would see different inputs.
        ReflectionModel model = AccurateTier.Model;
        CorpusDocument document = CorpusReader.ReadFolder(TestPaths.InRepository("data", "corpus", "documents")).First(d => d.IsTest);
        ReflectionReport report = AccurateTier.CreateAnalyzer().Analyze(document.Text);
        var featurizer = new ExampleFeaturizer(model.Extractor);
        List<SparseExample> examples = ModelEvaluator.WithDenseInputs(model, featurizer.CorpusSentences([document], 1f), AccurateTier.Encoder);
        int compared = 0;
        foreach ((SparseExample example, CorpusSentence gold) in examples.Zip(document.Paragraphs.SelectMany(p => p.Sentences)))
        {
            SentenceReport? sentence = report.Sentences.FirstOrDefault(s => s.Start == gold.Start && s.Length == gold.Length);
            if (sentence is null)
            {
                continue; // split differently by the core: the evaluator then uses the gold span
            }
            float[] p = ModelEvaluator.PredictCategory(model, example);
            foreach (ReflectiveCategory c in Enum.GetValues<ReflectiveCategory>())
            {
                Assert.True(Math.Abs(p[(int)c] - sentence.Probabilities[c]) <= 1e-3, $"{example.Source} {c}: evaluator {p[(int)c]} vs analyzer {sentence.Probabilities[c]}");
            }
            compared++;
        }
        Assert.True(compared >= 10, $"compared {compared}");
    }

    [Fact]
    public void BlendHead_GivesTheFineTunedHeadTimesTheFastProbabilities()
    {
        // softmax((fine-tuned logits + w * log p_fast) / T), as the core's head evaluation computes it.
        FineTunedWeights weights = FineTunedMiniLmEncoder.Shared.Weights;
        const float FastWeight = 0.7f;
        const double Temperature = 1.6;
        LinearLayer head = AccurateTrainer.BlendHead(weights, 384, FastWeight, Temperature);
        var random = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            float[] embedding = [.. Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() - 0.5))];
            float[] raw = [.. Enumerable.Range(0, 9).Select(_ => (float)random.NextDouble() + 0.01f)];
            float[] fast = [.. raw.Select(v => v / raw.Sum())];
            var dense = new float[768];
            Features.EmbeddingFeatures.ComposeEmbeddings(embedding, [], [], dense);
            var core = new float[9];
            Features.EmbeddingFeatures.EvaluateHead(head, fast, dense, core);

            double[] z = new double[9];
            for (int c = 0; c < 9; c++)
            {
                double logit = weights.HeadBias[c];
                for (int d = 0; d < 384; d++)
                {
                    logit += embedding[d] * weights.HeadWeights[(d * 9) + c];
                }
                z[c] = (logit + (FastWeight * Math.Log(fast[c]))) / Temperature;
            }
            double max = z.Max(), sum = z.Sum(v => Math.Exp(v - max));
            for (int c = 0; c < 9; c++)
            {
                Assert.True(Math.Abs(core[c] - (Math.Exp(z[c] - max) / sum)) < 1e-5, $"trial {trial} class {c}: core {core[c]}");
            }
        }
    }

    [Fact]
    public void ShippedModelsHead_IsTheShippedEncodersHeadBlendedWithTheFastLayer()
    {
        // The model file and the encoder weights are shipped as a pair: the head must be exactly what Compose builds from
        // the encoder's head (fast weight 1, the model's temperature), or one of them was replaced without the other.
        LinearLayer head = AccurateTier.Model.CategoryHead!;
        float inverseTemperature = head.Weights[0];
        LinearLayer expected = AccurateTrainer.BlendHead(FineTunedMiniLmEncoder.Shared.Weights, 384, 1f, 1 / (double)inverseTemperature);
        Assert.Equal(expected.InputDimension, head.InputDimension);
        for (int i = 0; i < head.Weights.Length; i++)
        {
            Assert.True(Math.Abs(expected.Weights[i] - head.Weights[i]) <= 1e-6f * Math.Max(1f, Math.Abs(head.Weights[i])), $"weight {i}: {head.Weights[i]} vs {expected.Weights[i]}");
        }
        for (int c = 0; c < head.Bias.Length; c++)
        {
            Assert.True(Math.Abs(expected.Bias[c] - head.Bias[c]) <= 1e-6f * Math.Max(1f, Math.Abs(head.Bias[c])), $"bias {c}");
        }
    }

    [Fact]
    public void ShippedAccurateModelKeepsItsCeredValidationQuality()
    {
        EvaluationReport report = ModelEvaluator.Evaluate(AccurateTier.Model, Cered, 0, AccurateTier.Encoder);
        Assert.Equal(339, report.Fine.Count);
        Assert.True(report.Fine.Accuracy >= MeasuredCeredValAccuracy - 0.01, $"CEReD val accuracy {report.Fine.Accuracy:P1}; floor {MeasuredCeredValAccuracy - 0.01:P1}\n{report.Format()}");
        Assert.True(report.Fine.MacroF1 >= MeasuredCeredValMacroF1 - 0.02, $"CEReD val macro-F1 {report.Fine.MacroF1:F3}; floor {MeasuredCeredValMacroF1 - 0.02:F3}\n{report.Format()}");
        Assert.True(report.ExpectedCalibrationError <= 0.05, $"ECE {report.ExpectedCalibrationError:F3}");
    }

    [Fact]
    public void ShippedAccurateModelKeepsItsCorpusTestQuality()
    {
        // The register our users write in: the held-back split of the project's corpus, never trained or tuned on.
        // One evaluation (the expensive part: every sentence through the encoder) serves sentences and depth.
        CorpusDocument[] test = [.. CorpusReader.ReadFolder(TestPaths.InRepository("data", "corpus", "documents")).Where(d => d.IsTest)];
        EvaluationReport report = ModelEvaluator.EvaluateCorpus(AccurateTier.Model, test, "corpus test split", AccurateTier.Encoder);
        Assert.Equal(1030, report.Fine.Count);
        Assert.True(report.Fine.Accuracy >= MeasuredAccuracy.CorpusTest - 0.01, $"corpus test accuracy {report.Fine.Accuracy:P1}\n{report.Format()}");
        Assert.True(report.Fine.MacroF1 >= MeasuredAccuracy.CorpusTestMacroF1 - 0.02, $"corpus test macro-F1 {report.Fine.MacroF1:F3}\n{report.Format()}");

        // Depth: the fast depth layer reading the accurate tier's sentence probabilities.
        DepthEvaluation depth = report.Depth!;
        Assert.Equal(test.Count(d => d.DepthLevel is not null), depth.Statements.Count);
        Assert.True(depth.Statements.QuadraticWeightedKappa >= MeasuredAccuracy.DepthStatementQwk - 0.1, depth.Format());
        Assert.True(depth.Statements.WithinOne >= 0.95, depth.Format()); // issue #4's target
        Assert.True(depth.Paragraphs.QuadraticWeightedKappa >= MeasuredAccuracy.DepthParagraphQwk - 0.05, depth.Format());
    }
}

/// <summary>What the shipped accurate model measured when it was built (`reflect train --tier accurate` prints all of it).</summary>
internal static class MeasuredAccuracy
{
    public const double CeredVal = 0.749;
    public const double CeredValMacroF1 = 0.529;

    /// <summary>Sentences of the corpus test split (1,030).</summary>
    public const double CorpusTest = 0.911;
    public const double CorpusTestMacroF1 = 0.867;

    /// <summary>Depth on the corpus test split's 30 statements (quadratic-weighted kappa).</summary>
    public const double DepthStatementQwk = 0.906;

    /// <summary>Depth on the corpus test split's 192 paragraphs (quadratic-weighted kappa).</summary>
    public const double DepthParagraphQwk = 0.840;
}

/// <summary><c>AccurateTrainer.Compose</c> end to end on a small slice, in seconds: the pipeline that builds the shipped accurate model.</summary>
public sealed class AccurateComposeTests
{
    [Fact]
    public void Compose_OnASlice_WritesAReloadableModelWhoseHeadIsTheBlend_AndRepeatsByteForByte()
    {
        string dir = Directory.CreateTempSubdirectory("ra-compose").FullName;
        try
        {
            // A slice of CEReD val (read from the shared folder at test time, never copied into the repository) and two corpus test documents.
            string cered = Path.Combine(dir, "cered");
            string corpus = Path.Combine(dir, "corpus");
            Directory.CreateDirectory(cered);
            Directory.CreateDirectory(corpus);
            string sharedVal = Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "datasets", "cered-en", "val.tsv");
            File.WriteAllLines(Path.Combine(cered, "val.tsv"), File.ReadLines(sharedVal).Take(61));
            foreach (string id in new[] { "p005", "s005" })
            {
                File.Copy(TestPaths.InRepository("data", "corpus", "documents", id + ".json"), Path.Combine(corpus, id + ".json"));
            }
            var options = new AccurateTrainingOptions { CeredPath = cered, CorpusPath = corpus, OutputPath = Path.Combine(dir, "a.ramodel"), Version = "0.0.1" };

            AccurateTrainingResult first = AccurateTrainer.Compose(options, FineTunedMiniLmEncoder.Shared);
            byte[] firstBytes = File.ReadAllBytes(options.OutputPath);
            AccurateTrainer.Compose(options, FineTunedMiniLmEncoder.Shared);

            Assert.Equal(firstBytes, File.ReadAllBytes(options.OutputPath));
            Assert.Equal(60, first.CeredValidation.Fine.Count);
            Assert.InRange(first.Temperature, 0.5, 4);
            ReflectionModel model = ReflectionModel.Load(options.OutputPath);
            Assert.Equal(FineTunedMiniLmEncoder.Shared.Name, model.SentenceEncoderName);
            LinearLayer expected = AccurateTrainer.BlendHead(FineTunedMiniLmEncoder.Shared.Weights, 384, 1f, first.Temperature);
            Assert.Equal(expected.Weights.ToArray(), model.CategoryHead!.Weights.ToArray());
            Assert.Equal(expected.Bias.ToArray(), model.CategoryHead.Bias.ToArray());
            Assert.Equal(ReflectionModel.Default.CriteriaLayer!.Weights.ToArray(), model.CriteriaLayer!.Weights.ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
