using ReflectiveAnalysis.Internals;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Features;

/// <summary>
/// The character-gram feature indices of each token of one loaded text, computed on first use and reused.
/// </summary>
/// <remarks>
/// Why: a token's character grams depend only on its text, yet every token is featurised at least twice (in its
/// sentence and again in its paragraph), and character grams were most of the extraction time. The cache lives
/// in the per-thread <see cref="Analysis.AnalysisScratch"/>, is cleared whenever a text is loaded, and is keyed by
/// the extractor (the hash width decides the indices), so it can never serve another text's or model's indices.
/// </remarks>
internal sealed class CharGramCache
{
    private FeatureExtractor? _owner;
    private int[] _offsets = new int[1024];
    private int[] _counts = new int[1024];
    private int _tokenCount;
    private PooledList<int> _indices = new(4096);

    /// <summary>Forgets everything; called when a new text is loaded.</summary>
    public void Reset(int tokenCount)
    {
        _owner = null;
        _tokenCount = tokenCount;
    }

    /// <summary>The character-gram indices of token <paramref name="t"/>, in the order the extractor emits them.</summary>
    public ReadOnlySpan<int> Get(FeatureExtractor extractor, ReadOnlySpan<char> text, Token token, int t)
    {
        if (!ReferenceEquals(_owner, extractor))
        {
            Start(extractor);
        }
        if (_offsets[t] < 0)
        {
            _offsets[t] = _indices.Count;
            extractor.AddCharGramIndices(text, token, ref _indices);
            _counts[t] = _indices.Count - _offsets[t];
        }
        return _indices.Span.Slice(_offsets[t], _counts[t]);
    }

    private void Start(FeatureExtractor extractor)
    {
        if (_offsets.Length < _tokenCount)
        {
            _offsets = new int[Math.Max(_tokenCount, _offsets.Length * 2)];
            _counts = new int[_offsets.Length];
        }
        _offsets.AsSpan(0, _tokenCount).Fill(-1);
        _indices.Clear();
        _owner = extractor;
    }

    /// <summary>Returns the pooled buffer.</summary>
    public void Dispose() => _indices.Dispose();
}
