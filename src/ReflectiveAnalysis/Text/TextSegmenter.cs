using System.Collections.Immutable;

namespace ReflectiveAnalysis.Text;

/// <summary>
/// Splits text into paragraphs and sentences, keeping offsets into the caller's string.
/// </summary>
/// <remarks>
/// <para><b>Paragraphs</b> end at blank lines. A heading (a Markdown <c>#</c> line, or a line of at most 12 words and
/// 80 characters that starts a block with a capital or digit, does not end in <c>. ! ? , ;</c> and is followed by
/// more text) is a paragraph of its own. A bulleted or numbered list (<c>-</c>, <c>*</c>, <c>•</c>, <c>1.</c>,
/// <c>2)</c>, <c>(a)</c>, <c>a)</c>) is a paragraph; indented lines continue an item. CRLF, LF, CR, NEL, U+2028
/// and U+2029 all break lines.</para>
/// <para><b>Sentences</b> end at <c>. ! ? …</c> (and runs of them) plus any closing quotes or brackets written
/// straight after, unless the next word starts in lower case, the full stop follows a title or abbreviation
/// (Dr, Mr, vs, cf, etc. before a lower-case word, e.g., i.e.), an initial (J. Smith) or <c>no.</c>/<c>p.</c>
/// before a number. Decimals (3.5) are single tokens, so they never split. Each list item starts a new
/// sentence; a heading is one sentence; text with no final punctuation still ends a sentence.</para>
/// </remarks>
public static class TextSegmenter
{
    /// <summary>Segments <paramref name="text"/> into an immutable result.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static SegmentedText Segment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var layout = new TextLayout(text.Length / 5);
        layout.Load(text);
        return new SegmentedText(
            text,
            ImmutableArray.Create(layout.Tokens),
            ImmutableArray.Create(layout.Sentences),
            ImmutableArray.Create(layout.Paragraphs));
    }
}

/// <summary>The immutable result of <see cref="TextSegmenter.Segment(string)"/>.</summary>
public sealed class SegmentedText
{
    internal SegmentedText(string text, ImmutableArray<Token> tokens, ImmutableArray<SentenceSegment> sentences, ImmutableArray<ParagraphSegment> paragraphs)
    {
        Text = text;
        Tokens = tokens;
        Sentences = sentences;
        Paragraphs = paragraphs;
    }

    /// <summary>The text that was segmented.</summary>
    public string Text { get; }

    /// <summary>Its tokens, in order.</summary>
    public ImmutableArray<Token> Tokens { get; }

    /// <summary>Its sentences, in order.</summary>
    public ImmutableArray<SentenceSegment> Sentences { get; }

    /// <summary>Its paragraphs, in order.</summary>
    public ImmutableArray<ParagraphSegment> Paragraphs { get; }

    /// <summary>The text of one sentence.</summary>
    public string GetText(SentenceSegment sentence) => Text.Substring(sentence.Start, sentence.Length);

    /// <summary>The text of one paragraph.</summary>
    public string GetText(ParagraphSegment paragraph) => Text.Substring(paragraph.Start, paragraph.Length);
}
