using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ReflectiveAnalysis.Extensions.DependencyInjection;

/// <summary>
/// The registered <see cref="IReflectionService"/>: one analyzer per route over one loaded model, with logging and
/// metrics around each call.
/// </summary>
internal sealed partial class ReflectionService : IReflectionService
{
    internal const string OutcomeOk = "ok";
    internal const string OutcomeTooLong = "input-too-long";

    private static readonly string[] s_routeNames = ["certification", "chartership", "fellowship", "revalidation"];

    private readonly ReflectionAnalyzer[] _byRoute;
    private readonly ILogger<ReflectionService> _logger;
    private readonly Counter<long> _analyses;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _characters;

    public ReflectionService(IOptions<ReflectiveAnalysisOptions> options, ILogger<ReflectionService> logger, IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _logger = logger;

        ReflectiveAnalysisOptions settings = options.Value;
        ReflectionModel? model = LoadModel(settings.ModelPath);
        ReflectionAnalyzerOptions analyzerOptions = settings.ToAnalyzerOptions(model);
        _byRoute = new ReflectionAnalyzer[s_routeNames.Length];
        foreach (RegistrationRoute route in Enum.GetValues<RegistrationRoute>())
        {
            _byRoute[(int)route] = new ReflectionAnalyzer(analyzerOptions with { Route = route });
        }
        Analyzer = _byRoute[(int)settings.Route];

        ReflectionModel inUse = Analyzer.Model;
        LogModelLoaded(inUse.Name, inUse.Version, string.IsNullOrEmpty(settings.ModelPath) ? "the embedded model" : Path.GetFullPath(settings.ModelPath), RouteName(settings.Route), settings.MaxInputLength);

        Meter meter = meterFactory.Create(ReflectiveAnalysisTelemetry.MeterName);
        _analyses = meter.CreateCounter<long>(ReflectiveAnalysisTelemetry.AnalysesInstrument, "{analysis}", "Analyses requested.");
        _duration = meter.CreateHistogram<double>(ReflectiveAnalysisTelemetry.DurationInstrument, "ms", "How long an analysis took.");
        _characters = meter.CreateCounter<long>(ReflectiveAnalysisTelemetry.CharactersInstrument, "{character}", "Characters (UTF-16 code units) submitted for analysis.");
    }

    public ReflectionAnalyzer Analyzer { get; }

    public ReflectionReport Analyze(string text, RegistrationRoute? route = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        RegistrationRoute chosen = route ?? Analyzer.Options.Route;
        if (!Enum.IsDefined(chosen))
        {
            throw new ArgumentException($"Route {(int)chosen} is not a route.", nameof(route));
        }
        cancellationToken.ThrowIfCancellationRequested();

        var tags = new TagList { { ReflectiveAnalysisTelemetry.RouteTag, RouteName(chosen) } };
        long started = Stopwatch.GetTimestamp();
        ReflectionReport report;
        try
        {
            report = _byRoute[(int)chosen].Analyze(text);
        }
        catch (InputTooLongException e)
        {
            tags.Add(ReflectiveAnalysisTelemetry.OutcomeTag, OutcomeTooLong);
            _analyses.Add(1, tags);
            _characters.Add(text.Length, tags);
            LogInputTooLong(e.Length, e.Limit);
            throw;
        }
        double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        tags.Add(ReflectiveAnalysisTelemetry.OutcomeTag, OutcomeOk);
        _analyses.Add(1, tags);
        _characters.Add(text.Length, tags);
        _duration.Record(elapsedMs, tags);
        LogAnalysed(text.Length, report.SentenceCount, RouteName(chosen), report.Depth.Level, elapsedMs);
        return report;
    }

    internal static string RouteName(RegistrationRoute route) => s_routeNames[(int)route];

    private static ReflectionModel? LoadModel(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        try
        {
            return ReflectionModel.Load(path);
        }
        catch (Exception e) when (e is ModelFormatException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{ReflectiveAnalysisOptions.SectionName}:{nameof(ReflectiveAnalysisOptions.ModelPath)} '{path}' cannot be loaded: {e.Message}", e);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Reflective analysis model {ModelName} {ModelVersion} loaded from {ModelSource}; default route {Route}, up to {MaxInputLength} characters per text")]
    private partial void LogModelLoaded(string modelName, string modelVersion, string modelSource, string route, int maxInputLength);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Analysed {Characters} characters ({Sentences} sentences, route {Route}, depth level {DepthLevel}) in {ElapsedMilliseconds:0.###} ms")]
    private partial void LogAnalysed(int characters, int sentences, string route, int depthLevel, double elapsedMilliseconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Rejected a text of {Characters} characters: the limit is {Limit}")]
    private partial void LogInputTooLong(int characters, int limit);
}
