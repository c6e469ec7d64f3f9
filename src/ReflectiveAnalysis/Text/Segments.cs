namespace ReflectiveAnalysis.Text;

/// <summary>What kind of block a paragraph (and each sentence in it) is.</summary>
public enum BlockKind : byte
{
    /// <summary>Running text.</summary>
    Prose = 0,

    /// <summary>A bulleted or numbered list; each item starts a new sentence.</summary>
    List = 1,

    /// <summary>A heading: a short line without a full stop that starts a block and is followed by text,
    /// or a Markdown <c>#</c> heading. It is a paragraph of one sentence.</summary>
    Heading = 2,
}

/// <summary>A sentence: offsets into the original text (trimmed of surrounding white space) and the tokens it spans.</summary>
/// <param name="Start">Offset of the sentence's first character.</param>
/// <param name="Length">Length in UTF-16 code units.</param>
/// <param name="FirstToken">Index of its first token in <see cref="TextLayout.Tokens"/>.</param>
/// <param name="TokenCount">Number of tokens; at least one.</param>
/// <param name="Paragraph">Index of the paragraph that holds it.</param>
/// <param name="Kind">The kind of block it belongs to.</param>
public readonly record struct SentenceSegment(int Start, int Length, int FirstToken, int TokenCount, int Paragraph, BlockKind Kind)
{
    /// <summary>Offset just past the last character.</summary>
    public int End => Start + Length;
}

/// <summary>A paragraph: offsets into the original text and the sentences it holds.</summary>
/// <param name="Start">Offset of the paragraph's first character.</param>
/// <param name="Length">Length in UTF-16 code units.</param>
/// <param name="FirstSentence">Index of its first sentence in <see cref="TextLayout.Sentences"/>.</param>
/// <param name="SentenceCount">Number of sentences; at least one.</param>
/// <param name="Kind">Prose, list or heading.</param>
public readonly record struct ParagraphSegment(int Start, int Length, int FirstSentence, int SentenceCount, BlockKind Kind)
{
    /// <summary>Offset just past the last character.</summary>
    public int End => Start + Length;
}
