namespace ReflectiveAnalysis.Extensions.DependencyInjection;

/// <summary>
/// Settings for the shared analyzer that <c>AddReflectiveAnalysis</c> registers, usually bound from the configuration
/// section <see cref="SectionName"/> (for example <c>"ReflectiveAnalysis": { "Route": "revalidation" }</c> in
/// <c>appsettings.json</c>). Each setting mirrors one of <see cref="ReflectionAnalyzerOptions"/> and has the same
/// default; <see cref="ModelPath"/> names a model file to load instead of the embedded model.
/// </summary>
/// <remarks>
/// This is the mutable shape the options pattern binds into. It is read once, validated at start-up (the host
/// fails to start, naming the setting, when a value is out of range or the model file is missing), and turned into
/// an immutable <see cref="ReflectionAnalyzerOptions"/> by <see cref="ToAnalyzerOptions"/>. Changing it after
/// start-up has no effect.
/// </remarks>
public sealed class ReflectiveAnalysisOptions
{
    /// <summary>The configuration section the settings are usually bound from: <c>ReflectiveAnalysis</c>.</summary>
    public const string SectionName = "ReflectiveAnalysis";

    /// <summary>Longest text accepted, in UTF-16 code units. See <see cref="ReflectionAnalyzerOptions.MaxInputLength"/>. Default 1,000,000.</summary>
    public int MaxInputLength { get; set; } = ReflectionAnalyzerOptions.Default.MaxInputLength;

    /// <summary>
    /// The route a statement is written for when a caller does not name one (configuration: <c>certification</c>,
    /// <c>chartership</c>, <c>fellowship</c> or <c>revalidation</c>). Default <see cref="RegistrationRoute.Chartership"/>.
    /// </summary>
    public RegistrationRoute Route { get; set; } = ReflectionAnalyzerOptions.Default.Route;

    /// <summary>Word limit for Fellowship. See <see cref="ReflectionAnalyzerOptions.FellowshipWordLimit"/>. Default 1,000.</summary>
    public int FellowshipWordLimit { get; set; } = ReflectionAnalyzerOptions.Default.FellowshipWordLimit;

    /// <summary>Coverage below which a criterion is reported as thin, 0-1. See <see cref="ReflectionAnalyzerOptions.ThinCriterionShare"/>. Default 0.15.</summary>
    public double ThinCriterionShare { get; set; } = ReflectionAnalyzerOptions.Default.ThinCriterionShare;

    /// <summary>Fewest evidence references a full statement is expected to cite. Default 12.</summary>
    public int MinEvidenceReferences { get; set; } = ReflectionAnalyzerOptions.Default.MinEvidenceReferences;

    /// <summary>Most evidence references a full statement is expected to cite. Default 20.</summary>
    public int MaxEvidenceReferences { get; set; } = ReflectionAnalyzerOptions.Default.MaxEvidenceReferences;

    /// <summary>Most feedback items in a report. Default 12.</summary>
    public int MaxFeedbackItems { get; set; } = ReflectionAnalyzerOptions.Default.MaxFeedbackItems;

    /// <summary>
    /// A model file (written by <c>reflect train</c> or <see cref="ReflectionModel.Save"/>) to load once at start-up,
    /// relative to the current directory unless rooted; null or empty (the default) uses the model embedded in the
    /// core package.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// Code-only (not bound from configuration): a last step applied to the analyzer options built from the settings
    /// above, for what configuration cannot carry. The accurate tier plugs in this way:
    /// <c>services.AddReflectiveAnalysis(o => o.ConfigureAnalyzer = AccurateTier.Configure)</c> (package
    /// <c>ReflectiveAnalysis.Embeddings</c>), which sets its model and sentence encoder. The route is still taken from
    /// <see cref="Route"/> per request. Null (the default) changes nothing.
    /// </summary>
    public Func<ReflectionAnalyzerOptions, ReflectionAnalyzerOptions>? ConfigureAnalyzer { get; set; }

    /// <summary>The immutable analyzer options these settings describe, after <see cref="ConfigureAnalyzer"/>.</summary>
    /// <param name="model">The loaded model, or null for the embedded one.</param>
    /// <exception cref="InvalidOperationException"><see cref="ConfigureAnalyzer"/> returned null.</exception>
    public ReflectionAnalyzerOptions ToAnalyzerOptions(ReflectionModel? model = null)
    {
        ReflectionAnalyzerOptions options = ReflectionAnalyzerOptions.Default with
        {
            MaxInputLength = MaxInputLength,
            Route = Route,
            FellowshipWordLimit = FellowshipWordLimit,
            ThinCriterionShare = ThinCriterionShare,
            MinEvidenceReferences = MinEvidenceReferences,
            MaxEvidenceReferences = MaxEvidenceReferences,
            MaxFeedbackItems = MaxFeedbackItems,
            Model = model,
        };
        return ConfigureAnalyzer is null
            ? options
            : ConfigureAnalyzer(options) ?? throw new InvalidOperationException($"{nameof(ConfigureAnalyzer)} returned null.");
    }
}
