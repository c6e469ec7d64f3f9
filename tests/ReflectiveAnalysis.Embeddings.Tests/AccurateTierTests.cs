using ReflectiveAnalysis.Embeddings;
using ReflectiveAnalysis.Testing;

namespace ReflectiveAnalysis.Embeddings.Tests;

/// <summary>The accurate tier keeps the report contract, and the fast tier is untouched by it.</summary>
public sealed class AccurateTierTests
{
    private static readonly string s_statement = TestPaths.Sample(Directory.GetFiles(TestPaths.InRepository("samples", "statements"), "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal).First()!);

    [Fact]
    public void ShippedAccurateModel_NamesTheEmbeddedFineTunedEncoder()
    {
        ReflectionModel model = AccurateTier.Model;
        Assert.Equal("reflective-accurate", model.Name);
        Assert.Equal(FineTunedMiniLmEncoder.Shared.Name, model.SentenceEncoderName);
        Assert.Same(FineTunedMiniLmEncoder.Shared, AccurateTier.EncoderFor(model));
        Assert.Same(AccurateTier.Encoder, AccurateTier.EncoderFor(model));
        Assert.Equal(384, model.SentenceEncoderDimension);
        Assert.NotNull(model.CategoryHead);
        Assert.NotNull(model.CriteriaLayer);
        Assert.NotNull(model.DepthLayer);
    }

    [Fact]
    public void Analyze_WithTheAccurateTier_GivesAValidReportWithTheSameShape()
    {
        ReflectionReport fast = ReflectionAnalyzer.CreateDefault().Analyze(s_statement);
        ReflectionReport accurate = AccurateTier.CreateAnalyzer().Analyze(s_statement);

        Assert.Equal("reflective-accurate", accurate.Model.Name);
        Assert.Equal(fast.SchemaVersion, accurate.SchemaVersion);
        Assert.Equal(fast.Paragraphs.Length, accurate.Paragraphs.Length);
        Assert.Equal(fast.SentenceCount, accurate.SentenceCount);
        Assert.Equal(fast.Sentences.Length, accurate.Sentences.Length);
        int differ = 0;
        double largestChange = 0;
        for (int s = 0; s < fast.Sentences.Length; s++)
        {
            SentenceReport a = accurate.Sentences[s];
            SentenceReport f = fast.Sentences[s];
            Assert.Equal(f.Start, a.Start);
            Assert.Equal(f.Length, a.Length);
            Assert.Equal(ReflectiveTaxonomy.ModeOf(a.Category), a.Mode);
            Assert.InRange(a.Confidence, 0, 1);
            Assert.Equal(a.Confidence, a.Probabilities[a.Category]);
            differ += a.Category != f.Category ? 1 : 0;
            foreach (ReflectiveCategory c in Enum.GetValues<ReflectiveCategory>())
            {
                largestChange = Math.Max(largestChange, Math.Abs(a.Probabilities[c] - f.Probabilities[c]));
            }
        }
        Assert.InRange(accurate.Depth.Level, 0, 3);
        Assert.InRange(accurate.Depth.Score, 0, 100);
        Assert.NotEmpty(accurate.Feedback);
        // The head moves the probabilities (else the tier would be the fast one under another name), but it refines the
        // fast layer rather than overturning it: most categories stay.
        Assert.True(largestChange > 0.02, $"largest probability change {largestChange}");
        Assert.InRange(differ, 0, fast.Sentences.Length / 2);
        string json = accurate.ToJson(indented: false);
        Assert.Contains("\"schemaVersion\":1", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_IsRepeatable()
    {
        ReflectionAnalyzer analyzer = AccurateTier.CreateAnalyzer();
        Assert.Equal(analyzer.Analyze(s_statement).ToJson(indented: false), analyzer.Analyze(s_statement).ToJson(indented: false));
    }

    [Fact]
    public void Analyze_FromManyThreadsAtOnce_GivesTheSameReports()
    {
        // One analyzer and one ONNX Runtime session shared by several threads, as a web portal would use them.
        ReflectionAnalyzer analyzer = AccurateTier.CreateAnalyzer();
        string[] texts = [s_statement, TestPaths.Sample("reflective.txt"), TestPaths.Sample("descriptive.txt")];
        string[] expected = [.. texts.Select(t => analyzer.Analyze(t).ToJson(indented: false))];
        var results = new string[12];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = analyzer.Analyze(texts[i % texts.Length]).ToJson(indented: false));
        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % texts.Length], results[i]);
        }
    }

    [Fact]
    public void Analyzer_WithoutItsEncoder_ThrowsNamingIt()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { Model = AccurateTier.Model }));
        Assert.Contains(FineTunedMiniLmEncoder.Shared.Name, e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { Model = AccurateTier.Model, SentenceEncoder = new OtherEncoder() }));
    }

    [Fact]
    public void FastModel_StillLoadsAsFormatVersion1_AndIgnoresAnEncoder()
    {
        using Stream embedded = typeof(ReflectionModel).Assembly.GetManifestResourceStream("ReflectiveAnalysis.Resources.fast.ramodel")!;
        var original = new MemoryStream();
        embedded.CopyTo(original);
        var saved = new MemoryStream();
        ReflectionModel.Default.Save(saved);
        Assert.Equal(1, BitConverter.ToUInt16(original.ToArray(), 8));
        Assert.Equal(original.ToArray(), saved.ToArray());
        Assert.Null(ReflectionModel.Default.SentenceEncoderName);

        string plain = ReflectionAnalyzer.CreateDefault().Analyze(s_statement).ToJson(indented: false);
        string withEncoder = new ReflectionAnalyzer(ReflectionAnalyzerOptions.Default with { SentenceEncoder = new OtherEncoder() }).Analyze(s_statement).ToJson(indented: false);
        Assert.Equal(plain, withEncoder);
    }

    [Fact]
    public void AccurateModel_RoundTripsAsFormatVersion2()
    {
        var saved = new MemoryStream();
        AccurateTier.Model.Save(saved);
        byte[] bytes = saved.ToArray();
        Assert.Equal(2, BitConverter.ToUInt16(bytes, 8));
        ReflectionModel reloaded = ReflectionModel.Load(new MemoryStream(bytes));
        Assert.Equal(AccurateTier.Model.SentenceEncoderName, reloaded.SentenceEncoderName);
        var again = new MemoryStream();
        reloaded.Save(again);
        Assert.Equal(bytes, again.ToArray());
    }

    /// <summary>An encoder the accurate model was not trained with; must never be called.</summary>
    private sealed class OtherEncoder : ISentenceEncoder
    {
        public string Name => "other-encoder";

        public int Dimension => 384;

        public void Encode(IReadOnlyList<string> sentences, Span<float> embeddings) => throw new InvalidOperationException("not to be called");
    }
}
