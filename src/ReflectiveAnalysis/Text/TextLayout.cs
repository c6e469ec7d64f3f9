using System.Buffers;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using ReflectiveAnalysis.Internals;

namespace ReflectiveAnalysis.Text;

/// <summary>
/// The tokens, sentences and paragraphs of one text, with offsets into it. <see cref="Load"/> fills the layout
/// again for a new text, reusing its buffers, so a layout kept by the caller makes repeated segmentation
/// allocation-free once the buffers have grown to fit.
/// </summary>
/// <remarks>
/// <para><b>Not thread-safe:</b> a layout is scratch space for one text at a time. Use one per thread, or call
/// <see cref="TextSegmenter.Segment(string)"/> for an immutable result.</para>
/// <para>Every non-white-space character of the text lies in exactly one token; every token lies in exactly one
/// sentence; every sentence lies in exactly one paragraph. Sentences and paragraphs are trimmed of white space,
/// in text order and never overlap. Rules: see <see cref="TextSegmenter"/>.</para>
/// </remarks>
public sealed class TextLayout
{
    private Token[] _tokens;
    private SentenceSegment[] _sentences;
    private ParagraphSegment[] _paragraphs;
    private Line[] _lines;
    private int[] _marks;
    private int _markCount;
    private bool _reference;
    private int _tokenCount;
    private int _sentenceCount;
    private int _paragraphCount;
    private int _lineCount;

    /// <summary>Creates an empty layout.</summary>
    public TextLayout()
        : this(256)
    {
    }

    /// <summary>Creates an empty layout whose buffers start large enough for about <paramref name="expectedTokens"/> tokens.</summary>
    public TextLayout(int expectedTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedTokens);
        int capacity = Math.Max(16, expectedTokens);
        _tokens = new Token[capacity];
        _sentences = new SentenceSegment[Math.Max(4, capacity / 8)];
        _paragraphs = new ParagraphSegment[Math.Max(4, capacity / 32)];
        _lines = new Line[Math.Max(4, capacity / 8)];
        _marks = new int[Math.Max(4, capacity / 8)];
    }

    /// <summary>The tokens of the last text loaded.</summary>
    public ReadOnlySpan<Token> Tokens => _tokens.AsSpan(0, _tokenCount);

    /// <summary>The sentences of the last text loaded.</summary>
    public ReadOnlySpan<SentenceSegment> Sentences => _sentences.AsSpan(0, _sentenceCount);

    /// <summary>The paragraphs of the last text loaded.</summary>
    public ReadOnlySpan<ParagraphSegment> Paragraphs => _paragraphs.AsSpan(0, _paragraphCount);

    /// <summary>Characters the buffers can hold tokens for without growing; used to keep pooled layouts bounded.</summary>
    internal int TokenCapacity => _tokens.Length;

    /// <summary>Tokenises and segments <paramref name="text"/>, replacing what the layout held.</summary>
    public void Load(ReadOnlySpan<char> text)
    {
        _reference = false;
        LoadCore(text);
    }

    /// <summary>
    /// Test hook: <see cref="Load"/> with the sentence splitter that tests every token for a sentence end (the
    /// reference the list of possible sentence ends must agree with; see <see cref="MayEndSentence"/>).
    /// </summary>
    internal void LoadReference(ReadOnlySpan<char> text)
    {
        _reference = true;
        LoadCore(text);
    }

    private void LoadCore(ReadOnlySpan<char> text)
    {
        _tokenCount = 0;
        _sentenceCount = 0;
        _paragraphCount = 0;
        _lineCount = 0;
        _markCount = 0;
        Tokenize(text);
        if (_tokenCount == 0)
        {
            return;
        }
        ReadLines(text);
        Segment(text);
    }

    private void Tokenize(ReadOnlySpan<char> text)
    {
        // The counts and arrays in locals, written back once.
        int position = 0;
        int count = 0;
        int markCount = 0;
        Token[] tokens = _tokens;
        int[] marks = _marks;
        while (Tokenizer.TryReadNext(text, ref position, out Token token))
        {
            if (count == tokens.Length)
            {
                Array.Resize(ref tokens, tokens.Length * 2);
            }
            if (MayEndSentence(text, token))
            {
                if (markCount == marks.Length)
                {
                    Array.Resize(ref marks, marks.Length * 2);
                }
                marks[markCount++] = count;
            }
            tokens[count++] = token;
        }
        _tokens = tokens;
        _tokenCount = count;
        _marks = marks;
        _markCount = markCount;
    }

    // ---- sentence marks ------------------------------------------------------------------------------------

    /// <summary>
    /// Whether a token can end a sentence at all: <see cref="EndsSentence"/> needs a punctuation token that starts
    /// with a sentence mark (. ! ? … ‽) or a word that ends with '.', so a token that does neither never does. The tokens that pass are listed as they are read, and the splitter tests only those.
    /// </summary>
    /// <remarks>
    /// Why: testing every token of every region (its kind, its region, its first or last character) was about half
    /// of the segmentation pass, and about one token in twenty passes this test. Checked against
    /// <see cref="LoadReference"/>, which tests every token, on random text (<c>FastPathTests</c>).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool MayEndSentence(ReadOnlySpan<char> text, Token token)
    {
        char first = text[token.Start];
        return text[token.End - 1] == '.' || ((uint)(first - '!') <= '?' - '!' && first is '.' or '!' or '?') || first is '\u2026' or '\u203D';
    }

    /// <summary>The first token at or after <paramref name="from"/> that starts at or after <paramref name="position"/>.</summary>
    private static int FirstStartingAtOrAfter(ReadOnlySpan<Token> tokens, int from, int position)
    {
        int step = 1;
        int low = from;
        int high = from;
        while (high < tokens.Length && tokens[high].Start < position)
        {
            low = high + 1;
            high += step;
            step <<= 1;
        }
        high = Math.Min(high, tokens.Length);
        while (low < high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            if (tokens[mid].Start < position)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    // ---- lines -------------------------------------------------------------------------------------------

    private enum LineKind : byte
    {
        Blank,
        Text,
        Bullet,
        MarkdownHeading,
    }

    private struct Line
    {
        public int ContentStart;
        public int ContentEnd;
        public int MarkerEnd; // for bullets: offset just past the marker
        public LineKind Kind;
        public bool Indented;
        public bool IsHeading;
    }

    private void ReadLines(ReadOnlySpan<char> text)
    {
        int i = 0;
        int length = text.Length;
        while (i <= length)
        {
            int lineStart = i;
            int rel = text[i..].IndexOfAny(s_lineBreaks);
            int lineEnd = rel < 0 ? length : i + rel;
            AddLine(text, lineStart, lineEnd);
            if (rel < 0)
            {
                break;
            }
            i = lineEnd + (text[lineEnd] == '\r' && lineEnd + 1 < length && text[lineEnd + 1] == '\n' ? 2 : 1);
            if (i == length)
            {
                break;
            }
        }
        MarkHeadings(text);
    }

    private void AddLine(ReadOnlySpan<char> text, int start, int end)
    {
        ReadOnlySpan<char> line = text[start..end];
        int first = 0;
        while (first < line.Length && char.IsWhiteSpace(line[first]))
        {
            first++;
        }
        int last = line.Length;
        while (last > first && char.IsWhiteSpace(line[last - 1]))
        {
            last--;
        }
        if (_lineCount == _lines.Length)
        {
            Array.Resize(ref _lines, _lines.Length * 2);
        }
        ref Line l = ref _lines[_lineCount++];
        l = default;
        l.ContentStart = start + first;
        l.ContentEnd = start + last;
        l.Indented = first > 0;
        if (first == last)
        {
            l.Kind = LineKind.Blank;
            return;
        }
        ReadOnlySpan<char> content = line[first..last];
        int marker = BulletMarkerLength(content);
        if (marker > 0)
        {
            l.Kind = LineKind.Bullet;
            l.MarkerEnd = l.ContentStart + marker;
        }
        else if (IsMarkdownHeading(content))
        {
            l.Kind = LineKind.MarkdownHeading;
        }
        else
        {
            l.Kind = LineKind.Text;
        }
    }

    /// <summary>Length of a bullet or number marker and the white space after it, or 0 when the line is not a list item.</summary>
    private static int BulletMarkerLength(ReadOnlySpan<char> content)
    {
        int i;
        char c = content[0];
        if (c is '-' or '*' or '+' or '\u2022' or '\u2013' or '\u2014' or '\u00B7' or '\u25E6' or '\u25AA' or '\u2023' or '\u25CF' or '\u25A0')
        {
            i = 1;
        }
        else if (c is >= '0' and <= '9')
        {
            i = 1;
            while (i < content.Length && i < 3 && content[i] is >= '0' and <= '9')
            {
                i++;
            }
            if (i >= content.Length || content[i] is not ('.' or ')'))
            {
                return 0;
            }
            i++;
        }
        else if (c == '(' && content.Length > 3)
        {
            int close = content[..Math.Min(content.Length, 6)].IndexOf(')');
            if (close < 2 || !IsAllLetterOrDigit(content[1..close]))
            {
                return 0;
            }
            i = close + 1;
        }
        else if (char.IsAsciiLetter(c) && content.Length > 2 && content[1] == ')')
        {
            i = 2;
        }
        else
        {
            return 0;
        }
        int afterMarker = i;
        while (i < content.Length && content[i] is ' ' or '\t' or '\u00A0')
        {
            i++;
        }
        // A marker needs white space after it and some text after that.
        return i > afterMarker && i < content.Length ? i : 0;
    }

    private static bool IsAllLetterOrDigit(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsMarkdownHeading(ReadOnlySpan<char> content)
    {
        int hashes = 0;
        while (hashes < content.Length && content[hashes] == '#')
        {
            hashes++;
        }
        return hashes is >= 1 and <= 6 && hashes < content.Length && content[hashes] == ' ';
    }

    /// <summary>Longest line, in characters, that may be read as a heading.</summary>
    internal const int MaxHeadingChars = 80;

    /// <summary>Most words a heading may have.</summary>
    internal const int MaxHeadingWords = 12;

    private void MarkHeadings(ReadOnlySpan<char> text)
    {
        for (int n = 0; n < _lineCount; n++)
        {
            ref Line line = ref _lines[n];
            if (line.Kind == LineKind.MarkdownHeading)
            {
                line.IsHeading = true;
                continue;
            }
            if (line.Kind != LineKind.Text || line.ContentEnd - line.ContentStart > MaxHeadingChars)
            {
                continue;
            }
            bool startsBlock = n == 0 || _lines[n - 1].Kind == LineKind.Blank || _lines[n - 1].IsHeading;
            if (!startsBlock)
            {
                continue;
            }
            // The next non-blank line must exist and must not continue this one in lower case.
            int next = n + 1;
            while (next < _lineCount && _lines[next].Kind == LineKind.Blank)
            {
                next++;
            }
            if (next >= _lineCount)
            {
                continue;
            }
            ReadOnlySpan<char> content = text[line.ContentStart..line.ContentEnd];
            char first = content[0];
            // Closing brackets and quotes are looked through: "Criterion 2 (Organisational context)" is a heading,
            // a quoted sentence that ends '... it."' is not. (The look stops at the first character, which must be
            // an upper-case letter or a digit, so it never ends on a closer.)
            int end = content.Length;
            while (end > 1 && CharClassifier.IsCloser(content[end - 1]))
            {
                end--;
            }
            char last = content[end - 1];
            if (!(CharClassifier.IsUpper(first) || char.IsAsciiDigit(first)) || last is '.' or '!' or '?' or ',' or ';' or '\u2026')
            {
                continue;
            }
            if (next == n + 1 && _lines[next].Kind == LineKind.Text && CharClassifier.IsLower(text[_lines[next].ContentStart]))
            {
                continue;
            }
            if (CountWords(content) <= MaxHeadingWords)
            {
                line.IsHeading = true;
            }
        }
    }

    private static int CountWords(ReadOnlySpan<char> content)
    {
        int words = 0;
        bool inWord = false;
        foreach (char c in content)
        {
            bool space = char.IsWhiteSpace(c);
            if (!space && !inWord)
            {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    // ---- paragraphs and sentences ------------------------------------------------------------------------

    private int _markCursor;

    private void Segment(ReadOnlySpan<char> text)
    {
        int tokenCursor = 0;
        _markCursor = 0;
        int n = 0;
        while (n < _lineCount)
        {
            ref Line line = ref _lines[n];
            if (line.Kind == LineKind.Blank)
            {
                n++;
                continue;
            }
            int paragraph = _paragraphCount;
            int firstSentence = _sentenceCount;
            BlockKind kind;
            if (line.IsHeading)
            {
                kind = BlockKind.Heading;
                AddSentence(ref tokenCursor, line.ContentEnd, paragraph, kind);
                n++;
            }
            else if (line.Kind == LineKind.Bullet)
            {
                kind = BlockKind.List;
                while (n < _lineCount && _lines[n].Kind == LineKind.Bullet && !_lines[n].IsHeading)
                {
                    int markerEnd = _lines[n].MarkerEnd;
                    int itemEnd = _lines[n].ContentEnd;
                    n++;
                    // Indented plain lines continue the item.
                    while (n < _lineCount && _lines[n].Kind == LineKind.Text && _lines[n].Indented && !_lines[n].IsHeading)
                    {
                        itemEnd = _lines[n].ContentEnd;
                        n++;
                    }
                    SplitSentences(text, ref tokenCursor, markerEnd, itemEnd, paragraph, kind);
                }
            }
            else
            {
                kind = BlockKind.Prose;
                int end = line.ContentEnd;
                n++;
                while (n < _lineCount && _lines[n].Kind is LineKind.Text && !_lines[n].IsHeading)
                {
                    end = _lines[n].ContentEnd;
                    n++;
                }
                SplitSentences(text, ref tokenCursor, -1, end, paragraph, kind);
            }

            int sentences = _sentenceCount - firstSentence;
            if (sentences > 0)
            {
                if (_paragraphCount == _paragraphs.Length)
                {
                    Array.Resize(ref _paragraphs, _paragraphs.Length * 2);
                }
                int start = _sentences[firstSentence].Start;
                int stop = _sentences[_sentenceCount - 1].End;
                _paragraphs[_paragraphCount++] = new ParagraphSegment(start, stop - start, firstSentence, sentences, kind);
            }
        }
    }

    /// <summary>Adds one sentence made of the tokens from the cursor up to <paramref name="regionEnd"/>.</summary>
    private void AddSentence(ref int tokenCursor, int regionEnd, int paragraph, BlockKind kind)
    {
        int first = tokenCursor;
        while (tokenCursor < _tokenCount && _tokens[tokenCursor].Start < regionEnd)
        {
            tokenCursor++;
        }
        EmitSentence(first, tokenCursor, paragraph, kind);
    }

    private void EmitSentence(int firstToken, int endToken, int paragraph, BlockKind kind)
    {
        if (endToken <= firstToken)
        {
            return;
        }
        if (_sentenceCount == _sentences.Length)
        {
            Array.Resize(ref _sentences, _sentences.Length * 2);
        }
        int start = _tokens[firstToken].Start;
        int end = _tokens[endToken - 1].End;
        _sentences[_sentenceCount++] = new SentenceSegment(start, end - start, firstToken, endToken - firstToken, paragraph, kind);
    }

    /// <summary>
    /// Splits the tokens from the cursor up to <paramref name="regionEnd"/> into sentences. Marks before
    /// <paramref name="scanFrom"/> (a list marker such as "1.") never end a sentence.
    /// </summary>
    private void SplitSentences(ReadOnlySpan<char> text, ref int tokenCursor, int scanFrom, int regionEnd, int paragraph, BlockKind kind)
    {
        if (_reference)
        {
            SplitSentencesReference(text, ref tokenCursor, scanFrom, regionEnd, paragraph, kind);
            return;
        }
        // The same decisions as the reference, taken only at the tokens listed by MayEndSentence: every
        // other token fails EndsSentence, where the reference just moves on.
        ReadOnlySpan<Token> tokens = _tokens.AsSpan(0, _tokenCount);
        int first = tokenCursor;
        int regionEndToken = FirstStartingAtOrAfter(tokens, first, regionEnd);
        int sentenceStart = first;
        int skipThrough = first - 1; // the reference's "k = last": tokens it steps over are not tested
        int m = _markCursor;
        while (m < _markCount && _marks[m] < first)
        {
            m++;
        }
        for (; m < _markCount && _marks[m] < regionEndToken; m++)
        {
            int k = _marks[m];
            if (k <= skipThrough)
            {
                continue; // a closer stepped over after the previous mark (closers hold no marks, so never taken)
            }
            Token token = tokens[k];
            if (token.Start < scanFrom || !EndsSentence(text, token))
            {
                continue;
            }
            // Closing quotes and brackets written straight after the mark belong to this sentence.
            int last = k;
            while (last + 1 < regionEndToken && tokens[last + 1].Start == tokens[last].End && tokens[last + 1].Length == 1
                   && CharClassifier.IsCloser(text[tokens[last + 1].Start]))
            {
                last++;
            }
            skipThrough = last;
            if (last + 1 < regionEndToken && !IsBoundary(text, k, last + 1))
            {
                continue;
            }
            EmitSentence(sentenceStart, last + 1, paragraph, kind);
            sentenceStart = last + 1;
        }
        _markCursor = m;
        tokenCursor = regionEndToken;
        EmitSentence(sentenceStart, regionEndToken, paragraph, kind);
    }

    /// <summary>The splitter that tests every token of the region: the reference <see cref="SplitSentences"/> must match.</summary>
    private void SplitSentencesReference(ReadOnlySpan<char> text, ref int tokenCursor, int scanFrom, int regionEnd, int paragraph, BlockKind kind)
    {
        // One pass: the region's end is found by the same loop that looks for sentence ends (it used to be a separate
        // scan over the region's tokens first); "inside the region" is tested where the region's end was used.
        ReadOnlySpan<Token> tokens = _tokens.AsSpan(0, _tokenCount);
        int first = tokenCursor;
        int sentenceStart = first;
        int k = first;
        for (; k < tokens.Length && tokens[k].Start < regionEnd; k++)
        {
            Token token = tokens[k];
            if (token.Start < scanFrom || !EndsSentence(text, token))
            {
                continue;
            }
            // Closing quotes and brackets written straight after the mark belong to this sentence.
            int last = k;
            while (InRegion(tokens, last + 1, regionEnd) && tokens[last + 1].Start == tokens[last].End && tokens[last + 1].Length == 1
                   && CharClassifier.IsCloser(text[tokens[last + 1].Start]))
            {
                last++;
            }
            if (InRegion(tokens, last + 1, regionEnd) && !IsBoundary(text, k, last + 1))
            {
                k = last;
                continue;
            }
            EmitSentence(sentenceStart, last + 1, paragraph, kind);
            sentenceStart = last + 1;
            k = last;
        }
        tokenCursor = k;
        EmitSentence(sentenceStart, k, paragraph, kind);
    }

    private static bool InRegion(ReadOnlySpan<Token> tokens, int t, int regionEnd) => t < tokens.Length && tokens[t].Start < regionEnd;

    private static bool EndsSentence(ReadOnlySpan<char> text, Token token)
    {
        if (token.Kind == TokenKind.Punctuation)
        {
            char c = text[token.Start];
            return c is '.' or '!' or '?' or '\u2026' or '\u203D';
        }
        // Dotted abbreviations such as "U.K." may end a sentence; "e.g." and "i.e." never do.
        return token.Kind == TokenKind.Word && text[token.End - 1] == '.' && !IsNeverFinal(text.Slice(token.Start, token.Length));
    }

    /// <summary>Whether the mark at token <paramref name="mark"/> ends the sentence, given the token that follows.</summary>
    private bool IsBoundary(ReadOnlySpan<char> text, int mark, int next)
    {
        Token markToken = _tokens[mark];
        Token nextToken = _tokens[next];
        char following = text[nextToken.Start];
        if (CharClassifier.IsLower(following))
        {
            return false; // "... etc. and", "... wait... then"
        }
        ReadOnlySpan<char> markText = text.Slice(markToken.Start, markToken.Length);
        if (markToken.Kind == TokenKind.Punctuation && markText is ".")
        {
            if (mark > 0 && _tokens[mark - 1].End == markToken.Start && _tokens[mark - 1].Kind == TokenKind.Word)
            {
                ReadOnlySpan<char> word = text.Slice(_tokens[mark - 1].Start, _tokens[mark - 1].Length);
                if (s_titles.Contains(word))
                {
                    return false; // Dr. Smith, vs. them
                }
                if (word.Length == 1 && CharClassifier.IsUpper(word[0]) && CharClassifier.IsUpper(following))
                {
                    return false; // initials: J. Smith
                }
                if (s_beforeNumber.Contains(word) && nextToken.Kind == TokenKind.Number)
                {
                    return false; // no. 5, p. 12
                }
            }
        }
        return true;
    }

    private static readonly SearchValues<char> s_lineBreaks = SearchValues.Create("\n\r\u0085\u2028\u2029");

    private static bool IsNeverFinal(ReadOnlySpan<char> word) => s_neverFinal.Contains(word);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_titles = FrozenSet
        .ToFrozenSet(["Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "St", "vs", "cf", "approx", "fig", "figs", "vol", "al", "Rev", "Jr", "Sr", "Hon", "Capt", "Gen", "Col", "Lt", "Sgt", "ca", "Ed", "eds", "ch", "Dept", "est"], StringComparer.OrdinalIgnoreCase)
        .GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_beforeNumber = FrozenSet
        .ToFrozenSet(["no", "nos", "p", "pp", "para", "paras", "sec", "art", "op"], StringComparer.OrdinalIgnoreCase)
        .GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_neverFinal = FrozenSet
        .ToFrozenSet(["e.g.", "i.e.", "c.f.", "n.b.", "v.s."], StringComparer.OrdinalIgnoreCase)
        .GetAlternateLookup<ReadOnlySpan<char>>();
}
