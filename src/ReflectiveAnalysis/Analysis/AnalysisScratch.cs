using ReflectiveAnalysis.Features;
using ReflectiveAnalysis.Internals;
using ReflectiveAnalysis.Lexicons;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Analysis;

/// <summary>
/// Per-call working memory: the layout, token hashes, cues, sentence views, features and scores of one text.
/// One instance per thread (cached in a [ThreadStatic] field), so the analyzer shares nothing mutable between
/// threads and a steady stream of calls reuses the same buffers. A scratch that grew past
/// <see cref="MaxCachedTokens"/> is not kept, so one huge text does not pin its memory.
/// </summary>
internal sealed class AnalysisScratch
{
    public const int MaxCachedTokens = 1 << 16;

    [ThreadStatic]
    private static AnalysisScratch? t_cached;

    public readonly TextLayout Layout = new(1024);
    public ulong[] Hashes = new ulong[1024];
    public PooledList<CueMatch> Cues = new(256);
    public SentenceView[] Views = new SentenceView[128];
    public SentenceView[] ParagraphViews = new SentenceView[32];
    public PooledList<Feature> Features = new(512);

    /// <summary>
    /// The positions of the merged <see cref="Features"/> in the order they first occur (<see cref="FeatureMerger"/>;
    /// the first <see cref="OrderCount"/> elements), their row ranks, and the scale.
    /// </summary>
    public ulong[] Order = new ulong[512];
    public int OrderCount;
    public int[] Ranks = new int[512];
    public float Scale;
    public readonly FeatureMerger Merger = new();
    public PooledList<CueMatch> PksbMatches = new(32);
    public readonly CharGramCache CharGrams = new();
    public float[] Probabilities = new float[128 * ReflectiveTaxonomy.CategoryCount];
    public float[] Criteria = new float[32 * ReflectiveTaxonomy.CriterionCount];
    public Driver[] Drivers = new Driver[128 * MaxDrivers];

    /// <summary>How many drivers are kept per sentence.</summary>
    public const int MaxDrivers = 3;

    public static AnalysisScratch Rent()
    {
        AnalysisScratch? scratch = t_cached;
        t_cached = null;
        return scratch ?? new AnalysisScratch();
    }

    public static void Return(AnalysisScratch scratch)
    {
        if (scratch.Layout.TokenCapacity <= MaxCachedTokens)
        {
            t_cached = scratch;
        }
        else
        {
            scratch.Cues.Dispose();
            scratch.Features.Dispose();
            scratch.PksbMatches.Dispose();
            scratch.CharGrams.Dispose();
        }
    }

    /// <summary>Loads a text: layout, hashes, cues per sentence and per paragraph, sentence views.</summary>
    public void Load(ReadOnlySpan<char> text, CueLexicon lexicon)
    {
        Layout.Load(text);
        ReadOnlySpan<Token> tokens = Layout.Tokens;
        CharGrams.Reset(tokens.Length);
        ReadOnlySpan<SentenceSegment> sentences = Layout.Sentences;
        ReadOnlySpan<ParagraphSegment> paragraphs = Layout.Paragraphs;
        EnsureCapacity(ref Hashes, tokens.Length);
        for (int t = 0; t < tokens.Length; t++)
        {
            Hashes[t] = FeatureExtractor.WordHash(text, tokens[t]);
        }

        Cues.Clear();
        EnsureCapacity(ref Views, sentences.Length);
        EnsureCapacity(ref ParagraphViews, paragraphs.Length);
        for (int p = 0; p < paragraphs.Length; p++)
        {
            ParagraphSegment paragraph = paragraphs[p];
            int paragraphFirstCue = Cues.Count;
            for (int s = paragraph.FirstSentence; s < paragraph.FirstSentence + paragraph.SentenceCount; s++)
            {
                SentenceSegment sentence = sentences[s];
                int firstCue = Cues.Count;
                lexicon.Match(text, tokens, Hashes, sentence.FirstToken, sentence.FirstToken + sentence.TokenCount, ref Cues);
                Views[s] = new SentenceView(sentence.FirstToken, sentence.TokenCount, firstCue, Cues.Count - firstCue,
                    s - paragraph.FirstSentence, paragraph.SentenceCount, sentence.Kind);
            }
            SentenceSegment firstSentence = sentences[paragraph.FirstSentence];
            SentenceSegment lastSentence = sentences[paragraph.FirstSentence + paragraph.SentenceCount - 1];
            int tokenCount = lastSentence.FirstToken + lastSentence.TokenCount - firstSentence.FirstToken;
            ParagraphViews[p] = new SentenceView(firstSentence.FirstToken, tokenCount, paragraphFirstCue, Cues.Count - paragraphFirstCue, 0, 1, paragraph.Kind);
        }

        EnsureCapacity(ref Probabilities, sentences.Length * ReflectiveTaxonomy.CategoryCount);
        EnsureCapacity(ref Criteria, paragraphs.Length * ReflectiveTaxonomy.CriterionCount);
        EnsureCapacity(ref Drivers, sentences.Length * MaxDrivers);
        Array.Clear(Drivers, 0, sentences.Length * MaxDrivers);
    }

    /// <summary>
    /// Merges and scales the raw <see cref="Features"/> into <see cref="Order"/>, <see cref="OrderCount"/> and
    /// <see cref="Scale"/> (merged values are written to the first occurrences in <see cref="Features"/>); returns the order.
    /// </summary>
    public ReadOnlySpan<ulong> MergeFeatures()
    {
        int n = Features.Count;
        EnsureCapacity(ref Order, n);
        EnsureCapacity(ref Ranks, n);
        OrderCount = Merger.MergeAndScale(Features.Span, Order.AsSpan(0, n), out Scale);
        return Order.AsSpan(0, OrderCount);
    }

    private static void EnsureCapacity<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, array.Length * 2)];
        }
    }
}

/// <summary>An input that pushed a sentence towards its category; <see cref="Weight"/> 0 marks an empty slot.</summary>
internal readonly record struct Driver(int Start, int Length, FeatureKind Kind, short Detail, float Weight);
