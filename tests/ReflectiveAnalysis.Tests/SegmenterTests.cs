using FsCheck.Xunit;
using ReflectiveAnalysis.Text;

namespace ReflectiveAnalysis.Tests;

public sealed class SegmenterTests
{
    private static string[] Sentences(string text)
    {
        SegmentedText segmented = TextSegmenter.Segment(text);
        return [.. segmented.Sentences.Select(segmented.GetText)];
    }

    public static TheoryData<string, string[]> HardCases => new()
    {
        { "I ran it. It went well.", ["I ran it.", "It went well."] },
        { "We used tools, e.g. Padlet and Kahoot. Pupils liked them.", ["We used tools, e.g. Padlet and Kahoot.", "Pupils liked them."] },
        { "That is, i.e. the catalogue. Then we met.", ["That is, i.e. the catalogue.", "Then we met."] },
        { "I bought pens, paper etc. and glue. Then I left.", ["I bought pens, paper etc. and glue.", "Then I left."] },
        { "I met Dr. Smith and Mr Jones. They agreed.", ["I met Dr. Smith and Mr Jones.", "They agreed."] },
        { "It was us vs. them. Nobody won.", ["It was us vs. them.", "Nobody won."] },
        { "J. K. Rowling visited. Children queued.", ["J. K. Rowling visited.", "Children queued."] },
        { "Loans rose by 3.5 per cent. Visits fell.", ["Loans rose by 3.5 per cent.", "Visits fell."] },
        { "I hesitated... Then I spoke.", ["I hesitated...", "Then I spoke."] },
        { "I paused... and then I spoke.", ["I paused... and then I spoke."] },
        { "She said \"Well done.\" I smiled.", ["She said \"Well done.\"", "I smiled."] },
        { "(It was late.) We closed.", ["(It was late.)", "We closed."] },
        { "Why did it fail? Was it me! No.", ["Why did it fail?", "Was it me!", "No."] },
        { "See page no. 5 for details. Then stop.", ["See page no. 5 for details.", "Then stop."] },
        { "It has no final stop", ["It has no final stop"] },
        { "I moved to the U.K. Then I trained.", ["I moved to the U.K.", "Then I trained."] },
        { "Key tasks:\n- Ran induction\n- Updated the catalogue\n1. First item\n2) Second item", ["Key tasks:", "- Ran induction", "- Updated the catalogue", "1. First item", "2) Second item"] },
        { "Personal performance\nI led the project. It worked.", ["Personal performance", "I led the project.", "It worked."] },
        { "# Criterion 2\n\nOur library serves 40,000 people.", ["# Criterion 2", "Our library serves 40,000 people."] },
        { "This line wraps\nonto the next line. Then a new sentence.", ["This line wraps\nonto the next line.", "Then a new sentence."] },
        { "First.\r\n\r\nSecond.\rThird.", ["First.", "Second.", "Third."] },
    };

    [Theory]
    [MemberData(nameof(HardCases))]
    public void Segment_HardCase_SplitsSentencesAsAWriterMeantThem(string text, string[] expected)
    {
        Assert.Equal(expected, Sentences(text));
    }

    [Theory]
    [InlineData("One.\n\nTwo.", 2)]
    [InlineData("One.\r\n\r\nTwo.\r\n\r\n\r\nThree.", 3)]
    [InlineData("One.\r\rTwo.", 2)]
    [InlineData("One.\nStill one.", 1)]
    [InlineData("Intro text here.\n- a bullet\n- another\nAfter the list.", 3)]
    [InlineData("Heading\nBody text follows.\n\nMore body.", 3)]
    public void Segment_Paragraphs_FollowBlankLinesListsAndHeadings(string text, int paragraphs)
    {
        Assert.Equal(paragraphs, TextSegmenter.Segment(text).Paragraphs.Length);
    }

    [Fact]
    public void Segment_Heading_IsMarkedAsHeading()
    {
        SegmentedText segmented = TextSegmenter.Segment("Wider professional context\n\nI joined a network.");
        Assert.Equal(BlockKind.Heading, segmented.Paragraphs[0].Kind);
        Assert.Equal(BlockKind.Prose, segmented.Paragraphs[1].Kind);
    }

    [Theory]
    [InlineData("Criterion 2 (Organisational context)")]
    [InlineData("Personal performance (continued)")]
    [InlineData("Wider profession (2)")]
    public void Segment_HeadingEndingInABracketOrQuote_IsAHeading(string heading)
    {
        SegmentedText segmented = TextSegmenter.Segment(heading + "\nI joined a regional network of school librarians.");
        Assert.Equal(2, segmented.Paragraphs.Length);
        Assert.Equal(BlockKind.Heading, segmented.Paragraphs[0].Kind);
        Assert.Equal(heading.Length, segmented.Paragraphs[0].Length);
    }

    [Theory]
    [InlineData("She said it was \"fine.\"")]
    [InlineData("I ran the sessions (twice a week.)")]
    public void Segment_LineEndingInPunctuationInsideABracketOrQuote_IsNotAHeading(string line)
    {
        SegmentedText segmented = TextSegmenter.Segment(line + "\nI joined a regional network of school librarians.");
        Assert.DoesNotContain(segmented.Paragraphs.ToArray(), p => p.Kind == BlockKind.Heading);
    }

    [Fact]
    public void Segment_ShortLineFollowedByLowerCase_IsNotAHeading()
    {
        SegmentedText segmented = TextSegmenter.Segment("I worked in the\nlibrary for years.");
        Assert.Single(segmented.Paragraphs);
        Assert.Equal(BlockKind.Prose, segmented.Paragraphs[0].Kind);
    }

    [Property(Arbitrary = [typeof(TextGenerators)], MaxTest = 300)]
    public bool Segment_AnyText_SentencesAndParagraphsPartitionTheNonWhiteSpace(AnyText any)
    {
        string text = any.Value;
        SegmentedText segmented = TextSegmenter.Segment(text);
        var owner = new int[text.Length];
        Array.Fill(owner, -1);
        int previousEnd = 0;
        for (int s = 0; s < segmented.Sentences.Length; s++)
        {
            SentenceSegment sentence = segmented.Sentences[s];
            if (sentence.Length <= 0 || sentence.Start < previousEnd || sentence.End > text.Length || sentence.TokenCount <= 0)
            {
                return false;
            }
            // Trimmed: no sentence starts or ends with white space; offsets round-trip to the original text.
            if (char.IsWhiteSpace(text[sentence.Start]) || char.IsWhiteSpace(text[sentence.End - 1]) || segmented.GetText(sentence) != text[sentence.Start..sentence.End])
            {
                return false;
            }
            ParagraphSegment paragraph = segmented.Paragraphs[sentence.Paragraph];
            if (sentence.Start < paragraph.Start || sentence.End > paragraph.End || s < paragraph.FirstSentence || s >= paragraph.FirstSentence + paragraph.SentenceCount)
            {
                return false;
            }
            for (int i = sentence.Start; i < sentence.End; i++)
            {
                owner[i] = s;
            }
            previousEnd = sentence.End;
        }
        for (int i = 0; i < text.Length; i++)
        {
            if (owner[i] < 0 && !char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }
        int expectedFirst = 0;
        foreach (ParagraphSegment paragraph in segmented.Paragraphs)
        {
            if (paragraph.FirstSentence != expectedFirst || paragraph.SentenceCount < 1)
            {
                return false;
            }
            expectedFirst += paragraph.SentenceCount;
        }
        return expectedFirst == segmented.Sentences.Length;
    }

    [Property(Arbitrary = [typeof(TextGenerators)], MaxTest = 100)]
    public bool Load_ReusedLayout_GivesTheSameResultAsAFreshOne(AnyText first, AnyText second)
    {
        var reused = new TextLayout(4);
        reused.Load(first.Value);
        reused.Load(second.Value);
        SegmentedText fresh = TextSegmenter.Segment(second.Value);
        return reused.Tokens.SequenceEqual(fresh.Tokens.AsSpan())
            && reused.Sentences.SequenceEqual(fresh.Sentences.AsSpan())
            && reused.Paragraphs.SequenceEqual(fresh.Paragraphs.AsSpan());
    }
}
