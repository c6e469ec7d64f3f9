using BenchmarkDotNet.Attributes;

namespace ReflectiveAnalysis.Benchmarks;

/// <summary>The whole pipeline, as users call it: <see cref="ReflectionAnalyzer.Analyze(string)"/>.</summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private ReflectionAnalyzer _analyzer = null!;
    private string _statement = "";
    private string _corpus = "";

    [GlobalSetup]
    public void Setup()
    {
        _analyzer = ReflectionAnalyzer.CreateDefault();
        _statement = Corpora.Statement;
        _corpus = Corpora.Corpus;
        _analyzer.Analyze(_statement); // load the embedded model outside the measurement
    }

    [Benchmark(Description = "Analyze (1,000-word statement)")]
    [Input(Input.Statement)]
    public int AnalyzeStatement() => _analyzer.Analyze(_statement).SentenceCount;

    [Benchmark(Description = "Analyze (whole corpus)")]
    [Input(Input.Corpus)]
    public int AnalyzeCorpus() => _analyzer.Analyze(_corpus).SentenceCount;
}
