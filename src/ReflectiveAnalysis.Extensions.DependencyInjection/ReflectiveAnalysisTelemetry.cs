namespace ReflectiveAnalysis.Extensions.DependencyInjection;

/// <summary>
/// Names of the meter and instruments that <see cref="IReflectionService"/> records on, for OpenTelemetry
/// (<c>metrics.AddMeter(ReflectiveAnalysisTelemetry.MeterName)</c>) or <c>dotnet-counters</c>.
/// </summary>
/// <remarks>
/// Every measurement carries two tags: <see cref="RouteTag"/> (<c>certification</c>, <c>chartership</c>,
/// <c>fellowship</c>, <c>revalidation</c>) and <see cref="OutcomeTag"/> (<c>ok</c>, or <c>input-too-long</c> when
/// the text was rejected before analysis). No tag ever holds the user's text.
/// </remarks>
public static class ReflectiveAnalysisTelemetry
{
    /// <summary>The meter: <c>ReflectiveAnalysis</c>.</summary>
    public const string MeterName = "ReflectiveAnalysis";

    /// <summary>Counter of analyses requested, unit <c>{analysis}</c>.</summary>
    public const string AnalysesInstrument = "reflectiveanalysis.analyses";

    /// <summary>Histogram of analysis durations in milliseconds, unit <c>ms</c>.</summary>
    public const string DurationInstrument = "reflectiveanalysis.analysis.duration";

    /// <summary>Counter of characters (UTF-16 code units) submitted for analysis, unit <c>{character}</c>.</summary>
    public const string CharactersInstrument = "reflectiveanalysis.characters";

    /// <summary>Tag naming the route the text was checked against.</summary>
    public const string RouteTag = "reflectiveanalysis.route";

    /// <summary>Tag naming the outcome: <c>ok</c> or <c>input-too-long</c>.</summary>
    public const string OutcomeTag = "reflectiveanalysis.outcome";
}
