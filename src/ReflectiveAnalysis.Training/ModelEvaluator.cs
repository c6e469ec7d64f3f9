using System.Globalization;
using System.Text;
using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Models;

namespace ReflectiveAnalysis.Training;

/// <summary>What an evaluation measured: category metrics in three schemes, calibration, and optionally the criteria.</summary>
public sealed class EvaluationReport
{
    internal EvaluationReport(string dataset, ClassificationMetrics fine, ClassificationMetrics mode, ClassificationMetrics binary, double ece, CriteriaMetrics? criteria, string? notes)
    {
        Dataset = dataset;
        Fine = fine;
        Mode = mode;
        Binary = binary;
        ExpectedCalibrationError = ece;
        Criteria = criteria;
        Notes = notes;
    }

    /// <summary>What was evaluated, e.g. <c>CEReD val (339 sentences)</c>.</summary>
    public string Dataset { get; }

    /// <summary>The nine categories.</summary>
    public ClassificationMetrics Fine { get; }

    /// <summary>Descriptive, analytical, evaluative.</summary>
    public ClassificationMetrics Mode { get; }

    /// <summary>Descriptive vs analytical + evaluative.</summary>
    public ClassificationMetrics Binary { get; }

    /// <summary>Expected calibration error (10 equal-width bins) of the top category's probability.</summary>
    public double ExpectedCalibrationError { get; }

    /// <summary>Paragraph criteria metrics, when the data has them (the corpus).</summary>
    public CriteriaMetrics? Criteria { get; }

    /// <summary>How gold spans were mapped onto the core's segmentation.</summary>
    public string? Notes { get; }

    /// <summary>Depth agreement (statements and paragraphs), when the data has depth labels (the corpus).</summary>
    public DepthEvaluation? Depth { get; private set; }

    internal EvaluationReport WithDepth(DepthEvaluation depth)
    {
        Depth = depth;
        return this;
    }

    /// <summary>All tables as plain text.</summary>
    public string Format()
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"== {Dataset} ==\n");
        if (Notes is not null)
        {
            b.Append(Notes).Append('\n');
        }
        b.Append(CultureInfo.InvariantCulture, $"ECE (10 bins) = {ExpectedCalibrationError:F4}\n");
        string units = Fine.ResampledByGroup ? "documents, each with all its sentences" : "examples (stratified by gold class)";
        b.Append(CultureInfo.InvariantCulture, $"95% CI: percentile bootstrap, {ClassificationMetrics.Resamples:N0} resamples of the {Fine.ResampledGroups:N0} {units}\n");
        b.Append(Fine.Format()).Append(Mode.Format()).Append(Binary.Format());
        if (Criteria is not null)
        {
            b.Append(Criteria.Format());
        }
        if (Depth is not null)
        {
            b.Append(Depth.Format());
        }
        return b.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Format();
}

/// <summary>
/// Evaluates a <see cref="ReflectionModel"/> as the core runs it: features from the core's segmentation and
/// extractor, the model's own layers (softmax or sigmoid), headings forced to <c>other</c> as the analyzer does.
/// </summary>
public static class ModelEvaluator
{
    private static readonly string[] s_fineLabels = [.. Enum.GetValues<ReflectiveCategory>().Select(ReflectiveTaxonomy.ToName)];
    private static readonly string[] s_modeLabels = [.. Enum.GetValues<ReflectiveMode>().Select(ReflectiveTaxonomy.ToName)];
    private static readonly string[] s_binaryLabels = ["descriptive", "reflective"];

    /// <summary>
    /// Evaluates on a data folder: a CEReD folder (its <c>val.tsv</c>) or a corpus documents folder (its test split).
    /// </summary>
    /// <param name="model">The model to evaluate.</param>
    /// <param name="dataPath">A CEReD folder holding <c>val.tsv</c>, a <c>.tsv</c> file, or a folder of corpus <c>*.json</c> documents.</param>
    /// <param name="minConfidence">CEReD only: keep sentences whose mean annotator typicality is at least this (0 keeps all; the dataset authors use 3).</param>
    /// <param name="encoder">The sentence encoder a model with a category head (the accurate tier) needs; ignored otherwise.</param>
    public static EvaluationReport Evaluate(ReflectionModel model, string dataPath, double minConfidence = 0, ISentenceEncoder? encoder = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(dataPath);
        if (File.Exists(dataPath))
        {
            return EvaluateCered(model, CeredReader.Read(dataPath), minConfidence, Path.GetFileName(dataPath), encoder);
        }
        if (File.Exists(Path.Combine(dataPath, "val.tsv")))
        {
            return EvaluateCered(model, CeredReader.ReadSplit(dataPath, "val"), minConfidence, "CEReD val", encoder);
        }
        string documents = Directory.Exists(Path.Combine(dataPath, "documents")) ? Path.Combine(dataPath, "documents") : dataPath;
        return EvaluateCorpus(model, CorpusReader.ReadFolder(documents).Where(d => d.IsTest), "corpus test split", encoder);
    }

    /// <summary>Evaluates the category layer on CEReD records.</summary>
    public static EvaluationReport EvaluateCered(ReflectionModel model, IEnumerable<CeredRecord> records, double minConfidence = 0, string name = "CEReD", ISentenceEncoder? encoder = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var featurizer = new ExampleFeaturizer(model.Extractor);
        List<SparseExample> examples = WithDenseInputs(model, featurizer.Cered(records.Where(r => r.MeanConfidence >= minConfidence), _ => 1f), encoder);
        string label = minConfidence > 0 ? $"{name} (mean confidence >= {minConfidence.ToString(CultureInfo.InvariantCulture)}, {examples.Count} sentences)" : $"{name} ({examples.Count} sentences)";
        return Categories(model, examples, label, null, featurizer.Stats.ToString());
    }

    /// <summary>
    /// The category probabilities of a model without an embedding head (the fast tier) for CEReD records, one per record in
    /// order, featurized exactly as <see cref="EvaluateCered"/> does (for blending with other models).
    /// </summary>
    internal static List<float[]> CeredProbabilities(ReflectionModel model, IEnumerable<CeredRecord> records)
    {
        ArgumentNullException.ThrowIfNull(model);
        var featurizer = new ExampleFeaturizer(model.Extractor);
        return [.. WithDenseInputs(model, featurizer.Cered(records, _ => 1f), null).Select(e => PredictCategory(model, e))];
    }

    /// <summary>The corpus documents' gold sentences as <see cref="EvaluateCorpus"/> maps them, each with the category probabilities the core computes (fast tier: no embeddings).</summary>
    internal static List<(SparseExample Example, float[] Probabilities)> CorpusProbabilities(ReflectionModel model, IEnumerable<CorpusDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(model);
        var featurizer = new ExampleFeaturizer(model.Extractor);
        return [.. WithDenseInputs(model, featurizer.CorpusSentences(documents, 1f), null).Select(e => (e, PredictCategory(model, e)))];
    }

    /// <summary>Evaluates sentences and paragraph criteria on corpus documents (pass the test split only for honest numbers).</summary>
    public static EvaluationReport EvaluateCorpus(ReflectionModel model, IEnumerable<CorpusDocument> documents, string name = "corpus", ISentenceEncoder? encoder = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        List<CorpusDocument> list = [.. documents];
        var featurizer = new ExampleFeaturizer(model.Extractor);
        List<SparseExample> sentences = WithDenseInputs(model, featurizer.CorpusSentences(list, 1f), encoder);
        List<SparseExample> paragraphs = featurizer.CorpusParagraphs(list);
        if (model.CriteriaHead is not null)
        {
            // The head reads each paragraph's mean sentence embedding; the encoder was checked by WithDenseInputs above.
            paragraphs = CriteriaHeadTrainer.AttachMeans(paragraphs, new EmbeddingCache(encoder!, null));
        }
        CriteriaMetrics criteria = new([.. paragraphs.Select(p => p.Criteria)], [.. paragraphs.Select(p => PredictCriteria(model, p))]);
        EvaluationReport report = Categories(model, sentences, $"{name} ({list.Count} documents, {sentences.Count} sentences, {paragraphs.Count} paragraphs)", criteria, featurizer.Stats.ToString(), resampleDocuments: true);
        return report.WithDepth(DepthCalibrator.Evaluate(model, list, name, encoder));
    }

    /// <summary>The examples with their embedding inputs when the model reads embeddings (encoded without a cache), else as they are.</summary>
    internal static List<SparseExample> WithDenseInputs(ReflectionModel model, List<SparseExample> examples, ISentenceEncoder? encoder)
    {
        if (model.CategoryHead is null)
        {
            return examples;
        }
        if (encoder is null || encoder.Name != model.SentenceEncoderName || encoder.Dimension != model.SentenceEncoderDimension)
        {
            throw new ArgumentException($"Model '{model.Name}' reads embeddings from sentence encoder '{model.SentenceEncoderName}'; pass that encoder.", nameof(encoder));
        }
        return DenseInputs.Attach(examples, new EmbeddingCache(encoder, null));
    }

    internal static EvaluationReport Categories(ReflectionModel model, IReadOnlyList<SparseExample> examples, string name, CriteriaMetrics? criteria, string? notes, bool resampleDocuments = false)
    {
        // A corpus sentence's bootstrap unit is its document.
        List<string>? groups = resampleDocuments ? [.. examples.Select(e => e.DocumentId ?? e.Source)] : null;
        var gold = new List<int>();
        var predicted = new List<int>();
        var confidence = new List<double>();
        foreach (SparseExample example in examples)
        {
            float[] p = PredictCategory(model, example);
            int best = ReflectionAnalyzer.ArgMax(p);
            gold.Add(example.Label);
            predicted.Add(best);
            confidence.Add(p[best]);
        }
        return new EvaluationReport(name,
            new ClassificationMetrics("fine (9 categories)", s_fineLabels, gold, predicted, groups),
            new ClassificationMetrics("mode (3)", s_modeLabels, [.. gold.Select(ModeIndex)], [.. predicted.Select(ModeIndex)], groups),
            new ClassificationMetrics("binary (descriptive vs analytical+evaluative)", s_binaryLabels, [.. gold.Select(Binary)], [.. predicted.Select(Binary)], groups),
            Ece(gold, predicted, confidence), criteria, notes);
    }

    internal static int ModeIndex(int category) => (int)ReflectiveTaxonomy.ModeOf((ReflectiveCategory)category);

    internal static int Binary(int category) => ModeIndex(category) == 0 ? 0 : 1;

    /// <summary>The category probabilities the core computes for an example (headings are <c>other</c>).</summary>
    internal static float[] PredictCategory(ReflectionModel model, SparseExample example)
    {
        var p = new float[ReflectiveTaxonomy.CategoryCount];
        LinearLayer layer = model.CategoryLayer ?? throw new InvalidOperationException("The model has no trained category layer.");
        if (example.IsHeading)
        {
            p[(int)ReflectiveCategory.Other] = 1f;
            return p;
        }
        layer.Evaluate(example.Indices, example.Values, p);
        if (model.CategoryHead is { } head)
        {
            int width = ReflectionModel.EmbeddingInputs * model.SentenceEncoderDimension;
            if (example.Dense.Length != width)
            {
                throw new InvalidOperationException($"Model '{model.Name}' reads {width} embedding values per sentence; the example has {example.Dense.Length}.");
            }
            Features.EmbeddingFeatures.EvaluateHead(head, p, example.Dense, p);
        }
        return p;
    }

    internal static float[] PredictCriteria(ReflectionModel model, SparseExample example)
    {
        var p = new float[ReflectiveTaxonomy.CriterionCount];
        LinearLayer layer = model.CriteriaLayer ?? throw new InvalidOperationException("The model has no trained criteria layer.");
        layer.Evaluate(example.Indices, example.Values, p);
        if (model.CriteriaHead is { } head)
        {
            if (example.Dense.Length != model.SentenceEncoderDimension)
            {
                throw new InvalidOperationException("The model has a criteria head: the paragraph needs its mean sentence embedding (CriteriaHeadTrainer.AttachMeans).");
            }
            EmbeddingFeatures.EvaluateCriteriaHead(head, p, example.Dense, p);
        }
        return p;
    }

    /// <summary>Expected calibration error with 10 equal-width confidence bins.</summary>
    internal static double Ece(IReadOnlyList<int> gold, IReadOnlyList<int> predicted, IReadOnlyList<double> confidence)
    {
        const int Bins = 10;
        var count = new int[Bins];
        var correct = new double[Bins];
        var sum = new double[Bins];
        for (int i = 0; i < gold.Count; i++)
        {
            int bin = Math.Min(Bins - 1, (int)(confidence[i] * Bins));
            count[bin]++;
            sum[bin] += confidence[i];
            correct[bin] += gold[i] == predicted[i] ? 1 : 0;
        }
        double ece = 0;
        for (int b = 0; b < Bins; b++)
        {
            if (count[b] > 0)
            {
                ece += (double)count[b] / gold.Count * Math.Abs(correct[b] / count[b] - sum[b] / count[b]);
            }
        }
        return ece;
    }
}
