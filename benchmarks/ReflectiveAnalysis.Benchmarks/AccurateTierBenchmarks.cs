using BenchmarkDotNet.Attributes;
using ReflectiveAnalysis.Embeddings;

namespace ReflectiveAnalysis.Benchmarks;

/// <summary>
/// The accurate tier (ReflectiveAnalysis.Embeddings: MiniLM-L6 embeddings of every sentence, one encoder call per
/// text) against the fast tier on the same ~1,000-word statement. The ksentences/s column gives sentences per second.
/// </summary>
[MemoryDiagnoser]
public class AccurateTierBenchmarks
{
    private ReflectionAnalyzer _fast = null!;
    private ReflectionAnalyzer _accurate = null!;
    private string _statement = "";

    [GlobalSetup]
    public void Setup()
    {
        _fast = ReflectionAnalyzer.CreateDefault();
        _accurate = AccurateTier.CreateAnalyzer();
        _statement = Corpora.Statement;
        _fast.Analyze(_statement); // load both models and the ONNX session outside the measurement
        _accurate.Analyze(_statement);
    }

    [Benchmark(Baseline = true, Description = "Fast tier (1,000-word statement)")]
    [Input(Input.Statement)]
    public int Fast() => _fast.Analyze(_statement).SentenceCount;

    [Benchmark(Description = "Accurate tier (1,000-word statement)")]
    [Input(Input.Statement)]
    public int Accurate() => _accurate.Analyze(_statement).SentenceCount;
}
