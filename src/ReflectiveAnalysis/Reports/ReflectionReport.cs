using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReflectiveAnalysis;

/// <summary>
/// What the analyzer found in one text. Immutable. Serialises with <see cref="ToJson"/> to the documented
/// contract (<c>docs/report-schema.md</c>, schema version <see cref="CurrentSchemaVersion"/>): field names and enum
/// spellings are a public contract that other tools read.
/// </summary>
/// <threadsafety>Immutable, so safe to share between threads.</threadsafety>
public sealed record ReflectionReport
{
    /// <summary>The schema version this library writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Version of the JSON contract; <see cref="CurrentSchemaVersion"/> for reports made by this library.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Which model made the judgements.</summary>
    public required ModelInfo Model { get; init; }

    /// <summary>Words in the text, headings excluded.</summary>
    public int WordCount { get; init; }

    /// <summary>Number of sentences, headings included.</summary>
    public int SentenceCount { get; init; }

    /// <summary>Number of paragraphs, headings included.</summary>
    public int ParagraphCount { get; init; }

    /// <summary>How deep the reflection goes, with the reasons and the sentences behind them.</summary>
    public required DepthAssessment Depth { get; init; }

    /// <summary>Share of (non-heading) sentences in each mode; sums to 1, or all 0 for empty text.</summary>
    public required ModeShares Modes { get; init; }

    /// <summary>Document-level coverage of each criterion, 0-1: the share of words in paragraphs that address it.</summary>
    public required CriteriaScores Criteria { get; init; }

    /// <summary>
    /// Per criterion: share of words and of paragraphs that address it, the depth reached within it, and whether it
    /// is missing, thin, only descriptive or covered (schema 1 addition).
    /// </summary>
    public ImmutableArray<CriterionCoverage> CriteriaCoverage { get; init; } = [];

    /// <summary>The paragraphs, in order.</summary>
    public ImmutableArray<ParagraphReport> Paragraphs { get; init; } = [];

    /// <summary>The sentences, in order.</summary>
    public ImmutableArray<SentenceReport> Sentences { get; init; } = [];

    /// <summary>Mentor-style questions and comments, each triggered by something in this text.</summary>
    public ImmutableArray<FeedbackItem> Feedback { get; init; } = [];

    /// <summary>Serialises the report to the JSON contract (camelCase, enums as lower-case strings).</summary>
    /// <param name="indented">Whether to indent the output for people to read.</param>
    public string ToJson(bool indented = true) =>
        JsonSerializer.Serialize(this, indented ? ReportJsonContext.Indented.ReflectionReport : ReportJsonContext.Default.ReflectionReport);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The JSON is not a report.</exception>
    public static ReflectionReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, ReportJsonContext.Default.ReflectionReport)
            ?? throw new JsonException("The JSON holds null, not a report.");
    }
}

/// <summary>The model behind a report.</summary>
/// <param name="Name">Model name, e.g. <c>reflective-fast</c>.</param>
/// <param name="Version">Model version.</param>
public sealed record ModelInfo(string Name, string Version);

/// <summary>
/// Reflection depth after Hatton &amp; Smith (1995): 0 descriptive writing, 1 descriptive reflection,
/// 2 dialogic reflection, 3 critical reflection.
/// </summary>
public sealed record DepthAssessment
{
    /// <summary>Level 0-3.</summary>
    public int Level { get; init; }

    /// <summary><c>descriptive-writing</c>, <c>descriptive-reflection</c>, <c>dialogic-reflection</c> or <c>critical-reflection</c>.</summary>
    public required string Label { get; init; }

    /// <summary>Score 0-100; the level's band is 0-24, 25-49, 50-74 or 75-100.</summary>
    public int Score { get; init; }

    /// <summary>The signals that earned (or cost) the score, in words.</summary>
    public ImmutableArray<string> Rationale { get; init; } = [];

    /// <summary>Indexes of the sentences that earned the score.</summary>
    public ImmutableArray<int> Evidence { get; init; } = [];

    /// <summary>The label for a level.</summary>
    public static string LabelFor(int level) => level switch
    {
        0 => "descriptive-writing",
        1 => "descriptive-reflection",
        2 => "dialogic-reflection",
        3 => "critical-reflection",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Depth levels are 0-3."),
    };

    /// <summary>The level whose band holds a 0-100 score.</summary>
    public static int LevelFor(int score) => score switch
    {
        < 25 => 0,
        < 50 => 1,
        < 75 => 2,
        _ => 3,
    };
}

/// <summary>The depth of one paragraph.</summary>
/// <param name="Level">Level 0-3 (Hatton &amp; Smith).</param>
/// <param name="Score">Score 0-100.</param>
public sealed record ParagraphDepth(int Level, int Score);

/// <summary>How well a criterion is covered. JSON: <c>missing</c>, <c>thin</c>, <c>descriptive-only</c>, <c>covered</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CoverageStatus>))]
public enum CoverageStatus
{
    /// <summary>No paragraph addresses it.</summary>
    [JsonStringEnumMemberName("missing")]
    Missing = 0,

    /// <summary>Addressed by less than <see cref="ReflectionAnalyzerOptions.ThinCriterionShare"/> of the words.</summary>
    [JsonStringEnumMemberName("thin")]
    Thin = 1,

    /// <summary>Addressed, but no paragraph that does so gets past depth level 0 (descriptive writing).</summary>
    [JsonStringEnumMemberName("descriptive-only")]
    DescriptiveOnly = 2,

    /// <summary>Addressed with some analysis or evaluation.</summary>
    [JsonStringEnumMemberName("covered")]
    Covered = 3,
}

/// <summary>Coverage of one criterion across the document.</summary>
/// <param name="Criterion">The criterion.</param>
/// <param name="WordShare">Share of non-heading words in paragraphs that address it (probability at least 0.5).</param>
/// <param name="ParagraphShare">Share of non-heading paragraphs that address it.</param>
/// <param name="DepthLevel">Highest depth level reached by a paragraph that addresses it (0 when none does).</param>
/// <param name="Status">Missing, thin, descriptive only, or covered.</param>
public sealed record CriterionCoverage(Criterion Criterion, double WordShare, double ParagraphShare, int DepthLevel, CoverageStatus Status);

/// <summary>Share of sentences in each mode.</summary>
/// <param name="Descriptive">What happened.</param>
/// <param name="Analytical">Why, how, from whose view.</param>
/// <param name="Evaluative">So what changed, what next.</param>
public sealed record ModeShares(double Descriptive, double Analytical, double Evaluative);

/// <summary>A value 0-1 per criterion: a probability for a paragraph, coverage for a document.</summary>
/// <param name="PersonalPerformance">Personal performance.</param>
/// <param name="OrganisationalContext">Organisational context.</param>
/// <param name="WiderProfessionalContext">Wider professional context.</param>
public sealed record CriteriaScores(double PersonalPerformance, double OrganisationalContext, double WiderProfessionalContext)
{
    /// <summary>The value for one criterion.</summary>
    public double this[Criterion criterion] => criterion switch
    {
        Criterion.PersonalPerformance => PersonalPerformance,
        Criterion.OrganisationalContext => OrganisationalContext,
        Criterion.WiderProfessionalContext => WiderProfessionalContext,
        _ => throw new ArgumentOutOfRangeException(nameof(criterion)),
    };
}

/// <summary>A probability per category; they sum to 1.</summary>
public sealed record CategoryProbabilities(
    double Experience, double Feeling, double Belief, double Difficulty, double Perspective,
    double Reflection, double Learning, double Intention, double Other)
{
    /// <summary>The probability of one category.</summary>
    public double this[ReflectiveCategory category] => category switch
    {
        ReflectiveCategory.Experience => Experience,
        ReflectiveCategory.Feeling => Feeling,
        ReflectiveCategory.Belief => Belief,
        ReflectiveCategory.Difficulty => Difficulty,
        ReflectiveCategory.Perspective => Perspective,
        ReflectiveCategory.Reflection => Reflection,
        ReflectiveCategory.Learning => Learning,
        ReflectiveCategory.Intention => Intention,
        ReflectiveCategory.Other => Other,
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };
}

/// <summary>What kind of block a paragraph is. JSON: <c>prose</c>, <c>list</c>, <c>heading</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ParagraphKind>))]
public enum ParagraphKind
{
    /// <summary>Running text.</summary>
    [JsonStringEnumMemberName("prose")]
    Prose = 0,

    /// <summary>A bulleted or numbered list.</summary>
    [JsonStringEnumMemberName("list")]
    List = 1,

    /// <summary>A heading line.</summary>
    [JsonStringEnumMemberName("heading")]
    Heading = 2,
}

/// <summary>One paragraph.</summary>
public sealed record ParagraphReport
{
    /// <summary>Position in <see cref="ReflectionReport.Paragraphs"/>.</summary>
    public int Index { get; init; }

    /// <summary>Offset of the first character in the analysed text.</summary>
    public int Start { get; init; }

    /// <summary>Length in UTF-16 code units.</summary>
    public int Length { get; init; }

    /// <summary>Prose, list or heading.</summary>
    public ParagraphKind Kind { get; init; }

    /// <summary>The paragraph's dominant mode: evaluative when at least a quarter of its sentences evaluate, else analytical when at least a third analyse, else descriptive.</summary>
    public ReflectiveMode Mode { get; init; }

    /// <summary>Probability that the paragraph addresses each criterion (multi-label).</summary>
    public required CriteriaScores Criteria { get; init; }

    /// <summary>Depth of this paragraph alone: level 0-3 and score 0-100 (schema 1 addition).</summary>
    public required ParagraphDepth Depth { get; init; }

    /// <summary>
    /// Names of the top-level areas of CILIP's Professional Knowledge and Skills Base (PKSB) the paragraph touches,
    /// found by keyword; names only (schema 1 addition).
    /// </summary>
    public ImmutableArray<string> Pksb { get; init; } = [];

    /// <summary>Indexes of its sentences.</summary>
    public ImmutableArray<int> Sentences { get; init; } = [];

    /// <summary>
    /// The criterion named by the heading this paragraph sits under ("Organisational context", "Criterion 2"), which
    /// sets that criterion's probability to 1; null when no heading names one.
    /// </summary>
    public Criterion? HeadingCriterion { get; init; }
}

/// <summary>One sentence.</summary>
public sealed record SentenceReport
{
    /// <summary>Position in <see cref="ReflectionReport.Sentences"/>.</summary>
    public int Index { get; init; }

    /// <summary>Offset of the first character in the analysed text.</summary>
    public int Start { get; init; }

    /// <summary>Length in UTF-16 code units.</summary>
    public int Length { get; init; }

    /// <summary>The sentence's text, exactly as it stands in the analysed text.</summary>
    public required string Text { get; init; }

    /// <summary>Descriptive, analytical or evaluative; follows from <see cref="Category"/>.</summary>
    public ReflectiveMode Mode { get; init; }

    /// <summary>The most probable category.</summary>
    public ReflectiveCategory Category { get; init; }

    /// <summary>Probability of <see cref="Category"/>.</summary>
    public double Confidence { get; init; }

    /// <summary>Probability of every category.</summary>
    public required CategoryProbabilities Probabilities { get; init; }

    /// <summary>The cue phrases found in the sentence and what each is evidence for.</summary>
    public ImmutableArray<CueReport> Cues { get; init; } = [];

    /// <summary>
    /// The inputs that pushed hardest towards <see cref="Category"/>, strongest first, each with its span and its
    /// contribution to the category's score (schema 1 addition: explanations).
    /// </summary>
    public ImmutableArray<DriverReport> Drivers { get; init; } = [];
}

/// <summary>An input that pushed a sentence towards its category.</summary>
/// <param name="Start">Offset of its first character in the analysed text.</param>
/// <param name="Length">Length in UTF-16 code units.</param>
/// <param name="Feature">What kind of input: <c>word</c>, <c>bigram</c>, <c>chargram</c>, <c>cue:NAME</c>, <c>shape</c>, <c>context-word</c>, <c>context-cue:NAME</c>.</param>
/// <param name="Weight">Its contribution to the category's score (log-odds units).</param>
public sealed record DriverReport(int Start, int Length, string Feature, double Weight);

/// <summary>A cue phrase found in a sentence.</summary>
/// <param name="Start">Offset of its first character in the analysed text.</param>
/// <param name="Length">Length in UTF-16 code units.</param>
/// <param name="Cue">The cue family, e.g. <c>causal</c>, <c>perspective</c>, <c>future</c>.</param>
/// <param name="Signal">What it is evidence for: a category (<c>reflection</c>) or a criterion (<c>wider</c>).</param>
public sealed record CueReport(int Start, int Length, string Cue, string Signal);

/// <summary>What a feedback item is about. JSON spelling in brackets.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeedbackKind>))]
public enum FeedbackKind
{
    /// <summary>The text had nothing to analyse (<c>nothing-to-analyse</c>).</summary>
    [JsonStringEnumMemberName("nothing-to-analyse")]
    NothingToAnalyse = 0,

    /// <summary>A descriptive run: why, how, what difference did it make (<c>so-what</c>).</summary>
    [JsonStringEnumMemberName("so-what")]
    SoWhat = 1,

    /// <summary>Analysis without evaluation: what next (<c>now-what</c>).</summary>
    [JsonStringEnumMemberName("now-what")]
    NowWhat = 2,

    /// <summary>Whose view is missing (<c>perspective</c>).</summary>
    [JsonStringEnumMemberName("perspective")]
    Perspective = 3,

    /// <summary>A criterion missing, thin or only described (<c>criterion-gap</c>).</summary>
    [JsonStringEnumMemberName("criterion-gap")]
    CriterionGap = 4,

    /// <summary>What works, named (<c>praise</c>).</summary>
    [JsonStringEnumMemberName("praise")]
    Praise = 5,

    /// <summary>Feelings stated without being explored (<c>feeling</c>).</summary>
    [JsonStringEnumMemberName("feeling")]
    Feeling = 6,

    /// <summary>Length against the route's word limit (<c>word-count</c>).</summary>
    [JsonStringEnumMemberName("word-count")]
    WordCount = 7,

    /// <summary>References to the evidence portfolio (<c>evidence</c>).</summary>
    [JsonStringEnumMemberName("evidence")]
    Evidence = 8,
}

/// <summary>A mentor-style question or comment, anchored to the paragraph or sentence it is about.</summary>
/// <param name="Kind">What it is about.</param>
/// <param name="Paragraph">The paragraph it refers to, or null for the whole text.</param>
/// <param name="Sentence">The sentence it refers to, or null.</param>
/// <param name="Text">The question or comment, quoting a few words of the text where it refers to one.</param>
public sealed record FeedbackItem(FeedbackKind Kind, int? Paragraph, int? Sentence, string Text);

/// <summary>Source-generated JSON metadata for the report contract.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ReflectionReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext
{
    public static ReportJsonContext Indented { get; } = new(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true });
}
