using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using ReflectiveAnalysis.Analysis;
using ReflectiveAnalysis.Internals;
using ReflectiveAnalysis.Lexicons;
using ReflectiveAnalysis.Models;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Benchmarks;

/// <summary>
/// Cue matching over the whole corpus: the lexicon's phrases as one case-insensitive Regex alternation (what a user
/// would otherwise write; it finds the phrases but knows nothing of families, first-person conditions or token
/// boundaries beyond <c>\b</c>) against the core's hash trie.
/// </summary>
[MemoryDiagnoser]
public class LexiconBenchmarks
{
    private Regex _phrases = null!;
    private string _text = "";
    private CueLexicon _lexicon = null!;
    private AnalysisScratch _loaded = null!;
    private AnalysisScratch _fresh = null!;
    private PooledList<CueMatch> _matches = new(1024);

    [GlobalSetup]
    public void Setup()
    {
        _text = Corpora.Corpus;
        _lexicon = ReflectionModel.Default.Extractor.Lexicon;
        _phrases = new Regex(@"\b(?:" + string.Join("|", Phrases(_lexicon.Source)) + @")\b", RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        _loaded = new AnalysisScratch();
        _loaded.Load(_text, _lexicon);
        _fresh = new AnalysisScratch();
        _fresh.Load(_text, _lexicon); // grow the buffers once
        Console.WriteLine($"// Lexicon: {_lexicon.PhraseCount:N0} phrases; the trie finds {_loaded.Cues.Count:N0} cues in the corpus, the Regex {_phrases.Count(_text):N0} matches");
    }

    /// <summary>The lexicon file's phrases as Regex alternatives: words escaped, a trailing * as <c>\w*</c>.</summary>
    private static IEnumerable<string> Phrases(string source)
    {
        foreach (string raw in source.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '[' or '@')
            {
                continue;
            }
            IEnumerable<string> phrases = line.StartsWith("words:", StringComparison.Ordinal)
                ? line[6..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                : [line];
            foreach (string phrase in phrases)
            {
                var pattern = new StringBuilder();
                foreach (string word in phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    pattern.Append(pattern.Length == 0 ? "" : @"\s+");
                    pattern.Append(word.EndsWith('*') ? Regex.Escape(word[..^1]) + @"\w*" : Regex.Escape(word));
                }
                yield return pattern.ToString();
            }
        }
    }

    [Benchmark(Baseline = true, Description = "Regex alternation of every phrase (Compiled, IgnoreCase)")]
    [Input(Input.Corpus)]
    public int RegexAlternation()
    {
        int count = 0;
        foreach (ValueMatch match in _phrases.EnumerateMatches(_text))
        {
            count += match.Length > 0 ? 1 : 0;
        }
        return count;
    }

    [Benchmark(Description = "CueLexicon.Match per sentence (tokens and hashes ready)")]
    [Input(Input.Corpus)]
    public int TrieMatch()
    {
        ReadOnlySpan<SentenceSegment> sentences = _loaded.Layout.Sentences;
        ReadOnlySpan<Token> tokens = _loaded.Layout.Tokens;
        int count = 0;
        foreach (SentenceSegment sentence in sentences)
        {
            _matches.Clear();
            _lexicon.Match(_text, tokens, _loaded.Hashes, sentence.FirstToken, sentence.FirstToken + sentence.TokenCount, ref _matches);
            count += _matches.Count;
        }
        return count;
    }

    [Benchmark(Description = "Tokenise + hash + match (AnalysisScratch.Load)")]
    [Input(Input.Corpus)]
    public int LoadAndMatch()
    {
        _fresh.Load(_text, _lexicon);
        return _fresh.Cues.Count;
    }
}
