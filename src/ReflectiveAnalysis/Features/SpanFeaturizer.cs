using ReflectiveAnalysis.Analysis;
using ReflectiveAnalysis.Lexicons;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Features;

/// <summary>
/// The one place that decides which views (sentence, neighbours, paragraph) the extractor sees for a loaded text.
/// The analyzer calls it for layout sentences and paragraphs; the trainer calls the same methods, and
/// <see cref="ViewOver"/> for a span the segmenter split differently, so training and run time compute identical
/// features.
/// </summary>
internal static class SpanFeaturizer
{
    /// <summary>Features of layout sentence <paramref name="s"/> with its neighbours in the same paragraph as context.</summary>
    public static int ExtractSentence(FeatureExtractor extractor, ReadOnlySpan<char> text, AnalysisScratch scratch, int s)
    {
        ReadOnlySpan<SentenceSegment> sentences = scratch.Layout.Sentences;
        SentenceView none = default;
        bool hasPrevious = s > 0 && sentences[s - 1].Paragraph == sentences[s].Paragraph;
        bool hasNext = s + 1 < sentences.Length && sentences[s + 1].Paragraph == sentences[s].Paragraph;
        return extractor.Extract(text, scratch.Layout.Tokens, scratch.Hashes, scratch.Cues.Span, scratch.Views[s],
            hasPrevious ? scratch.Views[s - 1] : none, hasNext ? scratch.Views[s + 1] : none, ref scratch.Features, scratch.CharGrams);
    }

    /// <summary>Features of layout paragraph <paramref name="p"/> read as one unit, without context.</summary>
    public static int ExtractParagraph(FeatureExtractor extractor, ReadOnlySpan<char> text, AnalysisScratch scratch, int p)
    {
        SentenceView none = default;
        return extractor.Extract(text, scratch.Layout.Tokens, scratch.Hashes, scratch.Cues.Span, scratch.ParagraphViews[p], none, none, ref scratch.Features, scratch.CharGrams);
    }

    /// <summary>
    /// <see cref="ExtractSentence"/>'s features as emitted, neither sorted nor normalised, into the scratch's feature
    /// list (see <see cref="FeatureMerger"/>).
    /// </summary>
    public static void ExtractSentenceUnnormalised(FeatureExtractor extractor, ReadOnlySpan<char> text, AnalysisScratch scratch, int s)
    {
        ReadOnlySpan<SentenceSegment> sentences = scratch.Layout.Sentences;
        SentenceView none = default;
        bool hasPrevious = s > 0 && sentences[s - 1].Paragraph == sentences[s].Paragraph;
        bool hasNext = s + 1 < sentences.Length && sentences[s + 1].Paragraph == sentences[s].Paragraph;
        extractor.ExtractUnnormalised(text, scratch.Layout.Tokens, scratch.Hashes, scratch.Cues.Span, scratch.Views[s],
            hasPrevious ? scratch.Views[s - 1] : none, hasNext ? scratch.Views[s + 1] : none, ref scratch.Features, scratch.CharGrams);
    }

    /// <summary><see cref="ExtractParagraph"/>'s features as emitted, neither sorted nor normalised.</summary>
    public static void ExtractParagraphUnnormalised(FeatureExtractor extractor, ReadOnlySpan<char> text, AnalysisScratch scratch, int p)
    {
        SentenceView none = default;
        extractor.ExtractUnnormalised(text, scratch.Layout.Tokens, scratch.Hashes, scratch.Cues.Span, scratch.ParagraphViews[p], none, none, ref scratch.Features, scratch.CharGrams);
    }

    /// <summary>Features of an arbitrary view (built with <see cref="ViewOver"/>) and its context views.</summary>
    public static int ExtractView(FeatureExtractor extractor, ReadOnlySpan<char> text, AnalysisScratch scratch, in SentenceView view, in SentenceView previous, in SentenceView next) =>
        extractor.Extract(text, scratch.Layout.Tokens, scratch.Hashes, scratch.Cues.Span, view, previous, next, ref scratch.Features, scratch.CharGrams);

    /// <summary>
    /// A view over the tokens <paramref name="firstToken"/> up to <paramref name="endToken"/> of the loaded text:
    /// its cues are matched exactly as <see cref="AnalysisScratch.Load"/> matches a layout sentence's and appended to
    /// the scratch's cue list. Returns <c>default</c> (no tokens) for an empty range.
    /// </summary>
    public static SentenceView ViewOver(ReadOnlySpan<char> text, AnalysisScratch scratch, CueLexicon lexicon, int firstToken, int endToken, int positionInParagraph, int paragraphSentenceCount, BlockKind block)
    {
        if (endToken <= firstToken)
        {
            return default;
        }
        int firstCue = scratch.Cues.Count;
        lexicon.Match(text, scratch.Layout.Tokens, scratch.Hashes, firstToken, endToken, ref scratch.Cues);
        return new SentenceView(firstToken, endToken - firstToken, firstCue, scratch.Cues.Count - firstCue, positionInParagraph, paragraphSentenceCount, block);
    }

    /// <summary>The tokens that lie wholly inside the characters <paramref name="start"/> up to <paramref name="end"/>, as a half-open token range.</summary>
    public static (int First, int End) TokensWithin(ReadOnlySpan<Token> tokens, int start, int end)
    {
        int first = 0;
        while (first < tokens.Length && tokens[first].Start < start)
        {
            first++;
        }
        int last = first;
        while (last < tokens.Length && tokens[last].End <= end)
        {
            last++;
        }
        return (first, last);
    }
}
