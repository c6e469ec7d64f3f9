using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Benchmarks;

/// <summary>
/// Tokenising the whole corpus: the Regex a user would otherwise write, against our tokenizer's three entry points
/// (count-only enumeration, tokens into a reused array, full layout into a reused <see cref="TextLayout"/>) and
/// the allocating <see cref="TextSegmenter.Segment(string)"/>.
/// </summary>
[MemoryDiagnoser]
public class TokenizerBenchmarks
{
    private static readonly Regex s_words = new(@"\w+|[^\w\s]", RegexOptions.Compiled);

    private string _text = "";
    private (int Index, int Length)[] _matches = [];
    private Token[] _tokens = [];
    private TextLayout _layout = new();

    [GlobalSetup]
    public void Setup()
    {
        _text = Corpora.Corpus;
        _matches = new (int, int)[_text.Length];
        _tokens = new Token[_text.Length];
        _layout = new TextLayout();
        _layout.Load(_text); // grow the buffers once, as a long-lived layout would have
    }

    /// <summary>The peer: every match's index and length, collected into a reused array.</summary>
    [Benchmark(Baseline = true, Description = "Regex (Compiled, EnumerateMatches)")]
    [Input(Input.Corpus)]
    public int RegexBaseline()
    {
        (int Index, int Length)[] matches = _matches;
        int count = 0;
        foreach (ValueMatch match in s_words.EnumerateMatches(_text))
        {
            matches[count++] = (match.Index, match.Length);
        }
        return count;
    }

    [Benchmark(Description = "Tokenizer.Enumerate (count)")]
    [Input(Input.Corpus)]
    public int Enumerate()
    {
        int count = 0;
        foreach (Token token in Tokenizer.Enumerate(_text))
        {
            count++;
        }
        return count;
    }

    [Benchmark(Description = "Tokenizer.Tokenize (reused Token[])")]
    [Input(Input.Corpus)]
    public int Tokenize() => Tokenizer.Tokenize(_text, _tokens);

    [Benchmark(Description = "TextLayout.Load (reused layout)")]
    [Input(Input.Corpus)]
    public int LayoutLoad()
    {
        _layout.Load(_text);
        return _layout.Sentences.Length;
    }

    [Benchmark(Description = "TextSegmenter.Segment (allocating)")]
    [Input(Input.Corpus)]
    public int Segment() => TextSegmenter.Segment(_text).Sentences.Length;
}
