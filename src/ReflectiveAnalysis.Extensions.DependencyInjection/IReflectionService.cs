namespace ReflectiveAnalysis.Extensions.DependencyInjection;

/// <summary>
/// The shared analyzer as a service: analyses a text with the configured options (or another route), and records
/// how long it took in the log (debug level) and on the <c>ReflectiveAnalysis</c> meter. Registered as a singleton by
/// <c>AddReflectiveAnalysis</c>.
/// </summary>
/// <remarks>
/// Thread-safe: one instance serves every request. The user's text is never logged, tagged or kept; only its
/// length, the route, the model and the time taken are recorded.
/// </remarks>
public interface IReflectionService
{
    /// <summary>The shared analyzer for the configured route (the one registered as <see cref="ReflectionAnalyzer"/>).</summary>
    ReflectionAnalyzer Analyzer { get; }

    /// <summary>Analyses a text.</summary>
    /// <param name="text">Plain text, paragraphs separated by blank lines.</param>
    /// <param name="route">The route to check word limits against; null uses the configured <see cref="ReflectiveAnalysisOptions.Route"/>.</param>
    /// <param name="cancellationToken">Checked before the analysis starts (an analysis itself runs to the end: it is linear in the text's length, which <see cref="ReflectiveAnalysisOptions.MaxInputLength"/> bounds).</param>
    /// <returns>The report, as <see cref="ReflectionAnalyzer.Analyze(string)"/> gives it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="route"/> is not a defined route.</exception>
    /// <exception cref="InputTooLongException">The text is longer than <see cref="ReflectiveAnalysisOptions.MaxInputLength"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the analysis began.</exception>
    ReflectionReport Analyze(string text, RegistrationRoute? route = null, CancellationToken cancellationToken = default);
}
