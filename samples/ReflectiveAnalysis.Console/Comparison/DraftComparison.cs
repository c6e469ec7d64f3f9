using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace ReflectiveAnalysis.Console.Comparison;

/// <summary>A paragraph of the old draft matched with one of the new draft.</summary>
/// <param name="OldParagraph">Index in the old report.</param>
/// <param name="NewParagraph">Index in the new report.</param>
/// <param name="Similarity">Word-set (Jaccard) similarity of the two paragraphs, 0-1.</param>
/// <param name="OldMode">The old paragraph's mode.</param>
/// <param name="NewMode">The new paragraph's mode.</param>
/// <param name="Excerpt">The first words of the new paragraph.</param>
public sealed record ParagraphChange(int OldParagraph, int NewParagraph, double Similarity, ReflectiveMode OldMode, ReflectiveMode NewMode, string Excerpt)
{
    /// <summary>Whether the paragraph moved towards analysis or evaluation.</summary>
    public bool Deepened => NewMode > OldMode;
}

/// <summary>What changed between two drafts of a statement.</summary>
public sealed record DraftComparison
{
    /// <summary>The old draft's report.</summary>
    public required ReflectionReport Old { get; init; }

    /// <summary>The new draft's report.</summary>
    public required ReflectionReport New { get; init; }

    /// <summary>Matched paragraphs whose mode changed, in the new draft's order.</summary>
    public ImmutableArray<ParagraphChange> ModeChanges { get; init; } = [];

    /// <summary>Number of matched (non-heading) paragraphs.</summary>
    public int Matched { get; init; }

    /// <summary>New-draft paragraphs with no counterpart in the old draft.</summary>
    public ImmutableArray<int> AddedParagraphs { get; init; } = [];

    /// <summary>Old-draft paragraphs with no counterpart in the new draft.</summary>
    public ImmutableArray<int> RemovedParagraphs { get; init; } = [];

    /// <summary>Feedback in the new draft with no counterpart in the old: new gaps.</summary>
    public ImmutableArray<FeedbackItem> NewGaps { get; init; } = [];

    /// <summary>Feedback in the old draft with no counterpart in the new: resolved gaps.</summary>
    public ImmutableArray<FeedbackItem> ResolvedGaps { get; init; } = [];
}

/// <summary>
/// Compares two drafts' reports. Paragraphs are matched by text similarity (Jaccard over lower-case word sets) plus a
/// small bonus for a similar relative position, greedily best-first, above <see cref="MatchThreshold"/>. Feedback
/// items are the same when they are of the same kind and say the same once quoted text and numbers are set aside
/// (the quotes change with the words), so "Only 12% addresses X" and "Only 30% addresses X" are one item.
/// </summary>
public static partial class DraftComparer
{
    /// <summary>Lowest combined score for two paragraphs to count as the same paragraph.</summary>
    public const double MatchThreshold = 0.3;

    /// <summary>Weight of relative position in the match score.</summary>
    public const double PositionWeight = 0.2;

    /// <summary>Compares <paramref name="oldReport"/> with <paramref name="newReport"/>.</summary>
    public static DraftComparison Compare(ReflectionReport oldReport, ReflectionReport newReport)
    {
        ArgumentNullException.ThrowIfNull(oldReport);
        ArgumentNullException.ThrowIfNull(newReport);
        int[] olds = Prose(oldReport);
        int[] news = Prose(newReport);
        HashSet<string>[] oldWords = olds.Select(p => Words(oldReport, p)).ToArray();
        HashSet<string>[] newWords = news.Select(p => Words(newReport, p)).ToArray();

        var candidates = new List<(double Score, double Similarity, int Old, int New)>();
        for (int i = 0; i < olds.Length; i++)
        {
            for (int j = 0; j < news.Length; j++)
            {
                double similarity = Jaccard(oldWords[i], newWords[j]);
                double position = 1 - Math.Abs(Relative(i, olds.Length) - Relative(j, news.Length));
                double score = ((1 - PositionWeight) * similarity) + (PositionWeight * position);
                if (score >= MatchThreshold && similarity > 0)
                {
                    candidates.Add((score, similarity, i, j));
                }
            }
        }
        candidates.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.New != b.New ? a.New.CompareTo(b.New) : a.Old.CompareTo(b.Old));
        var oldTaken = new bool[olds.Length];
        var newTaken = new bool[news.Length];
        var matches = new List<(int Old, int New, double Similarity)>();
        foreach (var c in candidates)
        {
            if (!oldTaken[c.Old] && !newTaken[c.New])
            {
                oldTaken[c.Old] = newTaken[c.New] = true;
                matches.Add((olds[c.Old], news[c.New], c.Similarity));
            }
        }
        matches.Sort((a, b) => a.New.CompareTo(b.New));

        var changes = matches
            .Where(m => oldReport.Paragraphs[m.Old].Mode != newReport.Paragraphs[m.New].Mode)
            .Select(m => new ParagraphChange(m.Old, m.New, Math.Round(m.Similarity, 2), oldReport.Paragraphs[m.Old].Mode, newReport.Paragraphs[m.New].Mode, Excerpt(newReport, m.New)))
            .ToImmutableArray();

        var oldKeys = oldReport.Feedback.Select(Key).ToHashSet(StringComparer.Ordinal);
        var newKeys = newReport.Feedback.Select(Key).ToHashSet(StringComparer.Ordinal);
        return new DraftComparison
        {
            Old = oldReport,
            New = newReport,
            ModeChanges = changes,
            Matched = matches.Count,
            AddedParagraphs = [.. news.Where((_, j) => !newTaken[j])],
            RemovedParagraphs = [.. olds.Where((_, i) => !oldTaken[i])],
            NewGaps = [.. newReport.Feedback.Where(f => f.Kind != FeedbackKind.Praise && !oldKeys.Contains(Key(f)))],
            ResolvedGaps = [.. oldReport.Feedback.Where(f => f.Kind != FeedbackKind.Praise && !newKeys.Contains(Key(f)))],
        };
    }

    /// <summary>The identity of a feedback item across drafts: its kind and its text without quotes and numbers.</summary>
    internal static string Key(FeedbackItem item) =>
        item.Kind + ":" + Numbers().Replace(Quoted().Replace(item.Text, "\u201C\u201D"), "#");

    private static int[] Prose(ReflectionReport report) =>
        [.. report.Paragraphs.Where(p => p.Kind != ParagraphKind.Heading).Select(p => p.Index)];

    private static HashSet<string> Words(ReflectionReport report, int paragraph)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (int s in report.Paragraphs[paragraph].Sentences)
        {
            foreach (Match m in Word().Matches(report.Sentences[s].Text))
            {
                words.Add(m.Value.ToLowerInvariant());
            }
        }
        return words;
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 0;
        }
        int common = a.Count(b.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    private static double Relative(int index, int count) => count <= 1 ? 0 : (double)index / (count - 1);

    private static string Excerpt(ReflectionReport report, int paragraph)
    {
        string text = report.Sentences[report.Paragraphs[paragraph].Sentences[0]].Text.Trim();
        string[] words = text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= 10 ? string.Join(' ', words) : string.Join(' ', words.Take(10)) + "\u2026";
    }

    // Non-backtracking: these run over user text (see SourceRulesTests).
    private const string QuotedPattern = @"\u201C[^\u201D]*\u201D";
    private const string NumbersPattern = @"\d[\d,.]*";
    private const string WordPattern = @"[\p{L}\p{N}']+";
    private static readonly Regex s_quoted = new(QuotedPattern, RegexOptions.NonBacktracking);
    private static readonly Regex s_numbers = new(NumbersPattern, RegexOptions.NonBacktracking);
    private static readonly Regex s_word = new(WordPattern, RegexOptions.NonBacktracking);

    private static Regex Quoted() => s_quoted;

    private static Regex Numbers() => s_numbers;

    private static Regex Word() => s_word;
}
