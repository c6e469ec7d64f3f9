using System.Globalization;
using System.Text;
using Microsoft.ML;
using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Lexicons;
using ReflectiveAnalysis.Models;

namespace ReflectiveAnalysis.Training;

/// <summary>What the criteria head's training measured and produced.</summary>
/// <param name="Head">The trained head, or null when its cross-validated macro-F1 did not beat the fast criteria layer's.</param>
/// <param name="L2">The L2 regularisation chosen by cross-validation.</param>
/// <param name="FastCv">The fast criteria layer's out-of-fold metrics (each fold's layer trained without its documents).</param>
/// <param name="HeadCv">The head's cross-validated metrics at <paramref name="L2"/>.</param>
/// <param name="Search">One line per grid point.</param>
internal sealed record CriteriaHeadResult(LinearLayer? Head, float L2, CriteriaMetrics FastCv, CriteriaMetrics HeadCv, string Search)
{
    public string Summary() => FormattableString.Invariant(
        $"criteria head: {CriteriaHeadTrainer.Folds}-fold CV macro-F1 on corpus train {HeadCv.MacroF1:F3} ({F1s(HeadCv)}) at L2={L2} vs fast criteria layer {FastCv.MacroF1:F3} ({F1s(FastCv)}): {(Head is null ? "not shipped" : "shipped")}");

    private static string F1s(CriteriaMetrics m) => string.Join(" / ", m.Criteria.Select(c => c.F1.ToString("F3", CultureInfo.InvariantCulture)));
}

/// <summary>
/// Trains the accurate tier's criteria head: per paragraph, three logistic regressions (ML.NET L-BFGS, one thread,
/// fixed seed, Platt calibration folded in, as <see cref="MlNetLayers.TrainCriteria"/>) over the fast criteria layer's
/// three logits and the mean MiniLM embedding of the paragraph's non-heading sentences. Trained on the corpus TRAIN
/// split with out-of-fold fast logits (4 folds by document, each fast criteria layer retrained without its fold); the
/// L2 regularisation is chosen by 4-fold cross-validation over the same folds (corpus train only).
/// </summary>
internal static class CriteriaHeadTrainer
{
    public const int Folds = 4;

    /// <summary>The L2 values searched.</summary>
    internal static readonly float[] L2Grid = [0.03f, 0.1f, 0.3f, 1f, 3f, 10f, 30f, 100f];

    /// <summary>Corpus paragraphs with their sparse features and their mean sentence embedding in <see cref="SparseExample.Dense"/>.</summary>
    public static List<SparseExample> Paragraphs(CueLexicon lexicon, int hashBits, IEnumerable<CorpusDocument> documents, EmbeddingCache cache, Action<string>? log = null)
    {
        var featurizer = new ExampleFeaturizer(new FeatureExtractor(lexicon, hashBits));
        return AttachMeans(featurizer.CorpusParagraphs(documents), cache, log);
    }

    /// <summary>Sets each paragraph's <see cref="SparseExample.Dense"/> to the mean embedding of its sentences, summed in order as the analyzer does.</summary>
    public static List<SparseExample> AttachMeans(IReadOnlyList<SparseExample> paragraphs, EmbeddingCache cache, Action<string>? log = null)
    {
        IReadOnlyDictionary<string, float[]> vectors = cache.Get(paragraphs.SelectMany(p => p.ParagraphTexts), log);
        int d = cache.Dimension;
        var result = new List<SparseExample>(paragraphs.Count);
        foreach (SparseExample p in paragraphs)
        {
            var mean = new float[d];
            foreach (string text in p.ParagraphTexts)
            {
                EmbeddingFeatures.AddEmbedding(vectors[text], mean);
            }
            EmbeddingFeatures.ToMean(mean, p.ParagraphTexts.Count);
            result.Add(p with { Dense = mean });
        }
        return result;
    }

    /// <summary>Each paragraph's fold (by document).</summary>
    public static int[] FoldsOf(IReadOnlyList<SparseExample> paragraphs) => [.. paragraphs.Select((p, i) => AccurateTrainer.FoldOf(p, i, Folds))];

    /// <summary>The fast criteria layer's probabilities for each paragraph, from a layer trained without the paragraph's fold.</summary>
    public static float[][] OutOfFoldProbabilities(IReadOnlyList<SparseExample> paragraphs, int[] fold, int hashBits, float l1, float l2, int seed)
    {
        var result = new float[paragraphs.Count][];
        for (int k = 0; k < Folds; k++)
        {
            List<SparseExample> train = [.. paragraphs.Where((_, i) => fold[i] != k)];
            (LinearLayer layer, _) = MlNetLayers.TrainCriteria(new MLContext(seed), train, 1 << hashBits, l1, l2);
            for (int i = 0; i < paragraphs.Count; i++)
            {
                if (fold[i] == k)
                {
                    result[i] = new float[ReflectiveTaxonomy.CriterionCount];
                    layer.Evaluate(paragraphs[i].Indices, paragraphs[i].Values, result[i]);
                }
            }
        }
        return result;
    }

    /// <summary>The head's input rows (dense, as sparse examples over every index) with the gold criteria.</summary>
    public static List<SparseExample> HeadRows(IReadOnlyList<SparseExample> paragraphs, float[][] fastProbabilities)
    {
        var rows = new List<SparseExample>(paragraphs.Count);
        for (int i = 0; i < paragraphs.Count; i++)
        {
            SparseExample p = paragraphs[i];
            var values = new float[ReflectiveTaxonomy.CriterionCount + p.Dense.Length];
            EmbeddingFeatures.ComposeCriteriaHeadInputs(fastProbabilities[i], p.Dense, values);
            rows.Add(new SparseExample([.. Enumerable.Range(0, values.Length)], values, 0, 1f, false, p.Source) { Criteria = p.Criteria });
        }
        return rows;
    }

    /// <summary>Trains the head on <paramref name="rows"/> (see <see cref="HeadRows"/>) and exports it as the core's sigmoid layer.</summary>
    public static (LinearLayer Layer, List<ITransformer> Models) TrainHead(MLContext ml, IReadOnlyList<SparseExample> rows, float l2)
    {
        int inputs = rows[0].Values.Length;
        (LinearLayer layer, List<ITransformer> models) = MlNetLayers.TrainCriteria(ml, rows, inputs, 0f, l2);
        return (new LinearLayer(ReflectionModel.CriteriaHeadName, Activation.Sigmoid, layer.Labels, inputs, layer.Bias, layer.Weights), models);
    }

    /// <summary>The head's probabilities for one row, through the core's code.</summary>
    public static float[] Predict(LinearLayer head, float[] fastProbabilities, float[] meanEmbedding)
    {
        var p = new float[ReflectiveTaxonomy.CriterionCount];
        EmbeddingFeatures.EvaluateCriteriaHead(head, fastProbabilities, meanEmbedding, p);
        return p;
    }

    /// <summary>Cross-validates the head over <see cref="L2Grid"/>, compares with the fast layer's out-of-fold figure, and trains the head on all rows when it wins.</summary>
    public static CriteriaHeadResult Train(IReadOnlyList<SparseExample> paragraphs, int hashBits, float fastL1, float fastL2, int seed, Action<string> log)
    {
        int[] fold = FoldsOf(paragraphs);
        float[][] fast = OutOfFoldProbabilities(paragraphs, fold, hashBits, fastL1, fastL2, seed);
        List<bool[]> gold = [.. paragraphs.Select(p => p.Criteria)];
        var fastCv = new CriteriaMetrics(gold, fast);
        List<SparseExample> rows = HeadRows(paragraphs, fast);
        var search = new StringBuilder();
        CriteriaMetrics? bestMetrics = null;
        float bestL2 = L2Grid[0];
        foreach (float l2 in L2Grid)
        {
            var predicted = new float[paragraphs.Count][];
            for (int k = 0; k < Folds; k++)
            {
                (LinearLayer head, _) = TrainHead(new MLContext(seed), [.. rows.Where((_, i) => fold[i] != k)], l2);
                for (int i = 0; i < paragraphs.Count; i++)
                {
                    if (fold[i] == k)
                    {
                        predicted[i] = Predict(head, fast[i], paragraphs[i].Dense);
                    }
                }
            }
            var metrics = new CriteriaMetrics(gold, predicted);
            string line = FormattableString.Invariant($"  criteria head L2={l2}: {Folds}-fold CV macro-F1 {metrics.MacroF1:F3} ({string.Join(", ", metrics.Criteria.Select(c => c.F1.ToString("F3", CultureInfo.InvariantCulture)))})\n");
            log(line.TrimEnd());
            search.Append(line);
            if (bestMetrics is null || metrics.MacroF1 > bestMetrics.MacroF1)
            {
                bestMetrics = metrics;
                bestL2 = l2;
            }
        }
        LinearLayer? shipped = bestMetrics!.MacroF1 > fastCv.MacroF1 ? TrainHead(new MLContext(seed), rows, bestL2).Layer : null;
        var result = new CriteriaHeadResult(shipped, bestL2, fastCv, bestMetrics, search.ToString());
        log(result.Summary());
        return result;
    }
}
