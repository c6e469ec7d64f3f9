namespace ReflectiveAnalysis.Embeddings;

/// <summary>
/// The accurate tier: the embedded accurate model (the fast tier's category probabilities multiplied with those of
/// MiniLM-L6 fine-tuned on reflective writing, <see cref="FineTunedMiniLmEncoder"/>) with that encoder. Reports have
/// the same contract as the fast tier's.
/// </summary>
/// <example>
/// <code>
/// ReflectionAnalyzer analyzer = AccurateTier.CreateAnalyzer();
/// ReflectionReport report = analyzer.Analyze(text);
/// </code>
/// </example>
public static class AccurateTier
{
    private const string EmbeddedModelResource = "ReflectiveAnalysis.Embeddings.Resources.accurate.ramodel";

    private static readonly Lazy<ReflectionModel> s_model = new(LoadModel, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<ReflectionAnalyzer> s_analyzer = new(() => new ReflectionAnalyzer(Configure(ReflectionAnalyzerOptions.Default)), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The accurate model embedded in this package, loaded on first use.</summary>
    public static ReflectionModel Model => s_model.Value;

    /// <summary>The shared fine-tuned encoder the model needs.</summary>
    public static ISentenceEncoder Encoder => FineTunedMiniLmEncoder.Shared;

    /// <summary>
    /// The shared encoder of this package that <paramref name="model"/> names (<see cref="ReflectionModel.SentenceEncoderName"/>):
    /// the plain MiniLM-L6 or the embedded fine-tuned one; null when the model reads no embeddings or names another encoder.
    /// </summary>
    public static ISentenceEncoder? EncoderFor(ReflectionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.SentenceEncoderName switch
        {
            null => null,
            MiniLmSentenceEncoder.ModelName => MiniLmSentenceEncoder.Shared,
            string name when name == FineTunedMiniLmEncoder.Shared.Name => FineTunedMiniLmEncoder.Shared,
            _ => null,
        };
    }

    /// <summary>Returns <paramref name="options"/> with the accurate model and its encoder.</summary>
    public static ReflectionAnalyzerOptions Configure(ReflectionAnalyzerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Model = Model, SentenceEncoder = Encoder };
    }

    /// <summary>The analyzer with default options and the accurate model, created on first use and shared (thread-safe).</summary>
    public static ReflectionAnalyzer CreateAnalyzer() => s_analyzer.Value;

    /// <summary>An analyzer with the given options and the accurate model.</summary>
    public static ReflectionAnalyzer CreateAnalyzer(ReflectionAnalyzerOptions options) => new(Configure(options));

    private static ReflectionModel LoadModel()
    {
        using Stream stream = typeof(AccurateTier).Assembly.GetManifestResourceStream(EmbeddedModelResource)
            ?? throw new InvalidOperationException($"The package is missing its embedded resource {EmbeddedModelResource}.");
        return ReflectionModel.Load(stream);
    }
}
