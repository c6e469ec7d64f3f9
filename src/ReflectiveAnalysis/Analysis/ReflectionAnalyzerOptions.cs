using System.Text.Json.Serialization;

namespace ReflectiveAnalysis;

/// <summary>The CILIP route a statement is written for; it sets the word limit the feedback checks against.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RegistrationRoute>))]
public enum RegistrationRoute
{
    /// <summary>Certification: 1,000 words.</summary>
    [JsonStringEnumMemberName("certification")]
    Certification = 0,

    /// <summary>Chartership: 1,000 words.</summary>
    [JsonStringEnumMemberName("chartership")]
    Chartership = 1,

    /// <summary>Fellowship: word limit from <see cref="ReflectionAnalyzerOptions.FellowshipWordLimit"/>.</summary>
    [JsonStringEnumMemberName("fellowship")]
    Fellowship = 2,

    /// <summary>Revalidation: 250 words.</summary>
    [JsonStringEnumMemberName("revalidation")]
    Revalidation = 3,
}

/// <summary>
/// Settings for a <see cref="ReflectionAnalyzer"/>. Immutable; change a default with a <c>with</c> expression:
/// <c>ReflectionAnalyzerOptions.Default with { Route = RegistrationRoute.Revalidation }</c>.
/// </summary>
public sealed record ReflectionAnalyzerOptions
{
    /// <summary>The defaults.</summary>
    public static ReflectionAnalyzerOptions Default { get; } = new();

    /// <summary>
    /// Longest text <see cref="ReflectionAnalyzer.Analyze(string)"/> accepts, in UTF-16 code units. Longer text throws
    /// <see cref="InputTooLongException"/> before any work is done. Default 1,000,000 (about 150,000 words): analysis
    /// is linear in length, so this bounds the time and memory one call can take.
    /// </summary>
    public int MaxInputLength { get; init; } = 1_000_000;

    /// <summary>The route the statement is written for. Default <see cref="RegistrationRoute.Chartership"/>.</summary>
    public RegistrationRoute Route { get; init; } = RegistrationRoute.Chartership;

    /// <summary>Word limit for <see cref="RegistrationRoute.Fellowship"/>. Default 1,000.</summary>
    public int FellowshipWordLimit { get; init; } = 1_000;

    /// <summary>
    /// A criterion whose coverage (share of words in paragraphs that address it) is below this is reported as thin.
    /// Default 0.15.
    /// </summary>
    public double ThinCriterionShare { get; init; } = 0.15;

    /// <summary>Fewest evidence references (<c>(Evidence 4)</c>, <c>E12</c>, <c>Appendix 3</c>) a full statement is expected to cite. Default 12.</summary>
    public int MinEvidenceReferences { get; init; } = 12;

    /// <summary>Most evidence references a full statement is expected to cite. Default 20.</summary>
    public int MaxEvidenceReferences { get; init; } = 20;

    /// <summary>Most feedback items in a report. Default 12.</summary>
    public int MaxFeedbackItems { get; init; } = 12;

    /// <summary>The model to use; null (the default) means the model embedded in this package.</summary>
    public ReflectionModel? Model { get; init; }

    /// <summary>
    /// The sentence encoder for a model whose category head reads sentence embeddings (the accurate tier, from the
    /// <c>ReflectiveAnalysis.Embeddings</c> package); its <see cref="ISentenceEncoder.Name"/> and dimension must match
    /// the model's. Null (the default) for models without one, such as the embedded fast model, which ignore it.
    /// When the model also has a criteria head, the same embeddings (one encoder call per text) feed it too.
    /// </summary>
    public ISentenceEncoder? SentenceEncoder { get; init; }

    /// <summary>The word limit for <see cref="Route"/>.</summary>
    public int WordLimit => Route switch
    {
        RegistrationRoute.Revalidation => 250,
        RegistrationRoute.Fellowship => FellowshipWordLimit,
        _ => 1_000,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (MaxInputLength < 1)
        {
            throw new ArgumentException($"{nameof(MaxInputLength)} must be at least 1 (was {MaxInputLength}).");
        }
        if (FellowshipWordLimit < 1)
        {
            throw new ArgumentException($"{nameof(FellowshipWordLimit)} must be at least 1 (was {FellowshipWordLimit}).");
        }
        if (ThinCriterionShare is < 0 or > 1 || double.IsNaN(ThinCriterionShare))
        {
            throw new ArgumentException($"{nameof(ThinCriterionShare)} must be between 0 and 1 (was {ThinCriterionShare}).");
        }
        if (MinEvidenceReferences < 0 || MaxEvidenceReferences < MinEvidenceReferences)
        {
            throw new ArgumentException($"{nameof(MinEvidenceReferences)} must be 0 or more and no more than {nameof(MaxEvidenceReferences)} (were {MinEvidenceReferences} and {MaxEvidenceReferences}).");
        }
        if (MaxFeedbackItems < 1)
        {
            throw new ArgumentException($"{nameof(MaxFeedbackItems)} must be at least 1 (was {MaxFeedbackItems}).");
        }
        if (!Enum.IsDefined(Route))
        {
            throw new ArgumentException($"{nameof(Route)} {(int)Route} is not a route.");
        }
    }
}

/// <summary>Thrown when a text is longer than <see cref="ReflectionAnalyzerOptions.MaxInputLength"/>.</summary>
public sealed class InputTooLongException : ArgumentException
{
    /// <summary>Creates the exception for a text of <paramref name="length"/> characters against <paramref name="limit"/>.</summary>
    public InputTooLongException(int length, int limit)
        : base($"The text is {length:N0} characters long; the limit is {limit:N0} (ReflectionAnalyzerOptions.MaxInputLength).", "text")
    {
        Length = length;
        Limit = limit;
    }

    /// <summary>Length of the rejected text.</summary>
    public int Length { get; }

    /// <summary>The limit in force.</summary>
    public int Limit { get; }
}
