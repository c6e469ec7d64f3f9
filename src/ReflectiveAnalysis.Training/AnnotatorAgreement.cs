using System.Globalization;
using System.Text;

namespace ReflectiveAnalysis.Training;

/// <summary>Cohen's kappa and raw agreement of one criterion's presence between two annotators.</summary>
/// <param name="Criterion">The criterion.</param>
/// <param name="Agreement">Share of paragraphs on which both annotators agree whether it applies.</param>
/// <param name="Kappa">Cohen's kappa of that yes/no judgement.</param>
/// <param name="FirstCount">Paragraphs the first annotator assigned it to.</param>
/// <param name="SecondCount">Paragraphs the second annotator assigned it to.</param>
public sealed record CriterionAgreement(Criterion Criterion, double Agreement, double Kappa, int FirstCount, int SecondCount);

/// <summary>
/// How far two independent labellings of the same corpus documents agree: the human ceiling against which a model's
/// agreement with the first annotator should be read.
/// </summary>
/// <remarks>
/// The second labelling is treated as "predicted" and the first as "gold" in the tables, so precision and recall read
/// as "the second annotator's labels measured against the first's"; kappa is symmetric.
/// </remarks>
public sealed class AnnotatorAgreement
{
    private AnnotatorAgreement(int documents, ClassificationMetrics fine, ClassificationMetrics mode, ClassificationMetrics binary,
        IReadOnlyList<CriterionAgreement> criteria, CriteriaMetrics criteriaAsPredictions, DepthMetrics paragraphDepth, DepthMetrics statementDepth)
    {
        Documents = documents;
        Fine = fine;
        Mode = mode;
        Binary = binary;
        Criteria = criteria;
        CriteriaAsPredictions = criteriaAsPredictions;
        ParagraphDepth = paragraphDepth;
        StatementDepth = statementDepth;
    }

    /// <summary>Number of documents compared.</summary>
    public int Documents { get; }

    /// <summary>Sentence categories (nine).</summary>
    public ClassificationMetrics Fine { get; }

    /// <summary>Sentence modes (three).</summary>
    public ClassificationMetrics Mode { get; }

    /// <summary>Descriptive vs analytical or evaluative.</summary>
    public ClassificationMetrics Binary { get; }

    /// <summary>Per-criterion agreement on paragraphs.</summary>
    public IReadOnlyList<CriterionAgreement> Criteria { get; }

    /// <summary>The second annotator's criteria scored against the first's with the model's metrics (F1 per criterion).</summary>
    public CriteriaMetrics CriteriaAsPredictions { get; }

    /// <summary>Paragraph depth levels.</summary>
    public DepthMetrics ParagraphDepth { get; }

    /// <summary>Statement depth levels and scores.</summary>
    public DepthMetrics StatementDepth { get; }

    /// <summary>Compares two labellings of the same documents (matched by id; texts must be identical).</summary>
    /// <param name="first">The first annotator's documents (the corpus).</param>
    /// <param name="second">The second annotator's documents; every one must have a counterpart in <paramref name="first"/>.</param>
    /// <exception cref="ArgumentException">A second document has no counterpart, or its text, paragraphs or sentences differ.</exception>
    public static AnnotatorAgreement Compare(IReadOnlyList<CorpusDocument> first, IReadOnlyList<CorpusDocument> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (second.Count == 0)
        {
            throw new ArgumentException("The second labelling has no documents.", nameof(second));
        }
        var byId = first.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var goldFine = new List<int>();
        var otherFine = new List<int>();
        var goldCriteria = new List<bool[]>();
        var otherCriteria = new List<float[]>();
        var goldParagraphDepth = new List<int>();
        var otherParagraphDepth = new List<int>();
        var goldStatementLevel = new List<int>();
        var otherStatementLevel = new List<int>();
        var goldStatementScore = new List<double>();
        var otherStatementScore = new List<double>();
        foreach (CorpusDocument b in second.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            if (!byId.TryGetValue(b.Id, out CorpusDocument? a))
            {
                throw new ArgumentException($"Document '{b.Id}' of the second labelling is not in the first.", nameof(second));
            }
            if (a.Text != b.Text || a.Paragraphs.Count != b.Paragraphs.Count)
            {
                throw new ArgumentException($"Document '{b.Id}': the two labellings are of different texts.", nameof(second));
            }
            for (int p = 0; p < a.Paragraphs.Count; p++)
            {
                CorpusParagraph pa = a.Paragraphs[p], pb = b.Paragraphs[p];
                if (pa.Sentences.Count != pb.Sentences.Count)
                {
                    throw new ArgumentException($"Document '{b.Id}', paragraph {p + 1}: the two labellings split it into different sentences.", nameof(second));
                }
                for (int s = 0; s < pa.Sentences.Count; s++)
                {
                    goldFine.Add((int)pa.Sentences[s].Category);
                    otherFine.Add((int)pb.Sentences[s].Category);
                }
                var gold = new bool[ReflectiveTaxonomy.CriterionCount];
                var other = new float[ReflectiveTaxonomy.CriterionCount];
                for (int k = 0; k < gold.Length; k++)
                {
                    gold[k] = pa.Criteria.Contains((Criterion)k);
                    other[k] = pb.Criteria.Contains((Criterion)k) ? 1f : 0f;
                }
                goldCriteria.Add(gold);
                otherCriteria.Add(other);
                goldParagraphDepth.Add(pa.Depth);
                otherParagraphDepth.Add(pb.Depth);
            }
            if (a.DepthLevel is int levelA && b.DepthLevel is int levelB)
            {
                goldStatementLevel.Add(levelA);
                otherStatementLevel.Add(levelB);
                goldStatementScore.Add(a.DepthScore ?? 0);
                otherStatementScore.Add(b.DepthScore ?? 0);
            }
        }

        string[] fineLabels = [.. Enumerable.Range(0, ReflectiveTaxonomy.CategoryCount).Select(c => ReflectiveTaxonomy.ToName((ReflectiveCategory)c))];
        string[] modeLabels = [.. Enumerable.Range(0, 3).Select(m => ReflectiveTaxonomy.ToName((ReflectiveMode)m))];
        var fine = new ClassificationMetrics("fine (9 categories)", fineLabels, goldFine, otherFine);
        var mode = new ClassificationMetrics("mode (3)", modeLabels, Modes(goldFine), Modes(otherFine));
        var binary = new ClassificationMetrics("binary (descriptive vs analytical+evaluative)", ["descriptive", "reflective"], BinaryLabels(goldFine), BinaryLabels(otherFine));

        var criteria = new List<CriterionAgreement>();
        for (int k = 0; k < ReflectiveTaxonomy.CriterionCount; k++)
        {
            var ga = goldCriteria.Select(g => g[k] ? 1 : 0).ToArray();
            var gb = otherCriteria.Select(o => o[k] >= 0.5f ? 1 : 0).ToArray();
            var metrics = new ClassificationMetrics("presence", ["no", "yes"], ga, gb);
            criteria.Add(new CriterionAgreement((Criterion)k, metrics.Accuracy, metrics.Kappa, ga.Sum(), gb.Sum()));
        }

        DepthMetrics paragraphDepth = DepthMetrics.Compute("paragraph depth", goldParagraphDepth, otherParagraphDepth,
            [.. goldParagraphDepth.Select(d => (double)d)], [.. otherParagraphDepth.Select(d => (double)d)], scoresLabelled: false);
        DepthMetrics statementDepth = DepthMetrics.Compute("statement depth", goldStatementLevel, otherStatementLevel,
            goldStatementScore, otherStatementScore, scoresLabelled: true);
        return new AnnotatorAgreement(second.Count, fine, mode, binary, criteria, new CriteriaMetrics(goldCriteria, otherCriteria), paragraphDepth, statementDepth);
    }

    private static int[] Modes(List<int> categories) => [.. categories.Select(c => (int)ReflectiveTaxonomy.ModeOf((ReflectiveCategory)c))];

    private static int[] BinaryLabels(List<int> categories) => [.. categories.Select(c => ReflectiveTaxonomy.ModeOf((ReflectiveCategory)c) == ReflectiveMode.Descriptive ? 0 : 1)];

    /// <summary>All tables as plain text.</summary>
    public string Format()
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"== agreement of two annotators over {Documents} documents (rows: first annotator, columns: second) ==\n");
        b.Append(Fine.Format()).Append(Mode.Format()).Append(Binary.Format());
        b.Append(CultureInfo.InvariantCulture, $"criteria, per paragraph ({CriteriaAsPredictions.Count}):\n");
        foreach (CriterionAgreement c in Criteria)
        {
            b.Append(CultureInfo.InvariantCulture,
                $"  {ReflectiveTaxonomy.ToName(c.Criterion),-25} agreement {c.Agreement:P1} kappa {c.Kappa:F3} (first {c.FirstCount}, second {c.SecondCount})\n");
        }
        b.Append(CultureInfo.InvariantCulture, $"  second measured against first: macro-F1 {CriteriaAsPredictions.MacroF1:F3}");
        foreach (CriterionScores s in CriteriaAsPredictions.Criteria)
        {
            b.Append(CultureInfo.InvariantCulture, $", {ReflectiveTaxonomy.ToName(s.Criterion)} F1 {s.F1:F3}");
        }
        b.Append('\n');
        b.Append(ParagraphDepth.Format()).Append('\n');
        b.Append(StatementDepth.Format()).Append('\n');
        return b.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Format();
}
