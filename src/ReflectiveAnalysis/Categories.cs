using System.Text.Json.Serialization;

namespace ReflectiveAnalysis;

/// <summary>
/// The nine reflective categories a sentence is put into (after Ullmann 2019, as annotated in CEReD).
/// JSON spelling: the lower-case name (<c>experience</c> … <c>other</c>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReflectiveCategory>))]
public enum ReflectiveCategory
{
    /// <summary>What happened: events, actions, facts. Descriptive.</summary>
    [JsonStringEnumMemberName("experience")]
    Experience = 0,

    /// <summary>Emotions and reactions. Descriptive.</summary>
    [JsonStringEnumMemberName("feeling")]
    Feeling = 1,

    /// <summary>Opinions, values, general claims about how things should be. Analytical.</summary>
    [JsonStringEnumMemberName("belief")]
    Belief = 2,

    /// <summary>Problems, obstacles, doubts, what was hard. Analytical.</summary>
    [JsonStringEnumMemberName("difficulty")]
    Difficulty = 3,

    /// <summary>Another person's viewpoint or an alternative way of seeing it. Analytical.</summary>
    [JsonStringEnumMemberName("perspective")]
    Perspective = 4,

    /// <summary>Reasoning: why and how, cause and effect, weighing options, questioning assumptions, theory. Analytical.</summary>
    [JsonStringEnumMemberName("reflection")]
    Reflection = 5,

    /// <summary>What was learned or how practice and thinking changed. Evaluative.</summary>
    [JsonStringEnumMemberName("learning")]
    Learning = 6,

    /// <summary>Plans and commitments for the future. Evaluative.</summary>
    [JsonStringEnumMemberName("intention")]
    Intention = 7,

    /// <summary>Anything else: framing, administration, evidence lists. Descriptive.</summary>
    [JsonStringEnumMemberName("other")]
    Other = 8,
}

/// <summary>
/// Rolfe's What? / So what? / Now what?: whether a sentence describes, analyses or evaluates.
/// JSON spelling: <c>descriptive</c>, <c>analytical</c>, <c>evaluative</c>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReflectiveMode>))]
public enum ReflectiveMode
{
    /// <summary>What happened (experience, feeling, other).</summary>
    [JsonStringEnumMemberName("descriptive")]
    Descriptive = 0,

    /// <summary>Why, how, from whose view (reflection, belief, perspective, difficulty).</summary>
    [JsonStringEnumMemberName("analytical")]
    Analytical = 1,

    /// <summary>So what changed and what next (learning, intention).</summary>
    [JsonStringEnumMemberName("evaluative")]
    Evaluative = 2,
}

/// <summary>CILIP's three assessment criteria for Certification, Chartership and Fellowship.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Criterion>))]
public enum Criterion
{
    /// <summary>The writer's own skills, development and performance. JSON: <c>personalPerformance</c>.</summary>
    [JsonStringEnumMemberName("personalPerformance")]
    PersonalPerformance = 0,

    /// <summary>The writer's service: its users, strategy, performance and improvements. JSON: <c>organisationalContext</c>.</summary>
    [JsonStringEnumMemberName("organisationalContext")]
    OrganisationalContext = 1,

    /// <summary>The profession and sector beyond the employer. JSON: <c>widerProfessionalContext</c>.</summary>
    [JsonStringEnumMemberName("widerProfessionalContext")]
    WiderProfessionalContext = 2,
}

/// <summary>Conversions between categories, modes and their JSON spellings.</summary>
public static class ReflectiveTaxonomy
{
    /// <summary>Number of categories.</summary>
    public const int CategoryCount = 9;

    /// <summary>Number of modes.</summary>
    public const int ModeCount = 3;

    /// <summary>Number of criteria.</summary>
    public const int CriterionCount = 3;

    private static readonly string[] s_categoryNames = ["experience", "feeling", "belief", "difficulty", "perspective", "reflection", "learning", "intention", "other"];
    private static readonly string[] s_modeNames = ["descriptive", "analytical", "evaluative"];
    private static readonly string[] s_criterionNames = ["personalPerformance", "organisationalContext", "widerProfessionalContext"];
    private static readonly string[] s_criterionShortNames = ["personal", "organisational", "wider"];

    /// <summary>The fixed mapping from a category to its mode.</summary>
    public static ReflectiveMode ModeOf(ReflectiveCategory category) => category switch
    {
        ReflectiveCategory.Experience or ReflectiveCategory.Feeling or ReflectiveCategory.Other => ReflectiveMode.Descriptive,
        ReflectiveCategory.Learning or ReflectiveCategory.Intention => ReflectiveMode.Evaluative,
        ReflectiveCategory.Reflection or ReflectiveCategory.Belief or ReflectiveCategory.Perspective or ReflectiveCategory.Difficulty => ReflectiveMode.Analytical,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown category."),
    };

    /// <summary>The JSON spelling of a category.</summary>
    public static string ToName(ReflectiveCategory category) => s_categoryNames[(int)category];

    /// <summary>The JSON spelling of a mode.</summary>
    public static string ToName(ReflectiveMode mode) => s_modeNames[(int)mode];

    /// <summary>The JSON spelling of a criterion.</summary>
    public static string ToName(Criterion criterion) => s_criterionNames[(int)criterion];

    /// <summary>Parses a category name, ignoring case (<c>Experience</c>, <c>experience</c>).</summary>
    public static bool TryParseCategory(ReadOnlySpan<char> name, out ReflectiveCategory category)
    {
        for (int i = 0; i < s_categoryNames.Length; i++)
        {
            if (name.Trim().Equals(s_categoryNames[i], StringComparison.OrdinalIgnoreCase))
            {
                category = (ReflectiveCategory)i;
                return true;
            }
        }
        category = default;
        return false;
    }

    /// <summary>Parses a criterion from its JSON spelling or its short corpus name (<c>personal</c>, <c>organisational</c>, <c>wider</c>).</summary>
    public static bool TryParseCriterion(ReadOnlySpan<char> name, out Criterion criterion)
    {
        name = name.Trim();
        for (int i = 0; i < s_criterionNames.Length; i++)
        {
            if (name.Equals(s_criterionNames[i], StringComparison.OrdinalIgnoreCase) || name.Equals(s_criterionShortNames[i], StringComparison.OrdinalIgnoreCase))
            {
                criterion = (Criterion)i;
                return true;
            }
        }
        criterion = default;
        return false;
    }
}
