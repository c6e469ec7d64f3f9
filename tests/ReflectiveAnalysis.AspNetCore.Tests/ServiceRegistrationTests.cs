using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReflectiveAnalysis.Extensions.DependencyInjection;

namespace ReflectiveAnalysis.AspNetCore.Tests;

public sealed class ServiceRegistrationTests
{
    private static IHost Build(Dictionary<string, string?> settings, CapturingLoggerProvider? logs = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        }
        builder.Services.AddReflectiveAnalysis(builder.Configuration.GetSection(ReflectiveAnalysisOptions.SectionName));
        return builder.Build();
    }

    [Fact]
    public async Task ConfigureAnalyzer_PlugsInTheAccurateTier_AndKeepsTheConfiguredRoute()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ReflectiveAnalysis:Route"] = "revalidation" });
        builder.Services.AddReflectiveAnalysis(builder.Configuration.GetSection(ReflectiveAnalysisOptions.SectionName),
            o => o.ConfigureAnalyzer = ReflectiveAnalysis.Embeddings.AccurateTier.Configure);
        using IHost host = builder.Build();
        await host.StartAsync();

        ReflectionAnalyzer analyzer = host.Services.GetRequiredService<ReflectionAnalyzer>();
        Assert.Equal("reflective-accurate", analyzer.Model.Name);
        Assert.NotNull(analyzer.Options.SentenceEncoder);
        Assert.Equal(RegistrationRoute.Revalidation, analyzer.Options.Route);
        ReflectionReport report = host.Services.GetRequiredService<IReflectionService>().Analyze("I ran the sessions. Looking back, I think they were too long because I lectured.");
        Assert.Equal("reflective-accurate", report.Model.Name);
        await host.StopAsync();
    }

    [Fact]
    public void ConfigureAnalyzer_ReturningNull_FailsAtStartWithAClearMessage()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddReflectiveAnalysis(o => o.ConfigureAnalyzer = _ => null!);
        using IHost host = builder.Build();

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<ReflectionAnalyzer>());
        Assert.Contains("ConfigureAnalyzer returned null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_IsBoundIntoOneSharedAnalyzer()
    {
        using IHost host = Build(new()
        {
            ["ReflectiveAnalysis:Route"] = "revalidation",
            ["ReflectiveAnalysis:MaxInputLength"] = "5000",
            ["ReflectiveAnalysis:FellowshipWordLimit"] = "1500",
            ["ReflectiveAnalysis:ThinCriterionShare"] = "0.25",
            ["ReflectiveAnalysis:MinEvidenceReferences"] = "3",
            ["ReflectiveAnalysis:MaxEvidenceReferences"] = "9",
            ["ReflectiveAnalysis:MaxFeedbackItems"] = "4",
        });
        await host.StartAsync();

        ReflectionAnalyzer analyzer = host.Services.GetRequiredService<ReflectionAnalyzer>();
        Assert.Same(analyzer, host.Services.GetRequiredService<ReflectionAnalyzer>());
        Assert.Same(analyzer, host.Services.GetRequiredService<IReflectionService>().Analyzer);
        Assert.Equal(ReflectionAnalyzerOptions.Default with
        {
            Route = RegistrationRoute.Revalidation,
            MaxInputLength = 5000,
            FellowshipWordLimit = 1500,
            ThinCriterionShare = 0.25,
            MinEvidenceReferences = 3,
            MaxEvidenceReferences = 9,
            MaxFeedbackItems = 4,
        }, analyzer.Options);
        await host.StopAsync();
    }

    [Fact]
    public void Service_RouteOverride_MatchesAnAnalyzerForThatRoute()
    {
        using IHost host = Build([]);
        IReflectionService service = host.Services.GetRequiredService<IReflectionService>();
        string text = TestPaths.Sample("reflective.txt");
        foreach (RegistrationRoute route in Enum.GetValues<RegistrationRoute>())
        {
            Assert.Equal(new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { Route = route }).Analyze(text).ToJson(), service.Analyze(text, route).ToJson());
        }
        Assert.Throws<ArgumentException>(() => service.Analyze(text, (RegistrationRoute)42));
        Assert.Throws<OperationCanceledException>(() => service.Analyze(text, null, new CancellationToken(canceled: true)));
    }

    public static TheoryData<string, string, string> InvalidSettings => new()
    {
        { "MaxFeedbackItems", "0", "MaxFeedbackItems must be at least 1 (was 0)" },
        { "MaxInputLength", "-5", "MaxInputLength must be at least 1 (was -5)" },
        { "ThinCriterionShare", "1.5", "ThinCriterionShare must be between 0 and 1 (was 1.5)" },
        { "MinEvidenceReferences", "30", "MinEvidenceReferences must be 0 or more and no more than MaxEvidenceReferences (were 30 and 20)" },
        { "ModelPath", "/no/such/model.ramodel", "ReflectiveAnalysis:ModelPath '/no/such/model.ramodel' is not a file" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task InvalidConfiguration_StopsTheHostAtStartWithAClearMessage(string key, string value, string message)
    {
        using IHost host = Build(new() { ["ReflectiveAnalysis:" + key] = value });
        OptionsValidationException e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelPath_LoadsThatModel_AndLogsIt()
    {
        string path = Path.Combine(Path.GetTempPath(), "rf-model-" + Guid.NewGuid().ToString("N") + ".ramodel");
        try
        {
            await using (FileStream file = File.Create(path))
            {
                ReflectionModel.LexiconOnly.Save(file);
            }
            var logs = new CapturingLoggerProvider();
            using IHost host = Build(new() { ["ReflectiveAnalysis:ModelPath"] = path }, logs);
            await host.StartAsync(); // the model loads at start-up, not on the first request

            Assert.Contains(logs.Messages, m => m.Level == LogLevel.Information && m.Text.Contains($"model {ReflectionModel.LexiconOnly.Name} {ReflectionModel.LexiconOnly.Version} loaded from {path}", StringComparison.Ordinal));
            Assert.Equal(ReflectionModel.LexiconOnly.Name, host.Services.GetRequiredService<ReflectionAnalyzer>().Model.Name);
            await host.StopAsync();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ModelPath_NotAModel_StopsTheHostNamingTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), "rf-model-" + Guid.NewGuid().ToString("N") + ".ramodel");
        try
        {
            await File.WriteAllTextAsync(path, "this is not a model");
            using IHost host = Build(new() { ["ReflectiveAnalysis:ModelPath"] = path });
            InvalidOperationException e = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
            Assert.StartsWith($"ReflectiveAnalysis:ModelPath '{path}' cannot be loaded:", e.Message, StringComparison.Ordinal);
            Assert.IsType<ModelFormatException>(e.InnerException);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Logging_RecordsDurationsAtDebug_ButNeverTheText()
    {
        const string secret = "Zyxwvut-private-marker";
        var logs = new CapturingLoggerProvider();
        using IHost host = Build(new() { ["ReflectiveAnalysis:MaxInputLength"] = "200" }, logs);
        IReflectionService service = host.Services.GetRequiredService<IReflectionService>();

        string text = $"I met {secret} at the desk. Looking back, I think {secret} was right.";
        service.Analyze(text);
        Assert.Throws<InputTooLongException>(() => service.Analyze(secret + new string('x', 300)));

        Assert.Contains(logs.Messages, m => m.Level == LogLevel.Debug && m.Text.StartsWith($"Analysed {text.Length} characters (2 sentences, route chartership", StringComparison.Ordinal) && m.Text.EndsWith(" ms", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Level == LogLevel.Debug && m.Text == "Rejected a text of 322 characters: the limit is 200");
        Assert.DoesNotContain(logs.Messages, m => m.Text.Contains(secret, StringComparison.Ordinal) || m.State.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public void Metrics_CountAnalysesCharactersAndDurations()
    {
        using IHost host = Build(new() { ["ReflectiveAnalysis:MaxInputLength"] = "100" });
        IMeterFactory meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        IReflectionService service = host.Services.GetRequiredService<IReflectionService>();
        var measurements = new List<(string Instrument, double Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this host's meter, so tests running in parallel cannot interfere.
            if (instrument.Meter.Name == ReflectiveAnalysisTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string tagText = string.Join(",", tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tagText));
            }
        }
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        service.Analyze("I ran a session.");
        service.Analyze("Next year I will run two.", RegistrationRoute.Revalidation);
        Assert.Throws<InputTooLongException>(() => service.Analyze(new string('a', 150)));

        const string ok = "reflectiveanalysis.outcome=ok,reflectiveanalysis.route=";
        Assert.Equal(
            [
                (ReflectiveAnalysisTelemetry.AnalysesInstrument, 1d, ok + "chartership"),
                (ReflectiveAnalysisTelemetry.CharactersInstrument, 16d, ok + "chartership"),
                (ReflectiveAnalysisTelemetry.AnalysesInstrument, 1d, ok + "revalidation"),
                (ReflectiveAnalysisTelemetry.CharactersInstrument, 25d, ok + "revalidation"),
                (ReflectiveAnalysisTelemetry.AnalysesInstrument, 1d, "reflectiveanalysis.outcome=input-too-long,reflectiveanalysis.route=chartership"),
                (ReflectiveAnalysisTelemetry.CharactersInstrument, 150d, "reflectiveanalysis.outcome=input-too-long,reflectiveanalysis.route=chartership"),
            ],
            measurements.Where(m => m.Instrument != ReflectiveAnalysisTelemetry.DurationInstrument));
        List<(string Instrument, double Value, string Tags)> durations = measurements.Where(m => m.Instrument == ReflectiveAnalysisTelemetry.DurationInstrument).ToList();
        Assert.Equal([ok + "chartership", ok + "revalidation"], durations.Select(d => d.Tags));
        Assert.All(durations, d => Assert.InRange(d.Value, 0, 10_000));
    }

    [Fact]
    public void AddReflectiveAnalysis_Twice_KeepsOneAnalyzer()
    {
        var services = new ServiceCollection();
        services.AddReflectiveAnalysis(o => o.MaxFeedbackItems = 5);
        services.AddReflectiveAnalysis(o => o.Route = RegistrationRoute.Fellowship);
        Assert.Single(services, d => d.ServiceType == typeof(IReflectionService));
        Assert.Single(services, d => d.ServiceType == typeof(ReflectionAnalyzer));
        using ServiceProvider provider = services.BuildServiceProvider();
        ReflectionAnalyzerOptions options = provider.GetRequiredService<ReflectionAnalyzer>().Options;
        Assert.Equal(5, options.MaxFeedbackItems);
        Assert.Equal(RegistrationRoute.Fellowship, options.Route);
    }
}

/// <summary>Keeps every log message and its structured state, to check what is (and is not) logged.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly List<(LogLevel Level, string Text, string State)> _messages = [];

    public IReadOnlyList<(LogLevel Level, string Text, string State)> Messages
    {
        get
        {
            lock (_messages)
            {
                return _messages.ToArray();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string stateText = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}"))
                : state?.ToString() ?? "";
            lock (owner._messages)
            {
                owner._messages.Add((logLevel, formatter(state, exception), stateText));
            }
        }
    }
}
