using System.Collections.Immutable;
using System.Globalization;
using ReflectiveAnalysis.Models;

namespace ReflectiveAnalysis.Analysis;

/// <summary>
/// Scores reflection depth (Hatton &amp; Smith levels and a 0-100 score) from what the sentences do. Each of
/// <see cref="SignalCount"/> signals is measured as a number from 0 to 1, weighted, and summed; the rationale names
/// each signal with the points it earned and the evidence lists the sentences that earned them.
/// <list type="table">
/// <item><term>engagement</term><description>expected share of analytical sentences plus 1.5 times the expected share of evaluative ones, saturating at 0.6</description></item>
/// <item><term>perspective</term><description>someone else's view is weighed (expected perspective sentences, full at three)</description></item>
/// <item><term>learning</term><description>expected learning sentences, full at three</description></item>
/// <item><term>intention</term><description>expected intention sentences (future action), full at two</description></item>
/// <item><term>self-question</term><description>the writer questions their own practice, full at two</description></item>
/// <item><term>theory</term><description>links to a model, framework or the literature, full at two</description></item>
/// <item><term>wider-context</term><description>coverage of the wider professional context, saturating at 20% of the words</description></item>
/// <item><term>reasons</term><description>sentences giving causal explanations, full at four</description></item>
/// <item><term>difficulty</term><description>expected difficulty sentences, full at three</description></item>
/// <item><term>breadth</term><description>share of the three criteria addressed</description></item>
/// </list>
/// The weights are the model's calibrated <c>depth</c> layer when it has one (fitted to the labelled statements of
/// our corpus), otherwise <see cref="DefaultWeights"/>. The level is the band the score falls in (0-24, 25-49, 50-74, 75-100).
/// </summary>
internal static class DepthScorer
{
    public const int SignalCount = 10;
    private const int MaxEvidence = 8;

    /// <summary>Below this engagement value (a quarter of full) the rationale says there is little analysis, not that there is some.</summary>
    private const float LittleEngagement = 0.25f;

    private static readonly ReflectiveCategory[] s_categories = Enum.GetValues<ReflectiveCategory>();

    public static readonly ImmutableArray<string> SignalNames = ["engagement", "perspective", "learning", "intention", "self-question", "theory", "wider-context", "reasons", "difficulty", "breadth"];

    /// <summary>Hand-set points per signal, used when the model has no calibrated depth layer; they sum to 100.</summary>
    public static ReadOnlySpan<float> DefaultWeights => [45f, 10f, 10f, 7f, 6f, 6f, 8f, 4f, 4f, 0f];

    private static readonly string[] s_present =
    [
        "Analysis and evaluation",
        "Other perspectives are weighed",
        "Learning is stated",
        "Future action is planned",
        "The writer questions their own practice",
        "Practice is linked to theory, models or the literature",
        "The wider professional context is addressed",
        "Reasons are given",
        "Difficulties are faced, not skipped",
        "The criteria are covered broadly",
    ];

    private static readonly string?[] s_absent =
    [
        "There is little analysis or evaluation",
        "No one else's point of view is considered",
        "No learning is stated",
        "No future action is planned",
        null,
        null,
        "The wider professional context is not addressed",
        null,
        null,
        null,
    ];

    /// <summary>For the signals counted from category probabilities: what to say when sentences touch on it but none mainly does it.</summary>
    private static readonly string?[] s_partial =
    [
        null,
        "No sentence mainly weighs someone else's view, though some touch on one",
        "No sentence mainly states learning, though some touch on it",
        "No sentence mainly plans future action, though some touch on it",
        null,
        null,
        null,
        null,
        "No sentence mainly faces a difficulty, though some touch on one",
        null,
    ];

    /// <summary>How many sentences (or explanations) it takes for each signal to reach its full value.</summary>
    private static ReadOnlySpan<float> Saturation => [1f, 3f, 3f, 2f, 2f, 2f, 1f, 4f, 3f, 1f];

    /// <summary>The signals of a set of (non-heading) sentences, and for each the sentences that show it.</summary>
    /// <remarks>
    /// The engagement share and the perspective, learning, intention and difficulty counts are expected values: each
    /// sentence adds its probability of the category (or mode), not a whole 1 for its most probable one. A sentence the
    /// model is unsure about then counts in part, which makes the score less brittle to single misclassifications
    /// (chosen by cross-validation on the corpus train statements: RMSE 16.0 to 13.3 points). The anchors (evidence)
    /// stay the sentences whose most probable category is the one counted.
    /// </remarks>
    public static float[] Measure(IReadOnlyList<SentenceReport> sentences, double widerCoverage, int criteriaCovered, List<int>[]? anchors)
    {
        var values = new float[SignalCount];
        if (sentences.Count == 0)
        {
            return values;
        }
        Span<double> counts = stackalloc double[SignalCount];
        counts.Clear();
        double analytical = 0, evaluative = 0;
        foreach (SentenceReport sentence in sentences)
        {
            CategoryProbabilities p = sentence.Probabilities;
            (double a, double e) = ModeMass(p);
            analytical += a;
            evaluative += e;
            counts[1] += p.Perspective;
            counts[2] += p.Learning;
            counts[3] += p.Intention;
            counts[8] += p.Difficulty;
            switch (sentence.Category)
            {
                case ReflectiveCategory.Perspective: anchors?[1].Add(sentence.Index); break;
                case ReflectiveCategory.Learning: anchors?[2].Add(sentence.Index); break;
                case ReflectiveCategory.Intention: anchors?[3].Add(sentence.Index); break;
                case ReflectiveCategory.Difficulty: anchors?[8].Add(sentence.Index); break;
            }
            bool question = sentence.Mode != ReflectiveMode.Descriptive && sentence.Text.TrimEnd().EndsWith('?');
            bool theory = false, causal = false;
            foreach (CueReport cue in sentence.Cues)
            {
                switch (cue.Cue)
                {
                    case "self-question": question = true; break;
                    case "theory": theory = true; break;
                    case "causal": causal = true; break;
                }
            }
            if (question)
            {
                Count(counts, anchors, 4, sentence.Index);
            }
            if (theory)
            {
                Count(counts, anchors, 5, sentence.Index);
            }
            if (causal)
            {
                Count(counts, anchors, 7, sentence.Index);
            }
        }
        for (int i = 1; i < SignalCount; i++)
        {
            values[i] = (float)Math.Min(1.0, counts[i] / Saturation[i]);
        }
        double analyticalShare = analytical / sentences.Count;
        double evaluativeShare = evaluative / sentences.Count;
        values[0] = (float)Math.Min(1.0, (analyticalShare + 1.5 * evaluativeShare) / 0.6);
        values[6] = (float)Math.Min(1.0, widerCoverage / 0.2);
        values[9] = criteriaCovered / 3f;
        return values;
    }

    /// <summary>The expected shares of analytical and evaluative sentences (mean probability of each mode).</summary>
    private static (double Analytical, double Evaluative) ModeShares(IReadOnlyList<SentenceReport> sentences)
    {
        double analytical = 0, evaluative = 0;
        foreach (SentenceReport sentence in sentences)
        {
            (double a, double e) = ModeMass(sentence.Probabilities);
            analytical += a;
            evaluative += e;
        }
        return (analytical / sentences.Count, evaluative / sentences.Count);
    }

    /// <summary>A sentence's probability of analysing and of evaluating: its categories' probabilities summed by <see cref="ReflectiveTaxonomy.ModeOf"/>.</summary>
    private static (double Analytical, double Evaluative) ModeMass(CategoryProbabilities p)
    {
        double analytical = 0, evaluative = 0;
        foreach (ReflectiveCategory category in s_categories)
        {
            switch (ReflectiveTaxonomy.ModeOf(category))
            {
                case ReflectiveMode.Analytical: analytical += p[category]; break;
                case ReflectiveMode.Evaluative: evaluative += p[category]; break;
            }
        }
        return (analytical, evaluative);
    }

    private static void Count(Span<double> counts, List<int>[]? anchors, int signal, int sentence)
    {
        counts[signal]++;
        anchors?[signal].Add(sentence);
    }

    /// <summary>The signals of one paragraph: its own sentences, its wider-context probability and the criteria it addresses.</summary>
    public static float[] MeasureParagraph(IReadOnlyList<SentenceReport> sentences, CriteriaScores criteria)
    {
        int covered = Enum.GetValues<Criterion>().Count(k => criteria[k] >= 0.5);
        return Measure(sentences, criteria.WiderProfessionalContext >= 0.5 ? 1 : 0, covered, null);
    }

    /// <summary>The document signals of a finished report, exactly as <see cref="Assess"/> measures them.</summary>
    public static float[] MeasureDocument(ReflectionReport report)
    {
        var headings = new HashSet<int>(report.Paragraphs.Where(p => p.Kind == ParagraphKind.Heading).SelectMany(p => p.Sentences));
        SentenceReport[] judged = [.. report.Sentences.Where(s => !headings.Contains(s.Index))];
        return Measure(judged, report.Criteria.WiderProfessionalContext, CriteriaCovered(report.Criteria), null);
    }

    private static int CriteriaCovered(CriteriaScores coverage) => Enum.GetValues<Criterion>().Count(c => coverage[c] > 0);

    /// <summary>The signals of one paragraph of a finished report.</summary>
    public static float[] MeasureParagraph(ReflectionReport report, ParagraphReport paragraph) =>
        MeasureParagraph([.. paragraph.Sentences.Select(i => report.Sentences[i])], paragraph.Criteria);

    /// <summary>The 0-100 score of a set of signals.</summary>
    public static int Score(ReadOnlySpan<float> signals, LinearLayer? layer)
    {
        double score = layer?.Bias[0] ?? 0;
        for (int i = 0; i < SignalCount; i++)
        {
            score += signals[i] * Weight(layer, i);
        }
        return (int)Math.Clamp(Math.Round(score, MidpointRounding.AwayFromZero), 0, 100);
    }

    private static float Weight(LinearLayer? layer, int signal) => layer is null ? DefaultWeights[signal] : layer.Weights[signal];

    /// <summary>The depth of the whole document, with rationale and evidence.</summary>
    public static DepthAssessment Assess(DocumentView document, LinearLayer? layer)
    {
        SentenceReport[] judged = [.. document.Sentences.Where(s => !document.IsHeading(s.Index))];
        if (judged.Length == 0)
        {
            return new DepthAssessment { Level = 0, Label = DepthAssessment.LabelFor(0), Score = 0, Rationale = ["The text has headings but no sentences to judge."] };
        }
        var anchors = new List<int>[SignalCount];
        for (int i = 0; i < SignalCount; i++)
        {
            anchors[i] = [];
        }
        int covered = CriteriaCovered(document.Coverage);
        float[] signals = Measure(judged, document.Coverage.WiderProfessionalContext, covered, anchors);
        int score = Score(signals, layer);

        var rationale = ImmutableArray.CreateBuilder<string>();
        var evidence = new SortedSet<int>();
        (double analyticalShare, double evaluativeShare) = ModeShares(judged);
        for (int i = 0; i < SignalCount; i++)
        {
            float weight = Weight(layer, i);
            double points = signals[i] * weight;
            if (weight <= 0)
            {
                continue;
            }
            bool partialOnly = s_partial[i] is not null && anchors[i].Count == 0;
            if (partialOnly && points >= 0.05)
            {
                // Probability mass with no sentence that mainly does it: name it as a trace, not as a strength.
                rationale.Add(Say($"{s_partial[i]} ({points:0.#} of {weight:0.#} points)."));
            }
            else if (i == 0 && signals[i] < LittleEngagement)
            {
                rationale.Add(Say($"{s_absent[0]} (about {Percent(analyticalShare)} of the sentences analyse and {Percent(evaluativeShare)} evaluate; {points:0.#} of {weight:0.#} points)."));
            }
            else if (signals[i] > 0 && !partialOnly)
            {
                string detail = i switch
                {
                    0 => Say($"about {Percent(analyticalShare)} of the sentences analyse and {Percent(evaluativeShare)} evaluate"),
                    6 => Say($"{Percent(document.Coverage.WiderProfessionalContext)} of words"),
                    9 => Say($"{covered} of 3 criteria"),
                    _ => anchors[i].Count == 1 ? Say($"sentence {anchors[i][0] + 1}") : Say($"{anchors[i].Count} sentences, first {anchors[i][0] + 1}"),
                };
                rationale.Add(Say($"{s_present[i]} ({detail}; {points:0.#} of {weight:0.#} points)."));
                foreach (int s in anchors[i].Take(2))
                {
                    evidence.Add(s);
                }
            }
            else if (s_absent[i] is { } absent)
            {
                rationale.Add(Say($"{absent} ({points:0.#} of {weight:0.#} points)."));
            }
        }
        foreach (SentenceReport strongest in judged.Where(s => s.Mode != ReflectiveMode.Descriptive).OrderByDescending(s => s.Confidence).ThenBy(s => s.Index).Take(2))
        {
            evidence.Add(strongest.Index);
        }

        int level = DepthAssessment.LevelFor(score);
        return new DepthAssessment
        {
            Level = level,
            Label = DepthAssessment.LabelFor(level),
            Score = score,
            Rationale = rationale.ToImmutable(),
            Evidence = [.. evidence.Take(MaxEvidence)],
        };
    }

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Say(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
