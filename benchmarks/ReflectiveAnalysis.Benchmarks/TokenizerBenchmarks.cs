using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Microsoft.ML;
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
    private IDataView _paragraphs = null!;
    private ITransformer _mlNetWords = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = Corpora.Corpus;
        _matches = new (int, int)[_text.Length];
        _tokens = new Token[_text.Length];
        _layout = new TextLayout();
        _layout.Load(_text); // grow the buffers once, as a long-lived layout would have

        // Catalyst's role (Catalyst is not served here): ML.NET's text normaliser and word tokenizer over the paragraphs.
        var ml = new MLContext(seed: 1);
        _paragraphs = ml.Data.LoadFromEnumerable(_text.Split("\n\n").Select(p => new MlNet.TextRow { Text = p }));
        _mlNetWords = ml.Transforms.Text.NormalizeText("Normalized", nameof(MlNet.TextRow.Text))
            .Append(ml.Transforms.Text.TokenizeIntoWords("Words", "Normalized"))
            .Fit(_paragraphs);
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

    /// <summary>The NLP-library peer: ML.NET NormalizeText + TokenizeIntoWords, every paragraph's words read through a cursor.</summary>
    [Benchmark(Description = "ML.NET NormalizeText+TokenizeIntoWords")]
    [Input(Input.Corpus)]
    public long MlNetWords() => MlNet.Drain<ReadOnlyMemory<char>>(_mlNetWords.Transform(_paragraphs), "Words");

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
