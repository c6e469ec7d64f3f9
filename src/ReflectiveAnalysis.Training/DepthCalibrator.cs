using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ReflectiveAnalysis.Analysis;
using ReflectiveAnalysis.Models;

namespace ReflectiveAnalysis.Training;

/// <summary>Agreement between predicted and gold depth.</summary>
/// <param name="Dataset">What was evaluated.</param>
/// <param name="Count">Number of items.</param>
/// <param name="ExactAgreement">Share of items whose predicted level equals the gold level.</param>
/// <param name="WithinOne">Share whose predicted level is at most one level away.</param>
/// <param name="QuadraticWeightedKappa">Cohen's kappa with quadratic weights over the four levels.</param>
/// <param name="Spearman">Spearman rank correlation of the predicted score with the gold score (or level).</param>
/// <param name="MeanAbsoluteError">Mean absolute error of the score, in points (NaN when only levels are labelled).</param>
public sealed record DepthMetrics(string Dataset, int Count, double ExactAgreement, double WithinOne, double QuadraticWeightedKappa, double Spearman, double MeanAbsoluteError)
{
    /// <summary>One line of text.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture,
        $"{Dataset} ({Count}): exact {ExactAgreement:P1}, within one {WithinOne:P1}, QWK {QuadraticWeightedKappa:F3}, Spearman {Spearman:F3}{(double.IsNaN(MeanAbsoluteError) ? "" : $", MAE {MeanAbsoluteError:F1} points")}");

    /// <summary>Computes the metrics from gold and predicted levels and scores.</summary>
    public static DepthMetrics Compute(string dataset, IReadOnlyList<int> goldLevels, IReadOnlyList<int> predictedLevels, IReadOnlyList<double> goldScores, IReadOnlyList<double> predictedScores, bool scoresLabelled)
    {
        int n = goldLevels.Count;
        if (n == 0)
        {
            return new DepthMetrics(dataset, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        double exact = Enumerable.Range(0, n).Count(i => goldLevels[i] == predictedLevels[i]) / (double)n;
        double withinOne = Enumerable.Range(0, n).Count(i => Math.Abs(goldLevels[i] - predictedLevels[i]) <= 1) / (double)n;
        double mae = scoresLabelled ? Enumerable.Range(0, n).Average(i => Math.Abs(goldScores[i] - predictedScores[i])) : double.NaN;
        return new DepthMetrics(dataset, n, exact, withinOne, Qwk(goldLevels, predictedLevels), SpearmanCorrelation(goldScores, predictedScores), mae);
    }

    /// <summary>Quadratic-weighted kappa over levels 0-3.</summary>
    public static double Qwk(IReadOnlyList<int> gold, IReadOnlyList<int> predicted)
    {
        const int K = 4;
        int n = gold.Count;
        var observed = new double[K, K];
        var goldHist = new double[K];
        var predHist = new double[K];
        for (int i = 0; i < n; i++)
        {
            observed[gold[i], predicted[i]]++;
            goldHist[gold[i]]++;
            predHist[predicted[i]]++;
        }
        double numerator = 0, denominator = 0;
        for (int a = 0; a < K; a++)
        {
            for (int b = 0; b < K; b++)
            {
                double weight = (a - b) * (a - b) / (double)((K - 1) * (K - 1));
                numerator += weight * observed[a, b];
                denominator += weight * goldHist[a] * predHist[b] / n;
            }
        }
        return denominator == 0 ? 1 : 1 - (numerator / denominator);
    }

    /// <summary>Spearman's rank correlation with average ranks for ties.</summary>
    public static double SpearmanCorrelation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double[] rx = Ranks(x), ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    private static double[] Ranks(IReadOnlyList<double> values)
    {
        int[] order = [.. Enumerable.Range(0, values.Count).OrderBy(i => values[i])];
        var ranks = new double[values.Count];
        int k = 0;
        while (k < order.Length)
        {
            int end = k;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[k]])
            {
                end++;
            }
            double rank = (k + end) / 2.0 + 1;
            for (int j = k; j <= end; j++)
            {
                ranks[order[j]] = rank;
            }
            k = end + 1;
        }
        return ranks;
    }
}

/// <summary>A fitted depth layer and how well it did in cross-validation.</summary>
/// <param name="Layer">The layer, fitted on all the given documents.</param>
/// <param name="CrossValidatedRmse">The chosen shrinkage's 5-fold cross-validated score error on the statements, in points.</param>
/// <param name="ReferenceRmse">The reference layer's score error on the same statements (NaN without one).</param>
internal sealed record DepthFit(LinearLayer Layer, double CrossValidatedRmse, double ReferenceRmse);

/// <summary>Depth agreement of a model on statements and on paragraphs.</summary>
/// <param name="Statements">Whole statements: gold level and score against the report's depth.</param>
/// <param name="Paragraphs">Paragraphs: gold level against the paragraph depth in the report.</param>
public sealed record DepthEvaluation(DepthMetrics Statements, DepthMetrics Paragraphs)
{
    /// <summary>Both lines of text.</summary>
    public string Format() => $"depth, statements: {Statements.Format()}\ndepth, paragraphs: {Paragraphs.Format()}\n";
}

/// <summary>
/// Calibrates the depth scorer's signal weights against the labelled statements (and, with less weight, the
/// labelled paragraphs) of the corpus's train split: a ridge regression of the gold score on the scorer's signals,
/// shrunk towards the hand-set points, with weights kept non-negative (so more reflection never costs points) and
/// the shrinkage chosen by 5-fold cross-validation over the train statements. The result is the model's
/// <c>depth</c> layer.
/// </summary>
public static class DepthCalibrator
{
    /// <summary>Number of cross-validation (and cross-fitting) folds, assigned by document position.</summary>
    internal const int Folds = 5;

    private const double ParagraphWeight = 0.2;
    private static readonly double[] s_lambdas = [0.3, 1, 3, 10, 30, 100, 300];
    private static readonly double[] s_bandMidpoints = [12, 37, 62, 87];

    /// <summary>
    /// Fits the depth layer on train documents, each measured with the model given beside it (cross-fitted layers that
    /// never saw that document); <paramref name="log"/> receives the cross-validation results. With
    /// <paramref name="reference"/>, the same statements are also scored with that fixed layer, so a caller can tell
    /// whether refitting beats reusing it.
    /// </summary>
    internal static DepthFit Fit(IReadOnlyList<(CorpusDocument Document, ReflectionModel Model)> trainDocuments, Action<string>? log = null,
        ISentenceEncoder? encoder = null, LinearLayer? reference = null)
    {
        ArgumentNullException.ThrowIfNull(trainDocuments);
        List<(double[] X, double Y, double Weight, bool Statement, int Document)> examples = Examples(trainDocuments, encoder);
        int statements = examples.Count(e => e.Statement);
        double bestLambda = s_lambdas[0];
        double bestError = double.MaxValue;
        foreach (double lambda in s_lambdas)
        {
            // Five deterministic folds by document: a held-out statement's paragraphs are held out with it.
            double error = 0;
            List<int> goldLevels = [], predictedLevels = [];
            for (int fold = 0; fold < Folds; fold++)
            {
                var train = new List<(double[] X, double Y, double Weight, bool Statement, int Document)>();
                var held = new List<(double[] X, double Y, double Weight, bool Statement, int Document)>();
                for (int i = 0; i < examples.Count; i++)
                {
                    (FoldOf(examples[i].Document) == fold ? held : train).Add(examples[i]);
                }
                (double bias, double[] w) = Solve(train, lambda);
                error += Score(held, bias, w, goldLevels, predictedLevels);
            }
            double withinOne = WithinOne(goldLevels, predictedLevels);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"depth: lambda {lambda}: 5-fold CV on {statements} train statements: RMSE {Math.Sqrt(error / statements):F2} points, QWK {DepthMetrics.Qwk(goldLevels, predictedLevels):F3}, within one {withinOne:P1}"));
            if (error < bestError)
            {
                bestError = error;
                bestLambda = lambda;
            }
        }
        (double b, double[] weights) = Solve(examples, bestLambda);
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"depth: lambda {bestLambda} chosen; bias {b:F1}; weights {string.Join(", ", weights.Select((x, i) => $"{DepthScorer.SignalNames[i]} {x:F1}"))}"));
        double referenceRmse = double.NaN;
        if (reference is not null)
        {
            List<int> goldLevels = [], predictedLevels = [];
            double error = Score(examples, reference.Bias[0], [.. reference.Weights.ToArray().Select(v => (double)v)], goldLevels, predictedLevels);
            referenceRmse = Math.Sqrt(error / statements);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"depth: the reference layer, unchanged, on the same {statements} statements: RMSE {referenceRmse:F2} points, QWK {DepthMetrics.Qwk(goldLevels, predictedLevels):F3}, within one {WithinOne(goldLevels, predictedLevels):P1}"));
        }
        var layer = new LinearLayer(ReflectionModel.DepthLayerName, Activation.Identity, ["score"], DepthScorer.SignalCount, [(float)b], [.. weights.Select(x => (float)x)]);
        return new DepthFit(layer, Math.Sqrt(bestError / statements), referenceRmse);
    }

    /// <summary>Squared score error summed over the statements among <paramref name="examples"/>; their gold and predicted levels are appended.</summary>
    private static double Score(IEnumerable<(double[] X, double Y, double Weight, bool Statement, int Document)> examples, double bias, double[] w, List<int> goldLevels, List<int> predictedLevels)
    {
        double error = 0;
        foreach (var e in examples.Where(e => e.Statement))
        {
            double predicted = Math.Clamp(Math.Round(Predict(bias, w, e.X), MidpointRounding.AwayFromZero), 0, 100);
            error += Math.Pow(e.Y - predicted, 2);
            goldLevels.Add(DepthAssessment.LevelFor((int)e.Y));
            predictedLevels.Add(DepthAssessment.LevelFor((int)predicted));
        }
        return error;
    }

    private static double WithinOne(List<int> gold, List<int> predicted) =>
        gold.Zip(predicted).Count(p => Math.Abs(p.First - p.Second) <= 1) / (double)Math.Max(1, gold.Count);

    private static int FoldOf(int index) => index % Folds;

    /// <summary>Measures statement and paragraph depth agreement of <paramref name="model"/> on <paramref name="documents"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="documents">The labelled documents.</param>
    /// <param name="name">What they are, for the report.</param>
    /// <param name="encoder">The sentence encoder a model with a category head needs (ignored otherwise).</param>
    public static DepthEvaluation Evaluate(ReflectionModel model, IEnumerable<CorpusDocument> documents, string name, ISentenceEncoder? encoder = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var analyzer = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { Model = model, SentenceEncoder = encoder });
        List<int> goldLevels = [], predictedLevels = [], paragraphGold = [], paragraphPredicted = [];
        List<double> goldScores = [], predictedScores = [], paragraphGoldScores = [], paragraphScores = [];
        foreach (CorpusDocument document in documents)
        {
            ReflectionReport report = analyzer.Analyze(document.Text);
            if (document.DepthLevel is { } level && document.DepthScore is { } score)
            {
                goldLevels.Add(level);
                goldScores.Add(score);
                predictedLevels.Add(report.Depth.Level);
                predictedScores.Add(report.Depth.Score);
            }
            foreach ((CorpusParagraph gold, ParagraphReport predicted) in MatchParagraphs(document, report))
            {
                paragraphGold.Add(gold.Depth);
                paragraphGoldScores.Add(gold.Depth);
                paragraphPredicted.Add(predicted.Depth.Level);
                paragraphScores.Add(predicted.Depth.Score);
            }
        }
        return new DepthEvaluation(
            DepthMetrics.Compute($"{name} statements", goldLevels, predictedLevels, goldScores, predictedScores, scoresLabelled: true),
            DepthMetrics.Compute($"{name} paragraphs", paragraphGold, paragraphPredicted, paragraphGoldScores, paragraphScores, scoresLabelled: false));
    }

    private static List<(double[] X, double Y, double Weight, bool Statement, int Document)> Examples(IReadOnlyList<(CorpusDocument Document, ReflectionModel Model)> documents, ISentenceEncoder? encoder)
    {
        // Signals do not depend on the depth layer, so a model with category and criteria layers alone measures them.
        var analyzers = new Dictionary<ReflectionModel, ReflectionAnalyzer>();
        var examples = new List<(double[] X, double Y, double Weight, bool Statement, int Document)>();
        int index = 0;
        foreach ((CorpusDocument document, ReflectionModel model) in documents)
        {
            if (!analyzers.TryGetValue(model, out ReflectionAnalyzer? analyzer))
            {
                analyzer = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { Model = model, SentenceEncoder = model.CategoryHead is null ? null : encoder });
                analyzers.Add(model, analyzer);
            }
            ReflectionReport report = analyzer.Analyze(document.Text);
            if (document.DepthScore is { } score)
            {
                examples.Add(([.. DepthScorer.MeasureDocument(report).Select(v => (double)v)], score, 1.0, true, index));
            }
            foreach ((CorpusParagraph gold, ParagraphReport predicted) in MatchParagraphs(document, report))
            {
                examples.Add(([.. DepthScorer.MeasureParagraph(report, predicted).Select(v => (double)v)], s_bandMidpoints[gold.Depth], ParagraphWeight, false, index));
            }
            index++;
        }
        return examples;
    }

    /// <summary>Pairs each gold paragraph with the report paragraph that has the same span.</summary>
    private static IEnumerable<(CorpusParagraph Gold, ParagraphReport Predicted)> MatchParagraphs(CorpusDocument document, ReflectionReport report)
    {
        var bySpan = report.Paragraphs.Where(p => p.Kind != ParagraphKind.Heading).ToDictionary(p => (p.Start, p.Length));
        foreach (CorpusParagraph paragraph in document.Paragraphs)
        {
            if (bySpan.TryGetValue((paragraph.Start, paragraph.Length), out ParagraphReport? predicted))
            {
                yield return (paragraph, predicted);
            }
        }
    }

    private static double Predict(double bias, double[] w, double[] x)
    {
        double y = bias;
        for (int j = 0; j < w.Length; j++)
        {
            y += w[j] * x[j];
        }
        return y;
    }

    /// <summary>Weighted ridge towards the hand-set points with non-negative weights, by coordinate descent (convex, so it converges).</summary>
    private static (double Bias, double[] Weights) Solve(List<(double[] X, double Y, double Weight, bool Statement, int Document)> examples, double lambda)
    {
        int d = DepthScorer.SignalCount;
        double[] prior = [.. DepthScorer.DefaultWeights.ToArray().Select(v => (double)v)];
        double[] w = [.. prior];
        double bias = 0;
        double totalWeight = examples.Sum(e => e.Weight);
        for (int sweep = 0; sweep < 500; sweep++)
        {
            bias = examples.Sum(e => e.Weight * (e.Y - Predict(0, w, e.X))) / totalWeight;
            double change = 0;
            for (int j = 0; j < d; j++)
            {
                double numerator = lambda * prior[j];
                double denominator = lambda;
                foreach ((double[] x, double y, double weight, _, _) in examples)
                {
                    double residual = y - Predict(bias, w, x) + (w[j] * x[j]);
                    numerator += weight * x[j] * residual;
                    denominator += weight * x[j] * x[j];
                }
                double updated = Math.Max(0, numerator / denominator);
                change = Math.Max(change, Math.Abs(updated - w[j]));
                w[j] = updated;
            }
            if (change < 1e-6)
            {
                break;
            }
        }
        return (bias, w);
    }

    /// <summary>Adds (or replaces) the depth layer of a model.</summary>
    internal static ModelContents WithDepth(ModelContents contents, LinearLayer depth) =>
        contents with { Layers = [.. contents.Layers.Where(l => l.Name != ReflectionModel.DepthLayerName), depth] };

    /// <summary>Text summary of a fitted layer.</summary>
    public static string Describe(ReflectionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.DepthLayer is not { } layer)
        {
            return "depth: hand-set weights";
        }
        var b = new StringBuilder("depth weights: ");
        b.Append(CultureInfo.InvariantCulture, $"bias {layer.Bias[0]:F1}");
        for (int i = 0; i < DepthScorer.SignalCount; i++)
        {
            b.Append(CultureInfo.InvariantCulture, $", {DepthScorer.SignalNames[i]} {layer.Weights[i]:F1}");
        }
        return b.ToString();
    }
}
