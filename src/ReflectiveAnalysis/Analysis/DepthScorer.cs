using System.Collections.Immutable;
using System.Globalization;
using ReflectiveAnalysis.Lexicons;

namespace ReflectiveAnalysis.Analysis;

/// <summary>
/// Scores reflection depth (Hatton &amp; Smith levels and a 0-100 score) from what the sentences do. Each signal
/// earns points, is named in the rationale, and points at the sentences that earned it:
/// <list type="table">
/// <item><term>analysis and evaluation</term><description>up to 45: the share of analytical sentences plus 1.5 times the share of evaluative ones, full marks at 0.6</description></item>
/// <item><term>perspectives weighed</term><description>10: a perspective sentence</description></item>
/// <item><term>learning stated</term><description>10: a learning sentence</description></item>
/// <item><term>future action</term><description>7: an intention sentence</description></item>
/// <item><term>self-questioning</term><description>6: a question the writer asks of their own practice</description></item>
/// <item><term>theory or evidence</term><description>6: a link to a model, framework or the literature</description></item>
/// <item><term>wider context</term><description>up to 8: coverage of the wider professional context, full marks at 20% of the words</description></item>
/// <item><term>reasons given</term><description>4: two or more causal explanations</description></item>
/// <item><term>difficulties faced</term><description>4: a difficulty acknowledged</description></item>
/// </list>
/// The level is the band the score falls in (0-24, 25-49, 50-74, 75-100).
/// </summary>
internal static class DepthScorer
{
    private const int MaxEvidence = 8;

    public static DepthAssessment Assess(DocumentView document, CueLexicon lexicon)
    {
        var rationale = ImmutableArray.CreateBuilder<string>();
        var evidence = new SortedSet<int>();
        int judged = 0, analytical = 0, evaluative = 0;
        int firstPerspective = -1, firstLearning = -1, firstIntention = -1, firstQuestion = -1, firstTheory = -1, firstDifficulty = -1;
        int causal = 0;
        var causalSentences = new List<int>();

        foreach (SentenceReport sentence in document.Sentences)
        {
            if (document.IsHeading(sentence.Index))
            {
                continue;
            }
            judged++;
            switch (sentence.Mode)
            {
                case ReflectiveMode.Analytical: analytical++; break;
                case ReflectiveMode.Evaluative: evaluative++; break;
            }
            switch (sentence.Category)
            {
                case ReflectiveCategory.Perspective: First(ref firstPerspective, sentence.Index); break;
                case ReflectiveCategory.Learning: First(ref firstLearning, sentence.Index); break;
                case ReflectiveCategory.Intention: First(ref firstIntention, sentence.Index); break;
                case ReflectiveCategory.Difficulty: First(ref firstDifficulty, sentence.Index); break;
            }
            if (sentence.Text.TrimEnd().EndsWith('?') && sentence.Mode != ReflectiveMode.Descriptive)
            {
                First(ref firstQuestion, sentence.Index);
            }
            foreach (CueReport cue in sentence.Cues)
            {
                switch (cue.Cue)
                {
                    case "self-question": First(ref firstQuestion, sentence.Index); break;
                    case "theory": First(ref firstTheory, sentence.Index); break;
                    case "causal":
                        causal++;
                        if (causalSentences.Count < 2)
                        {
                            causalSentences.Add(sentence.Index);
                        }
                        break;
                }
            }
        }

        if (judged == 0)
        {
            return new DepthAssessment { Level = 0, Label = DepthAssessment.LabelFor(0), Score = 0, Rationale = ["The text has headings but no sentences to judge."] };
        }

        double score = 0;
        double analyticalShare = (double)analytical / judged;
        double evaluativeShare = (double)evaluative / judged;
        double engagement = Math.Min(1.0, (analyticalShare + 1.5 * evaluativeShare) / 0.6);
        double points = 45 * engagement;
        score += points;
        rationale.Add(Say($"Analysis and evaluation: {Percent(analyticalShare)} of sentences analyse and {Percent(evaluativeShare)} evaluate ({points:0} of 45 points)."));
        AddStrongest(document, evidence, ReflectiveMode.Evaluative, 2);
        AddStrongest(document, evidence, ReflectiveMode.Analytical, 2);

        score += Signal(firstPerspective, 10, "Other perspectives are weighed", "No one else's point of view is considered", rationale, evidence);
        score += Signal(firstLearning, 10, "Learning is stated", "No learning is stated", rationale, evidence);
        score += Signal(firstIntention, 7, "Future action is planned", "No future action is planned", rationale, evidence);
        score += Signal(firstQuestion, 6, "The writer questions their own practice", null, rationale, evidence);
        score += Signal(firstTheory, 6, "Practice is linked to theory, models or the literature", null, rationale, evidence);
        score += Signal(firstDifficulty, 4, "Difficulties are faced, not skipped", null, rationale, evidence);

        double wider = document.Coverage.WiderProfessionalContext;
        double widerPoints = 8 * Math.Min(1.0, wider / 0.2);
        if (widerPoints > 0)
        {
            score += widerPoints;
            rationale.Add(Say($"The wider professional context is addressed ({Percent(wider)} of words; {widerPoints:0} of 8 points)."));
        }
        else
        {
            rationale.Add("The wider professional context is not addressed (0 of 8 points).");
        }

        if (causal >= 2)
        {
            score += 4;
            rationale.Add(Say($"Reasons are given: {causal} causal explanations (4 points)."));
            foreach (int s in causalSentences)
            {
                evidence.Add(s);
            }
        }

        int rounded = (int)Math.Clamp(Math.Round(score, MidpointRounding.AwayFromZero), 0, 100);
        int level = DepthAssessment.LevelFor(rounded);
        return new DepthAssessment
        {
            Level = level,
            Label = DepthAssessment.LabelFor(level),
            Score = rounded,
            Rationale = rationale.ToImmutable(),
            Evidence = [.. evidence.Take(MaxEvidence)],
        };
    }

    private static void First(ref int slot, int index)
    {
        if (slot < 0)
        {
            slot = index;
        }
    }

    private static double Signal(int sentence, int points, string present, string? absent, ImmutableArray<string>.Builder rationale, SortedSet<int> evidence)
    {
        if (sentence >= 0)
        {
            rationale.Add(Say($"{present} (sentence {sentence + 1}; {points} points)."));
            evidence.Add(sentence);
            return points;
        }
        if (absent is not null)
        {
            rationale.Add(Say($"{absent} (0 of {points} points)."));
        }
        return 0;
    }

    private static void AddStrongest(DocumentView document, SortedSet<int> evidence, ReflectiveMode mode, int count)
    {
        foreach (SentenceReport sentence in document.Sentences.Where(s => s.Mode == mode).OrderByDescending(s => s.Confidence).ThenBy(s => s.Index).Take(count))
        {
            evidence.Add(sentence.Index);
        }
    }

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Say(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
